// fork: the parent and the child it forks. Python mode: os.fork() (src/python/fork_demo.py);
// Node mode: one file run twice, as the parent and as the child child_process.fork() starts.
import type { ExitStatus } from '../child-protocol'

/** The child's first message: who it is and what it found (at: when its first statement ran, epoch ms). */
export interface ForkHello {
  readonly type: 'hello'
  readonly pid: number
  readonly ppid: number
  readonly marker: string
  readonly at: number
}

export interface ForkResult {
  readonly language: 'python' | 'node'
  /** False where the OS has no fork() (Windows): the Python mode then ran nothing to check. */
  readonly forkAvailable: boolean
  readonly parentPid: number
  /** A random marker the parent drew before it forked. */
  readonly parentMarker: string
  readonly childPid?: number
  /** The child's report, with how long after fork() its first statement ran. */
  readonly hello?: {
    readonly pid: number
    readonly ppid: number
    readonly marker: string
    readonly afterMs: number
    /** Python: what os.fork() returned in the child (0). */
    readonly forkReturned?: number
    /** Python: the child's copy of `value` after it added 1. */
    readonly value?: number
  } | null
  readonly childExit?: ExitStatus
  /** Python: `value` before fork(), and the parent's `value` after the child changed its own. */
  readonly valueBefore?: number
  readonly parentValueAfter?: number
  /** Python: a fresh interpreter (sys.executable) started the other way, for its cost. */
  readonly fresh?: {
    readonly pid: number
    readonly afterMs: number
    readonly marker: string
    readonly code: number | null
  } | null
}
