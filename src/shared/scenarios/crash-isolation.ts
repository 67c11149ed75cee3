// crash-isolation: a master feeding small tasks to W workers, as processes or
// as threads in one host process; the user crashes one and watches who survives.

export const CRASHES = ['exception', 'abort', 'segfault', 'sigkill', 'oom'] as const
export type Crash = (typeof CRASHES)[number]
export type CrashMode = 'processes' | 'threads'

export type CrashSlotState = 'starting' | 'idle' | 'busy' | 'restarting' | 'dead'

/** One worker as the view draws it. */
export interface CrashSlotView {
  readonly index: number
  readonly pid?: number
  readonly threadId?: number
  readonly state: CrashSlotState
  readonly task?: number
  readonly completed: number
}

export interface CrashEvent {
  readonly at: number
  readonly text: string
}

export interface CrashLive {
  readonly mode: CrashMode
  readonly hostPid?: number
  readonly slots: readonly CrashSlotView[]
  readonly completed: number
  readonly lost: number
  readonly retried: number
  readonly restarts: number
  readonly queued: number
  readonly crashes: readonly { readonly n: number; readonly how: Crash; readonly worker: number; readonly at: number }[]
  readonly events: readonly CrashEvent[]
}

/** A worker's death, as the master recorded it. */
export interface Death {
  readonly at: number
  readonly slot: number
  readonly pid?: number
  readonly threadId?: number
  readonly what: string
  readonly lostTask?: number
  /** The whole host process died (thread mode). */
  readonly host: boolean
  /** What took the slot over once it was ready again. */
  readonly replacedBy?: { readonly pid?: number; readonly threadId?: number; readonly afterMs: number }
}

/** A crash the user ordered, and the deaths it caused. */
export interface CrashRecord {
  readonly n: number
  readonly how: Crash
  readonly worker: number
  readonly at: number
  readonly pid?: number
  readonly threadId?: number
  /** The death of the worker it was aimed at. */
  readonly victim?: Death
  /** Other workers that died with it. */
  readonly collateral: readonly Death[]
}

export interface CrashData {
  readonly crashes: readonly CrashRecord[]
  readonly deaths: readonly Death[]
  readonly events: readonly CrashEvent[]
}

/** Master → worker (a process, or a thread through its host). */
export type ToCrashWorker =
  { readonly type: 'task'; readonly id: number; readonly ms: number } | { readonly type: 'crash'; readonly how: Crash }
/** Worker → master. */
export type FromCrashWorker =
  | { readonly type: 'ready'; readonly pid: number; readonly threadId: number }
  | { readonly type: 'done'; readonly id: number; readonly x: number }

/** Master → thread host: an order for the thread in a slot, or a new thread for a slot. */
export type ToCrashHost =
  (ToCrashWorker & { readonly slot: number }) | { readonly type: 'respawn'; readonly slot: number }
/** Thread host → master: what a thread said, that it ended (the host lives on), or that every thread is ready. */
export type FromCrashHost =
  | (FromCrashWorker & { readonly slot: number })
  | { readonly type: 'host-ready' }
  | { readonly type: 'thread-exit'; readonly slot: number; readonly code: number; readonly error?: string }

/** The thread host's options (its first argument). */
export interface CrashHostOptions {
  readonly workers: number
  readonly threadHeapMb: number
}
