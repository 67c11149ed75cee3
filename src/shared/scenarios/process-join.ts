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
  /** Python: start() to the child's first statement (ms, monotonic clock), null if it never reported. */
  readonly startMs?: number | null
  /** Python: the module name the target saw in the child (`__main__` under fork, `__mp_main__` when the file was imported again). */
  readonly moduleName?: string | null
  /** Python: the pid that ran the program's top level, as the child's copy of the module says. */
  readonly topLevelPid?: number | null
  /** Python: os.getppid() in the child. */
  readonly reportedPpid?: number | null
  /** Python under forkserver: the server process that forked the child. */
  readonly forkServerPid?: number | null
}

export type StartMethod = 'fork' | 'spawn' | 'forkserver'

/** Start() to a trivial child's first statement, a few times under one method. */
export interface StartCost {
  readonly firstMs: number
  readonly medianMs: number
  readonly runs: number
}

/** A lambda as the target under the run's method: it ran (fork), or start() raised (pickling; the error as Python put it). */
export type LambdaTarget = { readonly exitCode: number | null } | { readonly error: string }

export interface ProcessJoinResult {
  readonly language: 'python' | 'node'
  readonly parentPid: number
  /** What run_proc returned. */
  readonly returned: number
  /** The tutorial's child: run_proc returns. */
  readonly child: JoinedChild
  /** Python: the same function ending with sys.exit(returned). */
  readonly sysExit?: JoinedChild
  /** Python: the start method the run used, this Python's default and every method it has. */
  readonly startMethod?: StartMethod
  readonly defaultMethod?: StartMethod
  readonly availableMethods?: readonly StartMethod[]
  /** Python: the start cost under every method this system has. */
  readonly startCosts?: Partial<Record<StartMethod, StartCost>>
  readonly lambdaTarget?: LambdaTarget
  /** Python: p.exitcode of a child whose target raised, and of one ended by terminate(); SIGTERM's number here. */
  readonly exitCodes?: { readonly raised: number | null; readonly terminated: number | null; readonly sigterm: number }
  /** Python: the same kind of program without the __main__ guard, run under the run's method in a fresh interpreter. */
  readonly withoutGuard?: WithoutGuard
}

/** The unguarded program's child: its exit code, and the error it raised (type and first sentence, as Python put it). */
export interface WithoutGuard {
  readonly exitCode: number | null
  readonly error: string | null
}
