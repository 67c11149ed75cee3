// lock-race: a shared balance changed by several threads, without and with a lock.

/**
 * The rounds a run can have. Node: `unlocked`, `locked`. Python (CPython as it
 * really behaves): the tutorial's change_it() at the default switch interval
 * (`plain`) and a shortened one (`plain-short`); a call inside the critical
 * section at the default interval (`call`) and a short one (`call-short`);
 * and call-short holding threading.Lock (`locked`).
 */
export type RaceRoundId = 'unlocked' | 'locked' | 'plain' | 'plain-short' | 'call' | 'call-short'

export interface RaceRound {
  readonly id: RaceRoundId
  readonly locked: boolean
  readonly balance: number
  /** The second shared variable, bumped the same unprotected way: the updates that survived. */
  readonly changes: number
  readonly expectedChanges: number
  readonly ms: number
  /**
   * How long every thread was running its loop at the same time (ms): from the
   * last start to the first end. Zero or less: they ran one after another (the
   * cores were busy), and no update could be lost, nor a lock be tested.
   */
  readonly overlapMs?: number
  /** Python: a call inside the critical section. */
  readonly call?: boolean
  /** Python: the switch interval (sys.setswitchinterval) the round ran with, in seconds. */
  readonly switchS?: number
}

export interface RaceResult {
  readonly language?: 'python' | 'node'
  readonly threads: number
  readonly iterations: number
  readonly amounts: readonly number[]
  readonly rounds: readonly RaceRound[]
  /** Python: its version ("3.11.7"), whether the GIL is on, the default and the shortened switch intervals (s). */
  readonly python?: string
  readonly gil?: boolean
  readonly switchS?: number
  readonly shortSwitchS?: number
}

/** Published in the live state after each round. */
export interface RaceProgress {
  readonly rounds: readonly RaceRound[]
}
