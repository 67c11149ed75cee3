// spin: N busy loops as threads, processes and event-loop tasks, in Node.js or in Python.
export type SpinMode = 'threads' | 'processes' | 'event-loop'
export type SpinLanguage = 'python' | 'node'

export interface SpinPhase {
  readonly mode: SpinMode
  readonly count: number
  /** CPU of the spinning processes, % of one core, by the OS's count; null where the OS does not let us read it. */
  readonly cpu: number | null
  /** Each core's load over the same window, 0..100. */
  readonly perCore: readonly number[]
  readonly windowMs: number
  readonly pids: readonly number[]
}

export interface SpinResult {
  readonly language: SpinLanguage
  readonly cores: number
  readonly phases: readonly SpinPhase[]
}

/** Published in the live state after each phase. */
export interface SpinProgress {
  readonly phases: readonly SpinPhase[]
}
