// queue-pair: a writer puts, a reader gets, through a queue held by the parent.
import type { ExitStatus } from '../child-protocol'

export interface QueueOp {
  readonly op: 'put' | 'get'
  readonly value: string
  readonly pid: number
  readonly at: number
}

export interface QueueEnd {
  readonly pid: number
  readonly state: string
}

export interface QueueLive {
  readonly queue: readonly string[]
  readonly ops: readonly QueueOp[]
  readonly writer: QueueEnd
  readonly reader: QueueEnd
}

export interface QueueResult {
  readonly writerPid: number
  readonly readerPid: number
  readonly ops: readonly QueueOp[]
  readonly left: readonly string[]
  readonly writerExit: ExitStatus
  readonly readerExit: ExitStatus
  readonly terminatedAt: number
}

/** Writer → parent. */
export interface QueuePut {
  readonly type: 'put'
  readonly value: string
}
/** Reader → parent: a blocking get. */
export interface QueueGet {
  readonly type: 'get'
}
/** Parent → reader: the value its get returned. */
export interface QueueValue {
  readonly type: 'value'
  readonly value: string
}

/** RunOutcome.data: every put and get, in order. */
export interface QueueData {
  readonly ops: readonly QueueOp[]
}
