import type { ExitReason } from '../../shared/model'
import { WINDOWS_CRASH_CODES } from '../../shared/exit'

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
  // Windows reports a crash as its NTSTATUS exception code (as unsigned, or signed by some runtimes).
  if (code !== null && WINDOWS_CRASH_CODES.has(code >>> 0)) return 'crashed'
  if (code === 0) return 'clean-exit'
  return 'error-exit'
}

/**
 * Windows has no signals: a process ProcLab ended with TerminateProcess
 * reports only an exit code (1 from libuv), no signal. When ProcLab itself
 * sent the signal and that code came back, the process was killed by it.
 */
export function attributeKill(
  code: number | null,
  signal: string | null,
  sent: string | undefined,
  terminateExitCode: number | undefined,
): { code: number | null; signal: string | null } {
  if (signal || !sent || terminateExitCode === undefined || code !== terminateExitCode) return { code, signal }
  return { code, signal: sent }
}
