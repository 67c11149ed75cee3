import type { ExitReason } from '../../shared/model'

const CRASH_SIGNALS = new Set(['SIGABRT', 'SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP', 'SIGSYS'])

/**
 * Why a child ended, from its exit code, signal and the tail of its stderr
 * (V8 reports heap exhaustion there before it aborts).
 */
export function classifyExit(code: number | null, signal: string | null, stderrTail = ''): ExitReason {
  if (/heap out of memory|ERR_WORKER_OUT_OF_MEMORY|Allocation failed/i.test(stderrTail)) return 'out-of-memory'
  if (signal) return CRASH_SIGNALS.has(signal) ? 'crashed' : 'killed'
  // A shell or node reporting 128+N for a fatal signal N (134 = SIGABRT, 139 = SIGSEGV).
  if (code === 134 || code === 139 || code === 135 || code === 132 || code === 136) return 'crashed'
  if (code === 0) return 'clean-exit'
  return 'error-exit'
}
