// fork: one file run twice, as the parent and as the child it forks.
import type { ExitStatus } from '../child-protocol'

/** The child's first message: who it is and what it found. */
export interface ForkHello {
  readonly type: 'hello'
  readonly pid: number
  readonly ppid: number
  readonly marker: string
}

export interface ForkResult {
  readonly parentPid: number
  readonly parentMarker: string
  readonly childPid: number
  /** The child's hello, with how long after fork() it arrived. */
  readonly hello?: Omit<ForkHello, 'type'> & { readonly afterMs: number }
  readonly childExit: ExitStatus
}
