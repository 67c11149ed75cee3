// lock-race: a shared balance changed by several threads, without and with a lock.
export interface RaceRound {
  readonly locked: boolean
  readonly balance: number
  readonly changes: number
  readonly expectedChanges: number
  readonly ms: number
}

export interface RaceResult {
  readonly threads: number
  readonly iterations: number
  readonly amounts: readonly number[]
  readonly rounds: readonly RaceRound[]
}

/** Published in the live state after each round. */
export interface RaceProgress {
  readonly rounds: readonly RaceRound[]
}
