// queue-pair: a writer puts, a reader gets, through a queue; the parent joins
// the writer and terminates the reader.
import type { ExitStatus } from '../child-protocol'

/** A put or a get, as the process that made it reported it (its own pid, its own clock: epoch ms). */
export interface QueueOp {
  readonly op: 'put' | 'get'
  readonly value: string
  readonly pid: number
  readonly at: number
}

/** A child as the parent sees it: running, ended by itself (exit code), or terminated (by a signal). */
export interface QueueEnd {
  readonly pid: number
  readonly state: 'running' | 'exited' | 'terminated'
  readonly code?: number | null
  readonly signal?: string | null
}

export interface QueueLive {
  /** Values put and not yet got, oldest first. */
  readonly queue: readonly string[]
  readonly ops: readonly QueueOp[]
  readonly writer: QueueEnd
  readonly reader: QueueEnd
}

export interface QueueResult {
  readonly language: 'python' | 'node'
  readonly writerPid: number
  readonly readerPid: number
  /**
   * Every put and get, as the writer and the reader reported them: the Node.js
   * parent sends them; in Python each child reports its own on ProcLab's channel
   * (QueueReport), and the core collects them.
   */
  readonly ops?: readonly QueueOp[]
  readonly writerExit: ExitStatus
  readonly readerExit: ExitStatus
  /** When the parent's join() of the writer returned (epoch ms). */
  readonly writerJoinedAt: number
  /** When the parent called terminate() on the reader (epoch ms). */
  readonly terminatedAt: number
  /** Whether the reader was still running when the parent terminated it (is_alive()). */
  readonly readerAliveAtTerminate: boolean
}

/** Writer → parent: a put (Node.js: the queue lives in the parent). */
export interface QueuePut {
  readonly type: 'put'
  readonly value: string
  readonly pid: number
  readonly at: number
}
/** Reader → parent: a blocking get. */
export interface QueueGet {
  readonly type: 'get'
}
/** Reader → parent: the value its get returned, as the reader saw it. */
export interface QueueGot {
  readonly type: 'got'
  readonly value: string
  readonly pid: number
  readonly at: number
}
/** Parent → reader: the value its get returned. */
export interface QueueValue {
  readonly type: 'value'
  readonly value: string
}

/** Python mode: what the program's processes report on the channel besides ProcLab's own messages. */
export type QueueReport =
  | {
      readonly type: 'op'
      readonly op: 'put' | 'get'
      readonly value: string
      readonly pid: number
      readonly at: number
    }
  | { readonly type: 'state'; readonly role: 'writer' | 'reader'; readonly state: QueueEnd }

/** RunOutcome.data: every put and get, in order. */
export interface QueueData {
  readonly ops: readonly QueueOp[]
}
