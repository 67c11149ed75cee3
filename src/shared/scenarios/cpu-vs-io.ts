// cpu-vs-io: a concurrency sweep of CPU-bound and I/O-bound tasks.
export interface SweepPoint {
  readonly concurrency: number
  /** Tasks finished per second. */
  readonly perSecond: number
  /** CPU of the host over the level, % of one core. */
  readonly cpu: number
}

export interface SweepResult {
  /** Python threads (under the GIL) or Node.js worker threads do the CPU-bound tasks. */
  readonly language: 'python' | 'node'
  readonly cores: number
  readonly levelMs: number
  readonly ioDelayMs: number
  readonly cpu: readonly SweepPoint[]
  readonly io: readonly SweepPoint[]
}

/** Published in the live state as the sweep goes. */
export interface SweepProgress {
  readonly cpuPoints: readonly SweepPoint[]
  readonly ioPoints: readonly SweepPoint[]
}
