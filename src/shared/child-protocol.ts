// The one protocol between the core and every process a scenario starts.
// A scenario's parent process reports the processes it forks (only a parent
// can wait for its child), their output and their exits; it publishes its live
// state for the view and, last, its result. src/child/child-kit.ts speaks it;
// src/core/bridge/host-bridge.ts listens. Thread scenarios add their own
// messages on the same channel (thread-protocol.ts).

/** How a process ended, as its parent saw it. */
export interface ExitStatus {
  readonly pid: number
  readonly code: number | null
  readonly signal: string | null
}

/** A grandchild's life, reported by the parent that forked it. */
export type LabReport =
  | {
      readonly lab: 'adopt'
      readonly pid: number
      readonly ppid: number
      readonly role: string
      readonly name: string
      readonly startedAt: number
    }
  | { readonly lab: 'output'; readonly pid: number; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly lab: 'exit'; readonly pid: number; readonly code: number | null; readonly signal: string | null }

export function isLabReport(m: unknown): m is LabReport {
  return typeof m === 'object' && m !== null && typeof (m as { lab?: unknown }).lab === 'string'
}

/** What a scenario's parent process tells the core about the run itself. */
export type ParentMessage<Live, Result> =
  { readonly type: 'live'; readonly live: Live } | { readonly type: 'result'; readonly result: Result }

export function isParentMessage(m: unknown): m is ParentMessage<unknown, unknown> {
  if (typeof m !== 'object' || m === null) return false
  const t = (m as { type?: unknown }).type
  return (t === 'live' && 'live' in m) || (t === 'result' && 'result' in m)
}

/** The run's options, as a scenario's parent process receives them (its first argument, JSON). */
export const OPTIONS_ARG = 2

/** The mutable form of a shared record, for the child that builds it up before sending. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] }
