// The protocol between the core (src/core/bridge/thread-kit.ts) and a thread
// scenario's host process (src/child/thread-host.child.ts): the start and stop
// orders one way; the thread table, live data, child processes, log lines and
// the driver's result the other way. The host also speaks the child protocol
// (child-protocol.ts) for nothing else: these are its only messages.

import type { ThreadLive } from './thread-lab'
import type { Msg } from './msg'

/** What a scenario's driver adds to the run's live state (the core adds the threads). */
export type ThreadLiveExtra = Omit<Partial<ThreadLive>, 'threads' | 'hostPid'>

/** What a lab thread says it is doing. The thread table stores the index into this list. */
export const THREAD_STATES = [
  'new',
  'running',
  'sleeping',
  'waiting',
  'joining',
  'blocked-io',
  'done',
  'terminated',
] as const
export type LabThreadState = (typeof THREAD_STATES)[number]

/** A line printed by a lab thread, with the thread that printed it. */
export interface PrintedLine {
  readonly thread: string
  readonly text: string
  readonly at: number
}

export type ToHost =
  | {
      readonly type: 'start'
      readonly driver: string
      readonly options: Record<string, unknown>
      /** From source only: the driver's entry bundled to JavaScript (see src/child/entries.ts). */
      readonly bundles?: Readonly<Record<string, string>>
    }
  /** A user's action; the host answers `action-done` with the same id once it has been carried out (or refused). */
  | {
      readonly type: 'action'
      readonly action: string
      readonly options: Record<string, unknown>
      readonly id?: number
    }
  | { readonly type: 'stop' }

export interface HostThread {
  readonly slot: number
  readonly name: string
  readonly pid: number
  readonly tid: number
  readonly state: LabThreadState
  /** Lock index ('waiting') or thread slot ('joining'), else -1. */
  readonly arg: number
  readonly progress: number
  readonly since: number
}

export interface HostLock {
  readonly index: number
  readonly name: string
  /** Slot of the owning thread, -1 when free. */
  readonly owner: number
}

export type FromHost =
  | {
      readonly type: 'table'
      readonly at: number
      readonly threads: readonly HostThread[]
      readonly locks: readonly HostLock[]
    }
  | { readonly type: 'live'; readonly live: ThreadLiveExtra }
  | {
      readonly type: 'child'
      readonly pid: number
      readonly role: string
      /** Its parent and program, when known: the core then announces it at once (a spawn event). */
      readonly ppid?: number
      readonly name?: string
    }
  | { readonly type: 'child-exit'; readonly pid: number; readonly code: number | null; readonly signal: string | null }
  /** A line a child of the host (or one of its own children) printed, under that process's pid. */
  | { readonly type: 'child-output'; readonly pid: number; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  /**
   * Stop one of the host's own children and its whole tree, the way the Lab's Stop does
   * (platform.stopTree: on Windows the tree from the process table, at once; elsewhere SIGTERM,
   * SIGKILL after graceMs). A python.exe ended alone would leave its worker processes running.
   */
  | { readonly type: 'stop'; readonly pid: number; readonly graceMs: number }
  | { readonly type: 'log'; readonly text: Msg | string; readonly level: 'info' | 'warn' | 'error' }
  /**
   * The answer to an action with an id: sent after the live state it changed
   * (so the caller sees the step taken when its promise resolves); `error`
   * when the driver refused it (a blocked thread, an unknown one).
   */
  | { readonly type: 'action-done'; readonly id: number; readonly error?: Msg | string }
  | { readonly type: 'result'; readonly result: unknown }
  | { readonly type: 'error'; readonly message: string }
