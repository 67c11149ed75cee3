// process-join: Process(target=run_proc, args=(...)), start(), join().
import type { ExitStatus } from '../child-protocol'

/** What the parent sends the child: the function to run (by name) and its arguments. */
export interface RunProcCall {
  readonly target: 'runProc'
  readonly args: readonly [name: string, workMs: number, exitCode: number]
}

export interface ProcessJoinResult {
  readonly parentPid: number
  readonly childPid: number
  readonly joinedMs: number
  readonly exit: ExitStatus
}
