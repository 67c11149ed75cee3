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

/** Ping-pong: two threads, then two processes, hand a turn back and forth; each round trip is two switches. */
export interface PingPong {
  readonly roundTrips: number
  /** Microseconds per round trip between two threads of one process (null: not measured). */
  readonly threadsUs: number | null
  /** Microseconds per round trip between two processes over a pipe (null: not measured). */
  readonly processesUs: number | null
}

export interface SwitchResult {
  readonly language: 'python' | 'node'
  readonly kind: 'threads' | 'processes'
  readonly pingPong: PingPong
  readonly totalSteps: number
  readonly cores: number
  readonly points: readonly SwitchPoint[]
}

/** Published in the live state after each count. */
export interface SwitchProgress {
  readonly points: readonly SwitchPoint[]
  readonly pingPong: PingPong
}
