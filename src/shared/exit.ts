import type { ExitReason } from './model'

/** How a process ended, in the words the core and the dashboard both use. */
export function describeExit(reason: ExitReason, code: number | null, signal: string | null): string {
  switch (reason) {
    case 'clean-exit':
      return 'exited cleanly (code 0)'
    case 'error-exit':
      return `exited with code ${code}`
    case 'killed':
      return `killed by ${signal}`
    case 'crashed':
      return signal ? `crashed (${signal})` : `crashed (code ${code})`
    case 'out-of-memory':
      return 'ran out of memory'
    case 'failed-to-launch':
      return 'failed to launch'
  }
}
