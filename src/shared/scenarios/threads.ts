// threads: the seed's LoopThread, started and joined.
import type { PrintedLine } from '../thread-protocol'

export interface LoopResult {
  readonly lines: readonly PrintedLine[]
  readonly joinedAt: number
  readonly loopEndedAt: number
  readonly mainTid: number
  readonly loopTid: number
  readonly exitCode: number
}
