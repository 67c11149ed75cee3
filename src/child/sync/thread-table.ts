// The thread table: one slot per lab thread in shared memory, written by the
// thread itself and read by the host's main thread. It lives in a
// SharedArrayBuffer rather than in messages because a thread blocked in
// Atomics.wait cannot post anything: the table is how the host still knows
// that thread 2 is waiting for lock B.

import { THREAD_STATES, type LabThreadState } from '../../shared/thread-protocol'

const code = (s: LabThreadState): number => THREAD_STATES.indexOf(s)

// Int32 fields of a slot.
const TID = 0
const STATE = 1
/** Lock index for 'waiting', slot index for 'joining', -1 otherwise. */
const ARG = 2
const PROGRESS = 3
const INTS = 4

export interface ThreadRecord {
  readonly slot: number
  /** OS thread id (0 until the thread has published it). */
  readonly tid: number
  readonly state: LabThreadState
  readonly arg: number
  /** A counter the thread bumps as it works (iterations, lines printed). */
  readonly progress: number
  /** Date.now() when the thread entered its current state. */
  readonly since: number
}

export class ThreadTable {
  readonly ints: Int32Array
  private readonly times: Float64Array

  static create(slots: number): ThreadTable {
    // Times (Float64) first so they are 8-byte aligned without padding.
    return new ThreadTable(new SharedArrayBuffer(slots * 8 + slots * INTS * 4))
  }

  constructor(readonly buffer: SharedArrayBuffer) {
    const slots = buffer.byteLength / (8 + INTS * 4)
    if (!Number.isInteger(slots)) throw new Error('not a thread table buffer')
    this.times = new Float64Array(buffer, 0, slots)
    this.ints = new Int32Array(buffer, slots * 8, slots * INTS)
  }

  get slots(): number {
    return this.times.length
  }

  setTid(slot: number, tid: number): void {
    Atomics.store(this.ints, slot * INTS + TID, tid)
  }

  set(slot: number, state: LabThreadState, arg = -1): void {
    // Time first: a reader that sees the new state also sees when it began
    // (Atomics.store is sequentially consistent; the Float64 write precedes it).
    this.times[slot] = Date.now()
    Atomics.store(this.ints, slot * INTS + ARG, arg)
    Atomics.store(this.ints, slot * INTS + STATE, code(state))
  }

  addProgress(slot: number, n = 1): void {
    Atomics.add(this.ints, slot * INTS + PROGRESS, n)
  }

  read(slot: number): ThreadRecord {
    const base = slot * INTS
    return {
      slot,
      tid: Atomics.load(this.ints, base + TID),
      state: THREAD_STATES[Atomics.load(this.ints, base + STATE)] ?? 'new',
      arg: Atomics.load(this.ints, base + ARG),
      progress: Atomics.load(this.ints, base + PROGRESS),
      since: this.times[slot],
    }
  }
}
