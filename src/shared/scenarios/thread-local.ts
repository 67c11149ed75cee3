// thread-local: per-thread values, and what a shared variable does instead.
export interface LocalRow {
  /** The thread (or task) that bound and read the value. */
  readonly who: string
  readonly bound: string
  /** What process_student() read back. */
  readonly seen: string
}

/**
 * Python: `thread-local` (threading.local()), `shared-global` (a plain
 * global) and `thread-dict` (a global dict keyed by the thread). Node.js: `worker-global` (a module global inside each worker thread),
 * `shared-memory` (one slot of shared memory), and on one thread's event loop
 * `async-local-storage` and `task-global` (a plain global shared by the tasks).
 */
export type LocalVariantId =
  | 'thread-local'
  | 'shared-global'
  | 'thread-dict'
  | 'worker-global'
  | 'shared-memory'
  | 'async-local-storage'
  | 'task-global'

export interface LocalVariant {
  readonly id: LocalVariantId
  readonly rows: readonly LocalRow[]
}

export interface LocalResult {
  readonly language: 'python' | 'node'
  readonly variants: readonly LocalVariant[]
}
