// The table pass's interval follows what a pass costs, not one pass that carried
// other work (a GC, a burst elsewhere in the process): the header's "whole table
// every N s" must not jump to half a minute on one noisy reading.
import { afterEach, describe, expect, it } from 'vitest'
import { COST_PASSES, IDLE_SLICES, Sampler } from '../../src/core/sampler/sampler'
import type { ProcessSource, Reading } from '../../src/core/sampler/sources'

/** A table of one process whose read burns the CPU the test asks for, pass by pass. */
function burningSource(burnMs: number[]): ProcessSource {
  let pass = 0
  return {
    listPids: async () => [4242],
    read: async (pids) => {
      // CPU time, not wall time: on a busy machine a wall-clock burn costs less than asked.
      const from = process.cpuUsage()
      const want = (burnMs[pass++] ?? 0) * 1000
      while (want > 0) {
        const used = process.cpuUsage(from)
        if (used.user + used.system >= want) break
      }
      const r: Reading = { pid: 4242, ppid: 1, name: 'fake', memory: 1, cpuSeconds: 0 }
      return new Map(pids.includes(4242) ? [[4242, r]] : [])
    },
    identify: () => ({}),
    forget: () => {},
    close: () => {},
  }
}

const samplers: Sampler[] = []
afterEach(async () => {
  for (const s of samplers.splice(0)) await s.stop()
})

/** Table interval after each pass, ms. */
async function tableIntervals(burnMs: number[]): Promise<number[]> {
  // 1 % of a core: a pass costing 20 ms stretches passes to 2 s, and the table to 6 s.
  const sampler = new Sampler(
    { labels: () => new Map(), runs: () => [] },
    { source: burningSource(burnMs), budget: 0.01, intervalMs: 100 },
  )
  samplers.push(sampler)
  const out: number[] = []
  for (let i = 0; i < burnMs.length; i++) {
    sampler.setIntervalMs(100) // the next tick is a pass
    out.push((await sampler.sampleNow()).sampling.tableIntervalMs)
  }
  return out
}

describe('table pass interval', () => {
  it('one costly pass among cheap ones leaves the interval where the cheap ones put it', async () => {
    const seen = await tableIntervals([0, 0, 60, 0, 0])
    // 60 ms would mean 6 s passes and an 18 s table; cheap passes cost well under 10 ms here.
    for (const ms of seen) expect(ms).toBeLessThan(1000 * IDLE_SLICES)
  })

  it(`a table that stays costly stretches the passes within ${COST_PASSES} passes`, async () => {
    const seen = await tableIntervals([0, 40, 40, 40, 40])
    // 40 ms at 1 % of a core: 4 s passes, a 12 s table (more if the pass cost more than its burn).
    expect(seen[COST_PASSES]).toBeGreaterThanOrEqual(4000 * IDLE_SLICES)
    expect(seen.at(-1)).toBeGreaterThanOrEqual(4000 * IDLE_SLICES)
  })
})
