// switch-cost: the same work over 1..N threads or processes.
import type { MachineWindow } from '../machine-window'

export interface SwitchPoint {
  readonly count: number
  /** From "go" to the last one finishing. */
  readonly ms: number
  /** Time to create them and have them ready. */
  readonly startMs: number
  /** Million steps per second over the whole work, from "go". */
  readonly throughput: number
  /** Million steps per second from creating them to the last one ending: what a user waits for. */
  readonly overall: number
  /** Context switches of the working threads (Linux counts them per thread); null where the OS does not say. */
  readonly voluntary: number | null
  readonly involuntary: number | null
  /**
   * CPU the workers spent on the work itself, from "go", ms (the OS's count);
   * null where not measured. With `throughput` and `ms` it gives the work done
   * per CPU second: how fast each core went, which the OS's busy counters
   * cannot tell apart when cores share hardware.
   */
  readonly workCpuMs: number | null
  /** The whole machine over the point, beside the run's own CPU; null where not measured. */
  readonly machine: MachineWindow | null
}

/**
 * How a round trip was made, named for what it is: raw pipes (os.write/os.read)
 * between two Python processes; threading.Semaphore between two Python threads;
 * multiprocessing.Pipe between two Python processes; Atomics.wait/notify (a
 * futex) between two Node.js worker threads; postMessage between a Node.js
 * worker thread and the main thread; Node.js IPC messages (process.send)
 * between two processes.
 */
export type TripId = 'rawPipe' | 'pySemaphore' | 'mpPipe' | 'atomics' | 'workerMessage' | 'nodeIpc'

export interface Trip {
  readonly id: TripId
  /** Microseconds per round trip; null: not measured. */
  readonly us: number | null
  /**
   * The whole machine over the ping-pong, beside the two ends' own CPU: on a
   * crowded machine a round trip measures the wait for a core, not a switch.
   */
  readonly machine?: MachineWindow | null
}

/** Ping-pong: one side hands a turn to the other and sleeps until it comes back; each round trip is two switches. */
export interface PingPong {
  readonly roundTrips: number
  /** The trip with nothing but the OS's wake-up and switch in it: what a switch is priced at. */
  readonly raw: TripId
  readonly trips: readonly Trip[]
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
