// deadlock: two threads take two locks in opposite order, in Node.js or in Python.
export type DeadlockVariant = 'opposite-order' | 'ordered' | 'timeout'

export interface DeadlockResult {
  readonly language: 'python' | 'node'
  readonly variant: DeadlockVariant
  /**
   * completed: both threads finished; stopped: the user stopped the run; timeout: the run ended
   * them after timeoutS; killed: the user ended the deadlocked process (the only way out in Python).
   */
  readonly endedBy: 'completed' | 'stopped' | 'timeout' | 'killed'
  /** The thread the user terminated to break the cycle, and the locks that freed (Node.js only). */
  readonly broken: { readonly thread: string; readonly at: number; readonly freed: readonly string[] } | null
  readonly threads: readonly { readonly name: string; readonly state: string }[]
  /** timeout variant: how many times a thread gave up its second lock, released its first and tried again. */
  readonly retries: number
}
