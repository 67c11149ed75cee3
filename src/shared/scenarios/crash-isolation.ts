// crash-isolation: a master feeding small tasks to W workers, as processes or
// as threads in one host process; the user crashes one and watches who survives.
import type { Msg } from '../msg'
import type { ExitReason } from '../model'

export const CRASHES = ['exception', 'abort', 'segfault', 'sigkill', 'oom'] as const
export type Crash = (typeof CRASHES)[number]
export type CrashMode = 'processes' | 'threads'
export type CrashLanguage = 'python' | 'node'

/** How a worker (or its host) ended, as the OS told its parent. */
export interface ExitSeen {
  readonly reason: ExitReason
  readonly code: number | null
  readonly signal: string | null
  /** A thread's uncaught error (an identifier such as RuntimeError or ERR_WORKER_OUT_OF_MEMORY), when a thread ended. */
  readonly error?: string
}

/** A task a worker finished: by which slot, in which process, when. */
export interface Completion {
  readonly at: number
  readonly slot: number
  readonly pid?: number
}

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
  readonly msg: Msg
}

export interface CrashLive {
  readonly mode: CrashMode
  readonly language: CrashLanguage
  /** The process holding every worker thread (Node's thread host, or Python's master process). */
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
  readonly exit: ExitSeen
  /** A thread ended, its process lived on. */
  readonly threadOnly?: boolean
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
  readonly language: CrashLanguage
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

/** Python mode: what the Python master (src/python/crash_isolation.py) reports as it goes, one JSON line each. */
export type FromCrashPython =
  | { readonly type: 'spawned'; readonly slot: number; readonly pid: number }
  | { readonly type: 'ready'; readonly slot: number; readonly pid: number; readonly tid: number }
  | {
      readonly type: 'task'
      readonly slot: number
      readonly task: number
      readonly retry: boolean
      readonly queued: number
    }
  | { readonly type: 'done'; readonly slot: number; readonly task: number; readonly queued: number }
  | {
      readonly type: 'died'
      readonly slot: number
      readonly pid: number
      readonly tid: number | null
      /** multiprocessing's exitcode: negative for a signal (-11 is SIGSEGV); null for a thread. */
      readonly code: number | null
      readonly signal: string | null
      /** The exception that ended it (a thread's, or a process's last words). */
      readonly error: string | null
      readonly task: number | null
    }
  | { readonly type: 'restarting'; readonly slot: number; readonly delayMs: number }

/** Core → Python master: the "Crash a worker" action. */
export interface ToCrashPython {
  readonly type: 'crash'
  readonly how: Crash
  readonly worker: number
}

/** The Python master's result, when it got to the end. */
export interface CrashPythonResult {
  readonly completed: number
  readonly lost: number
  readonly retried: number
  readonly restarts: number
  readonly unfinished: number
}
