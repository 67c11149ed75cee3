// pool: Pool(N), apply_async() for each task, close(), join().
// Python mode: src/python/pool_demo.py (multiprocessing.Pool); Node mode: pool-parent/-worker.

/** One task's run on a worker, for the timeline. */
export interface PoolTimelineEntry {
  readonly task: number
  readonly pid: number
  readonly worker: number
  readonly start: number
  readonly end?: number
}

export type PoolWorkerState = 'starting' | 'idle' | 'busy' | 'stopping' | 'exited'

export interface PoolWorkerView {
  readonly index: number
  readonly pid: number
  readonly state: PoolWorkerState
  readonly task?: number
}

/** When close() and join() happened (epoch ms), and the error a submission after close() raised (as the program printed it). */
export interface PoolMarks {
  readonly startedAt: number
  readonly closedAt?: number
  readonly joinedAt?: number
  readonly refused?: string
}

export interface PoolLive extends PoolMarks {
  readonly workers: readonly PoolWorkerView[]
  readonly queued: readonly number[]
  readonly timeline: readonly PoolTimelineEntry[]
}

/** A worker that was up and could take a task (Python: its initializer ran; Node: it said ready), epoch ms. */
export interface PoolWorkerReady {
  readonly pid: number
  readonly at: number
}

/**
 * Python: what the tutorial's rules do, as multiprocessing answered on
 * one-worker pools; each error as Python put it ("ValueError: ..."), null when
 * the call raised nothing.
 */
export interface PoolRules {
  readonly joinBeforeClose: string | null
  readonly queueArgument: string | null
  readonly managerQueue: string | null
  /** What the parent read from the Manager's queue after the worker put a value on it. */
  readonly managerGot?: string
  readonly lambdaTask: string | null
}

export interface PoolResult extends PoolMarks {
  readonly language: 'python' | 'node'
  readonly closedAt: number
  readonly joinedAt: number
  readonly timeline: readonly PoolTimelineEntry[]
  readonly workers: readonly PoolWorkerView[]
  /** When Pool() was called, and when each worker was up (epoch ms). */
  readonly createdAt?: number
  readonly ready?: readonly PoolWorkerReady[]
  /** Python: the start method used and this Python's default; the fork server under forkserver. */
  readonly startMethod?: string
  readonly defaultMethod?: string
  readonly forkServerPid?: number | null
  readonly rules?: PoolRules
}

/** Parent → worker. */
export type ToPoolWorker =
  { readonly type: 'task'; readonly task: number; readonly maxMs: number } | { readonly type: 'stop' }
/** Worker → parent. */
export type FromPoolWorker =
  { readonly type: 'ready' } | { readonly type: 'started' | 'done'; readonly task: number; readonly at: number }

/** RunOutcome.data: the timeline and its marks. */
export interface PoolData {
  readonly timeline: readonly PoolTimelineEntry[]
  readonly startedAt: number
  readonly closedAt: number
  readonly joinedAt: number
}
