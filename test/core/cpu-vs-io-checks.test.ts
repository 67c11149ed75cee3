// cpu-vs-io's checks, fed made-up sweeps: each holds on what the tutorial says
// and fails on the opposite.
import { describe, expect, it } from 'vitest'
import { sweepChecks, sweepOutcome } from '../../src/core/scenarios/cpu-vs-io/outcome'
import type { SweepPoint, SweepResult } from '../../src/shared/scenarios/cpu-vs-io'
import { checkOf } from '../helpers/outcome'

const pts = (rates: number[], cpus: number[]): SweepPoint[] =>
  [1, 2, 4, 8].map((k, i) => ({ concurrency: k, perSecond: rates[i], cpu: cpus[i] }))
const sweep = (language: 'python' | 'node', cpu: SweepPoint[], io: SweepPoint[]): SweepResult => ({
  language,
  cores: 2,
  levelMs: 400,
  ioDelayMs: 20,
  cpu,
  io,
})
const goodIo = pts([45, 90, 180, 360], [1, 2, 2, 3])
const outcome = (r: SweepResult) => ({ summary: { key: 'test' }, figures: {}, checks: sweepChecks(r) })

describe('cpu-vs-io checks', () => {
  it('Python: CPU-bound work gains nothing from more threads (GIL); fails when the threads ran in parallel', () => {
    const gil = sweep('python', pts([1200, 1150, 1180, 1210], [99, 100, 100, 101]), goodIo)
    expect(checkOf(outcome(gil), 'check.cpuGil').ok).toBe(true)
    const parallel = sweep('python', pts([1200, 2300, 2350, 2380], [99, 195, 198, 199]), goodIo)
    expect(checkOf(outcome(parallel), 'check.cpuGil').ok).toBe(false)
    // More done per CPU-second with more threads is not the GIL's picture either.
    const oneCoreFaster = sweep('python', pts([1200, 2000, 2100, 2200], [99, 100, 100, 100]), goodIo)
    expect(checkOf(outcome(oneCoreFaster), 'check.cpuGil').ok).toBe(false)
    // On a shared machine, four threads may win more of a core than one did: still one at a time.
    const biggerShare = sweep('python', pts([600, 900, 1100, 1150], [50, 75, 92, 96]), goodIo)
    expect(checkOf(outcome(biggerShare), 'check.cpuGil').ok).toBe(true)
  })

  it('Node: CPU-bound tasks stop speeding up at the cores; fails when they go on speeding up', () => {
    const flat = sweep('node', pts([300, 590, 600, 610], [100, 198, 199, 199]), goodIo)
    expect(checkOf(outcome(flat), 'check.cpuStops').ok).toBe(true)
    const climbing = sweep('node', pts([300, 590, 1100, 2000], [100, 198, 199, 199]), goodIo)
    expect(checkOf(outcome(climbing), 'check.cpuStops').ok).toBe(false)
  })

  it('I/O-bound tasks must speed up with more at once, and hardly use the CPU', () => {
    const cpu = pts([1200, 1150, 1180, 1210], [99, 100, 100, 101])
    const good = outcome(sweep('python', cpu, goodIo))
    expect(checkOf(good, 'check.ioSpeedsUp').ok).toBe(true)
    expect(checkOf(good, 'check.ioLowCpu').ok).toBe(true)
    const serial = outcome(sweep('python', cpu, pts([45, 46, 47, 48], [1, 1, 1, 1])))
    expect(checkOf(serial, 'check.ioSpeedsUp').ok).toBe(false)
    const busy = outcome(sweep('python', cpu, pts([45, 90, 180, 360], [1, 40, 80, 90])))
    expect(checkOf(busy, 'check.ioLowCpu').ok).toBe(false)
  })

  it('keeps the same figure keys in both languages', () => {
    const cpu = pts([1200, 1150, 1180, 1210], [99, 100, 100, 101])
    const py = sweepOutcome(sweep('python', cpu, goodIo), [], 2)
    const js = sweepOutcome(sweep('node', cpu, goodIo), [], 2)
    expect(Object.keys(py.figures)).toEqual(Object.keys(js.figures))
    expect(py.figures['io.speedUp']).toBe(8)
  })
})
