// A starting gate in shared memory: each thread checks in and sleeps at the
// gate; the host opens it once every thread is in, so they all start together
// (else the first thread could finish before the last one begins, and nothing
// would race or compete). Two Int32 cells of a SharedArrayBuffer.
import { delay } from '../../shared/delay'

export class StartingGate {
  constructor(
    private readonly ints: Int32Array,
    private readonly readyAt: number,
    private readonly goAt: number,
  ) {}

  /** In a thread: check in, and sleep until the gate opens. */
  arrive(): void {
    Atomics.add(this.ints, this.readyAt, 1)
    Atomics.wait(this.ints, this.goAt, 0)
  }

  /** In the host: wait until `count` threads are at the gate (or the run stops), then let them all go. */
  async open(count: number, signal: AbortSignal): Promise<void> {
    while (Atomics.load(this.ints, this.readyAt) < count && !signal.aborted) await delay(2)
    Atomics.store(this.ints, this.goAt, 1)
    Atomics.notify(this.ints, this.goAt)
  }
}
