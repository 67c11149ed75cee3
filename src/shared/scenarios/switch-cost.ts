// switch-cost: the same work over 1..N threads or processes.
export interface SwitchPoint {
  readonly count: number
  /** From "go" to the last one finishing. */
  readonly ms: number
  /** Time to create them and have them ready. */
  readonly startMs: number
  /** Million steps per second over the whole work. */
  readonly throughput: number
  /** Context switches of the working threads (Linux counts them per thread); null where the OS does not say. */
  readonly voluntary: number | null
  readonly involuntary: number | null
}

export interface SwitchResult {
  readonly kind: 'threads' | 'processes'
  readonly totalSteps: number
  readonly cores: number
  readonly points: readonly SwitchPoint[]
}

/** Published in the live state after each count. */
export interface SwitchProgress {
  readonly points: readonly SwitchPoint[]
}
