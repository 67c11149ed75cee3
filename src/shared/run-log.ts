// A run's record as the core keeps it for pages that connect after the fact
// (getRunRecord): its processes with their roles and ends, its lifecycle and the
// newest of its output, bounded. Plain JSON.
import type { ExitInfo, LabEvent, OutputStream, RunStatus } from './model'
import type { Msg } from './msg'

export interface RunLogProcess {
  readonly pid: number
  readonly ppid: number
  readonly role: string
  readonly name: string
  readonly startedAt: number
  readonly exit?: ExitInfo
}

export interface RunLogLine {
  readonly at: number
  readonly pid: number
  readonly role: string
  readonly stream: OutputStream
  readonly text: string
}

/** A change of the run's status, without its live data or outcome (those travel in listRuns()). */
export interface RunLogStatus {
  readonly type: 'status'
  readonly at: number
  readonly status: RunStatus
  readonly error?: string
  readonly errorMsg?: Msg
}

export interface RunLogData {
  readonly runId: string
  readonly processes: readonly RunLogProcess[]
  /** Lifecycle, oldest first: the run's status changes and its spawn, exit, restart and log events. */
  readonly events: readonly (RunLogStatus | Extract<LabEvent, { type: 'spawn' | 'exit' | 'restart' | 'log' }>)[]
  readonly droppedEvents: number
  /** Output, one line each, oldest first; the oldest past a process's or the run's share are dropped. */
  readonly lines: readonly RunLogLine[]
  readonly droppedLines: number
}
