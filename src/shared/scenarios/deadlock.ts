// deadlock: two threads take two locks in opposite order.
export interface DeadlockResult {
  readonly variant: string
  readonly endedBy: 'completed' | 'stopped' | 'timeout'
  /** The thread the user terminated to break the cycle, and the locks that freed. */
  readonly broken: { readonly thread: string; readonly at: number; readonly freed: readonly string[] } | null
  readonly threads: readonly { readonly name: string; readonly state: string }[]
}
