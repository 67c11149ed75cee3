// cpu-vs-io: a concurrency sweep of CPU-bound and I/O-bound tasks.
import type { MachineWindow } from '../machine-window'

export interface SweepPoint {
  readonly concurrency: number
  /** Tasks finished per second. */
  readonly perSecond: number
  /** CPU of the tasks' process(es) over the level, % of one core. */
  readonly cpu: number
  /** The whole machine over the level, beside the tasks' own CPU; null where not measured. */
  readonly machine?: MachineWindow | null
}

/** The same loop (xorshift steps) timed on one thread in each language, steps per second, in this run. */
export interface LoopRates {
  readonly python: number
  readonly node: number
}

export interface SweepResult {
  /** Python threads (under the GIL) or Node.js worker threads do the CPU-bound tasks. */
  readonly language: 'python' | 'node'
  readonly cores: number
  readonly levelMs: number
  readonly ioDelayMs: number
  readonly cpu: readonly SweepPoint[]
  readonly io: readonly SweepPoint[]
  /** Python: the CPU-bound tasks again as processes, at 1, cores and 2 × cores (the tutorial's rule); empty in Node.js. */
  readonly processes: readonly SweepPoint[]
  /** Python: how fast each language ran the same loop here; null in Node.js or when not measured. */
  readonly loopRates: LoopRates | null
}

/** Published in the live state as the sweep goes. */
export interface SweepProgress {
  readonly cpuPoints: readonly SweepPoint[]
  readonly ioPoints: readonly SweepPoint[]
  readonly processPoints: readonly SweepPoint[]
}
