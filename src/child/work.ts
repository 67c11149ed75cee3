// Work for lab threads to do: a fixed amount of pure CPU, and a way to let the
// event loop breathe after a blocking stretch.

/** Runs after a blocking (sync) stretch so the host's event loop can reply. */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

/**
 * A fixed amount of pure CPU work (xorshift steps): the same machine code for
 * whoever runs it, with a result the optimiser cannot drop.
 */
export function cpuWork(steps: number): number {
  let x = 2463534242
  for (let i = 0; i < steps; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
  }
  return x
}
