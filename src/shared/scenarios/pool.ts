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

export interface PoolResult extends PoolMarks {
  readonly language: 'python' | 'node'
  readonly closedAt: number
  readonly joinedAt: number
  readonly timeline: readonly PoolTimelineEntry[]
  readonly workers: readonly PoolWorkerView[]
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
