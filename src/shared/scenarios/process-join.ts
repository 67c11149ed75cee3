// process-join: Process(target=run_proc, args=(...)), start(), join().
// Python mode: src/python/process_join.py; Node mode: process-join-parent/-child.

/** What the parent sends the child: the function to run (by name) and its arguments. */
export interface RunProcCall {
  readonly target: 'runProc'
  readonly args: readonly [name: string, workMs: number, exitCode: number]
}

/** The child's last word before it ends: when (epoch ms). */
export interface RunProcEnding {
  readonly type: 'ending'
  readonly at: number
}

/** One child started and joined, as the parent saw it (times in epoch ms). */
export interface JoinedChild {
  readonly pid: number
  /** When start() was called. */
  readonly startedAt: number
  /** The child's last moment, as the child reported it (null if it never did). */
  readonly childEndedAt: number | null
  /** When join() returned. */
  readonly joinedAt: number
  readonly joinedMs: number
  /** The exit code join() reported (Python: p.exitcode, negative for a signal). */
  readonly exitCode: number | null
}

export interface ProcessJoinResult {
  readonly language: 'python' | 'node'
  readonly parentPid: number
  /** What run_proc returned. */
  readonly returned: number
  /** The tutorial's child: run_proc returns. */
  readonly child: JoinedChild
  /** Python: the same function ending with sys.exit(returned). */
  readonly sysExit?: JoinedChild
}
