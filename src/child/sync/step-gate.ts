// The gates of "be the scheduler" (lock-race and deadlock, schedule: manual):
// before every step that matters a lab thread publishes which step is next and
// sleeps in Atomics.wait on its own cell of a SharedArrayBuffer; the host's
// step action bumps that cell and wakes it with Atomics.notify, and the thread
// runs exactly one step, to its next gate (or into a lock another thread
// holds, where it really blocks in the kernel inside SharedMutex). A blocked
// thread cannot post a message, so everything the host needs is in the cells.

// Int32 cells of each thread.
/** Steps the host has let this thread take. */
const GRANTED = 0
/** Gates the thread has reached (one more than GRANTED while it waits at one). */
const ARRIVED = 1
/** Index of its next step in the list of step names; -1 once it has finished. */
const NEXT = 2
const ITERATION = 3
const LOCAL = 4
const HAS_LOCAL = 5
const INTS = 8

export interface GateRecord {
  readonly granted: number
  readonly arrived: number
  /** Index into the step names, -1 when finished. */
  readonly next: number
  readonly iteration: number
  readonly local: number | null
  /** Waiting at a gate for the host to let it go. */
  readonly atGate: boolean
}

/** Both sides: the cells of every thread of a run. */
export class StepGates {
  readonly ints: Int32Array

  static create(threads: number): StepGates {
    const g = new StepGates(new SharedArrayBuffer(threads * INTS * 4))
    for (let i = 0; i < threads; i++) Atomics.store(g.ints, i * INTS + NEXT, 0)
    return g
  }

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer)
  }

  read(i: number): GateRecord {
    const at = (k: number): number => Atomics.load(this.ints, i * INTS + k)
    const granted = at(GRANTED)
    const arrived = at(ARRIVED)
    return {
      granted,
      arrived,
      next: at(NEXT),
      iteration: at(ITERATION),
      local: at(HAS_LOCAL) ? at(LOCAL) : null,
      atGate: arrived > granted && at(NEXT) >= 0,
    }
  }

  /** The host: lets thread i take one step. */
  grant(i: number): void {
    Atomics.add(this.ints, i * INTS + GRANTED, 1)
    Atomics.notify(this.ints, i * INTS + GRANTED)
  }
}

/** A thread's own gate. */
export class StepGate {
  private readonly base: number
  private readonly ints: Int32Array

  /** @param steps the step names (`at`) this program has, in the host's order */
  constructor(
    buffer: SharedArrayBuffer,
    index: number,
    private readonly steps: readonly string[],
    private readonly onWait?: (waiting: boolean) => void,
  ) {
    this.ints = new Int32Array(buffer)
    this.base = index * INTS
  }

  /** Says which step comes next and sleeps until the host lets this thread take it. */
  before(at: string, iteration: number): void {
    const next = this.steps.indexOf(at)
    if (next < 0) throw new Error(`no step "${at}"`)
    Atomics.store(this.ints, this.base + ITERATION, iteration)
    Atomics.store(this.ints, this.base + NEXT, next)
    this.onWait?.(true)
    const arrived = Atomics.add(this.ints, this.base + ARRIVED, 1) + 1
    // Let go once GRANTED has caught up with the gates reached: a grant that came early is not lost.
    for (;;) {
      const granted = Atomics.load(this.ints, this.base + GRANTED)
      if (granted >= arrived) break
      Atomics.wait(this.ints, this.base + GRANTED, granted)
    }
    this.onWait?.(false)
  }

  /** The value worth showing beside the thread (lock-race: its local copy of the balance). */
  local(v: number | null): void {
    Atomics.store(this.ints, this.base + LOCAL, v ?? 0)
    Atomics.store(this.ints, this.base + HAS_LOCAL, v === null ? 0 : 1)
  }

  /** No step left. */
  finish(): void {
    Atomics.store(this.ints, this.base + NEXT, -1)
  }
}
