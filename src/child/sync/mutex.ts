// A mutex in shared memory, built on Atomics (Drepper's "Futexes are tricky",
// mutex 2): 0 = free, 1 = locked, 2 = locked and someone may be waiting.
// Unlike a bare lock word it keeps books: who owns each lock (here) and who is
// waiting for which lock (the waiter's slot in the thread table). The
// wait-for graph, and so deadlock detection, is built from those records.
import type { ThreadTable } from './thread-table'

const STATE = 0
const OWNER = 1
const INTS = 2

/** Spins before sleeping in the kernel: most critical sections are shorter than a futex round trip. */
const SPINS = 64

export class LockTable {
  readonly ints: Int32Array

  static create(locks: number): LockTable {
    return new LockTable(new SharedArrayBuffer(locks * INTS * 4))
  }

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer)
  }

  get size(): number {
    return this.ints.length / INTS
  }

  /** Thread-table slot of the owner, or -1 when free. */
  owner(lock: number): number {
    return Atomics.load(this.ints, lock * INTS + OWNER) - 1
  }

  /**
   * Frees a lock whose owner died holding it (a robust mutex's EOWNERDEAD):
   * without this, terminating a deadlocked thread would leave its locks held
   * forever and the other thread still stuck.
   */
  forceRelease(lock: number, ownerSlot: number): boolean {
    const i = lock * INTS
    if (Atomics.compareExchange(this.ints, i + OWNER, ownerSlot + 1, 0) !== ownerSlot + 1) return false
    Atomics.store(this.ints, i + STATE, 0)
    Atomics.notify(this.ints, i + STATE)
    return true
  }

  /** Releases every lock this slot owns; returns the lock indices freed. */
  releaseAllOf(ownerSlot: number): number[] {
    const freed: number[] = []
    for (let l = 0; l < this.size; l++) if (this.forceRelease(l, ownerSlot)) freed.push(l)
    return freed
  }
}

export class SharedMutex {
  private readonly i: number

  /**
   * @param slot the calling thread's slot in `table` (each thread makes its
   *   own SharedMutex over the same shared buffers).
   */
  constructor(
    private readonly locks: LockTable,
    readonly index: number,
    private readonly table?: ThreadTable,
    private readonly slot = -1,
  ) {
    if (index < 0 || index >= locks.size) throw new RangeError(`no lock ${index}`)
    this.i = index * INTS
  }

  tryLock(): boolean {
    if (Atomics.compareExchange(this.locks.ints, this.i + STATE, 0, 1) !== 0) return false
    Atomics.store(this.locks.ints, this.i + OWNER, this.slot + 1)
    return true
  }

  lock(): void {
    const ints = this.locks.ints
    const s = this.i + STATE
    let c = Atomics.compareExchange(ints, s, 0, 1)
    for (let n = 0; c !== 0 && n < SPINS; n++) c = Atomics.compareExchange(ints, s, 0, 1)
    if (c !== 0) {
      // The waiter record goes up before we sleep, so a deadlock is visible
      // while it lasts.
      this.table?.set(this.slot, 'waiting', this.index)
      if (c !== 2) c = Atomics.exchange(ints, s, 2)
      while (c !== 0) {
        Atomics.wait(ints, s, 2)
        c = Atomics.exchange(ints, s, 2)
      }
      this.table?.set(this.slot, 'running')
    }
    Atomics.store(ints, this.i + OWNER, this.slot + 1)
  }

  unlock(): void {
    const ints = this.locks.ints
    if (Atomics.load(ints, this.i + OWNER) !== this.slot + 1) {
      throw new Error(`lock ${this.index} is not held by slot ${this.slot}`)
    }
    Atomics.store(ints, this.i + OWNER, 0)
    if (Atomics.sub(ints, this.i + STATE, 1) !== 1) {
      Atomics.store(ints, this.i + STATE, 0)
      Atomics.notify(ints, this.i + STATE, 1)
    }
  }
}
