import type { ExitReason } from './model'
import { coreMsg } from './i18n/core'
import type { Msg } from './msg'

/** How a process ended, in the words the core and the dashboard both use. */
export function describeExit(reason: ExitReason, code: number | null, signal: string | null): string {
  switch (reason) {
    case 'clean-exit':
      return 'exited cleanly (code 0)'
    case 'error-exit':
      return code === null ? 'exited (no exit code reported)' : `exited with code ${code}`
    case 'killed':
      // Windows' TerminateProcess (and a kill the OS did not name) has no signal: never "killed by null".
      return signal ? `killed by ${signal}` : 'killed'
    case 'crashed':
      return signal ? `crashed (${signal})` : `crashed (${crashCodeName(code)})`
    case 'out-of-memory':
      return 'ran out of memory'
    case 'failed-to-launch':
      return 'failed to launch'
  }
}

/** NTSTATUS codes a Windows process ends with when it crashes, by what they mean. */
export const WINDOWS_CRASH_NAMES: ReadonlyMap<number, string> = new Map([
  [0xc0000005, 'access violation'],
  [0xc0000409, 'stack buffer overrun / fail-fast'],
  [0xc00000fd, 'stack overflow'],
  [0xc000001d, 'illegal instruction'],
  [0xc0000094, 'integer division by zero'],
  [0xc0000374, 'heap corruption'],
  [0x80000003, 'breakpoint'],
])

export const WINDOWS_CRASH_CODES: ReadonlySet<number> = new Set(WINDOWS_CRASH_NAMES.keys())

/** "code 139", or "access violation, 0xC0000005" for a Windows crash code. */
function crashCodeName(code: number | null): string {
  if (code === null) return 'no code'
  const name = WINDOWS_CRASH_NAMES.get(code >>> 0)
  return name ? `${name}, 0x${(code >>> 0).toString(16).toUpperCase()}` : `code ${code}`
}

/** How a process ended, as a message the dashboard renders in the user's language (describeExit's words). */
export function exitMsg(reason: ExitReason, code: number | null, signal: string | null): Msg {
  switch (reason) {
    case 'clean-exit':
      return coreMsg('exit.clean')
    case 'error-exit':
      return code === null ? coreMsg('exit.codeUnknown') : coreMsg('exit.code', { code: String(code) })
    case 'killed':
      return signal ? coreMsg('exit.killed', { signal }) : coreMsg('exit.killedNoSignal')
    case 'crashed': {
      if (signal) return coreMsg('exit.crashedSignal', { signal })
      if (code === null) return coreMsg('exit.crashedNoCode')
      const name = WINDOWS_CRASH_NAMES.get(code >>> 0)
      return name
        ? coreMsg('exit.crashedNamed', { name, hex: `0x${(code >>> 0).toString(16).toUpperCase()}` })
        : coreMsg('exit.crashedCode', { code })
    }
    case 'out-of-memory':
      return coreMsg('exit.outOfMemory')
    case 'failed-to-launch':
      return coreMsg('exit.failedToLaunch')
  }
}
