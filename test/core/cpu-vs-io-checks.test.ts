// cpu-vs-io's checks, fed made-up sweeps: each holds on what the tutorial says
// and fails on the opposite.
import { describe, expect, it } from 'vitest'
import { sweepChecks, sweepOutcome } from '../../src/core/scenarios/cpu-vs-io/outcome'
import type { SweepPoint, SweepResult } from '../../src/shared/scenarios/cpu-vs-io'
import { checkOf, english, unlabelledFigures } from '../helpers/outcome'

/** Levels on an otherwise idle machine unless `others` says what other processes used (% of one core) at each. */
const pts = (rates: number[], cpus: number[], others: number[] = [], levels = [1, 2, 4, 8]): SweepPoint[] =>
  levels.map((k, i) => ({
    concurrency: k,
    perSecond: rates[i],
    cpu: cpus[i],
    machine: { machine: cpus[i] + (others[i] ?? 0), ours: cpus[i] },
  }))
/** Python's processes at 1, cores and 2 × cores (2 cores). */
const procs = (rates: number[], cpus: number[], others: number[] = []): SweepPoint[] =>
  pts(rates, cpus, others, [1, 2, 4])
const goodProcs = procs([600, 1180, 1190], [99, 197, 198])
const sweep = (
  language: 'python' | 'node',
  cpu: SweepPoint[],
  io: SweepPoint[],
  processes: SweepPoint[] = language === 'python' ? goodProcs : [],
): SweepResult => ({
  language,
  cores: 2,
  levelMs: 400,
  ioDelayMs: 20,
  cpu,
  io,
  processes,
  loopRates: language === 'python' ? { python: 2e6, node: 140e6 } : null,
})
const goodIo = pts([45, 90, 180, 360], [1, 2, 2, 3])
const outcome = (r: SweepResult) => ({ summary: { key: 'test' }, figures: {}, checks: sweepChecks(r) })

describe('cpu-vs-io checks', () => {
  it('Python: CPU-bound threads never use more than one core (GIL), and the words follow the speed-up; fails when they ran in parallel', () => {
    const gil = sweep('python', pts([1200, 1150, 1180, 1210], [99, 100, 100, 101]), goodIo)
    expect(checkOf(outcome(gil), 'check.cpuGil').ok).toBe(true)
    const parallel = sweep('python', pts([1200, 2300, 2350, 2380], [99, 195, 198, 199]), goodIo)
    expect(checkOf(outcome(parallel), 'check.cpuGil').ok).toBe(false)
    // More done per CPU-second on one core: the core itself went faster (a virtual machine's host, measured
    // here at ×1.29–1.33): not measurable, with the figure; never ✗ while the OS counted one core.
    const oneCoreFaster = sweep('python', pts([1200, 2000, 2100, 2200], [99, 100, 100, 100]), goodIo)
    const faster = checkOf(outcome(oneCoreFaster), 'check.cpuGil')
    expect(faster.ok).toBeNull()
    expect(english(faster.detail)).toMatch(
      /^not measurable: the core did 182% of the work per CPU second it did at first/,
    )
    // On a shared machine, eight threads may win more of a core than one did: still one at a time,
    // and the words say where the ×1.92 came from instead of "no faster".
    const biggerShare = sweep('python', pts([600, 900, 1100, 1150], [50, 75, 92, 96], [30, 30, 30, 30]), goodIo)
    const c = checkOf(outcome(biggerShare), 'check.cpuGil')
    expect(c.ok).toBe(true)
    expect(english(c.detail)).toContain(
      '(×1.92) with 96% of one core: faster only because together they won a larger share',
    )
    const same = checkOf(
      outcome(sweep('python', pts([1200, 1150, 1180, 1210], [99, 100, 100, 101]), goodIo)),
      'check.cpuGil',
    )
    expect(english(same.detail)).toContain('(×1.01, no faster)')
    // 25 % more per CPU-second is the noise allowed; 1.3 on one core is the core's speed, not measurable.
    const perCpu = sweep('python', pts([1000, 1300, 1300, 1300], [100, 100, 100, 100]), goodIo)
    expect(checkOf(outcome(perCpu), 'check.cpuGil').ok).toBeNull()
    const within = sweep('python', pts([1000, 1200, 1200, 1200], [100, 100, 100, 100]), goodIo)
    expect(checkOf(outcome(within), 'check.cpuGil').ok).toBe(true)
    // Threads held to one core because other programs had the other: the claim cannot be seen.
    const busy = sweep('python', pts([1200, 1150, 1180, 1210], [99, 100, 100, 101], [0, 95, 95, 95]), goodIo)
    expect(checkOf(outcome(busy), 'check.cpuGil').ok).toBeNull()
  })

  it('Python: as many processes as cores go about cores× as fast; fails when they do not; busy → not measurable', () => {
    const good = outcome(sweep('python', pts([1200, 1150, 1180, 1210], [99, 100, 100, 101]), goodIo))
    expect(checkOf(good, 'check.processesScale').ok).toBe(true)
    expect(english(checkOf(good, 'check.processesScale').label)).toBe(
      'As many processes as cores (2) do CPU-bound work about 2 times as fast as one',
    )
    const cpu = pts([1200, 1150, 1180, 1210], [99, 100, 100, 101])
    const oneCore = outcome(sweep('python', cpu, goodIo, procs([600, 640, 650], [99, 104, 105])))
    expect(checkOf(oneCore, 'check.processesScale').ok).toBe(false)
    const busy = outcome(sweep('python', cpu, goodIo, procs([600, 640, 650], [99, 104, 105], [0, 96, 95])))
    const c = checkOf(busy, 'check.processesScale')
    expect(c.ok).toBeNull()
    expect(english(c.detail)).toContain('other processes used 48% of the machine')
  })

  it('Python processes on cores that share hardware (the OS counts two busy, each goes at half speed): not measurable, never ✗', () => {
    const cpu = pts([1200, 1150, 1180, 1210], [99, 100, 100, 101])
    const shared = outcome(sweep('python', cpu, goodIo, procs([600, 660, 670], [99, 198, 199])))
    for (const key of ['check.processesScale', 'check.processesPastCores']) {
      const c = checkOf(shared, key)
      expect(c.ok, key).toBeNull()
      expect(english(c.detail)).toMatch(
        /^not measurable: with every core busy, each did 55% of the work per CPU second/,
      )
    }
    // Both at once by the OS's count (1.9 cores) at 78 % of one core's speed, one finishing later: ×1.5, not measurable.
    const atOnce = checkOf(
      outcome(sweep('python', cpu, goodIo, procs([600, 900, 910], [99, 190, 195]))),
      'check.processesScale',
    )
    expect(atOnce.ok).toBeNull()
    expect(english(atOnce.detail)).toMatch(/^not measurable: the OS ran them at once \(1\.9 cores busy\)/)
    // The same throughput with one core's CPU (the OS ran both on one core): judged, and a failure.
    const oneCore = outcome(sweep('python', cpu, goodIo, procs([600, 660, 670], [99, 108, 109])))
    expect(checkOf(oneCore, 'check.processesScale').ok).toBe(false)
  })

  it('Python: twice as many processes as cores are no faster; fails when they are; busy → not measurable', () => {
    const cpu = pts([1200, 1150, 1180, 1210], [99, 100, 100, 101])
    expect(checkOf(outcome(sweep('python', cpu, goodIo)), 'check.processesPastCores').ok).toBe(true)
    const faster = outcome(sweep('python', cpu, goodIo, procs([600, 1180, 1800], [99, 197, 198])))
    expect(checkOf(faster, 'check.processesPastCores').ok).toBe(false)
    const busy = outcome(sweep('python', cpu, goodIo, procs([600, 800, 1190], [99, 120, 198], [0, 80, 0])))
    expect(checkOf(busy, 'check.processesPastCores').ok).toBeNull()
  })

  it('Node: CPU-bound tasks stop speeding up at the cores; fails when they go on speeding up', () => {
    const flat = sweep('node', pts([300, 590, 600, 610], [100, 198, 199, 199]), goodIo)
    expect(checkOf(outcome(flat), 'check.cpuStops').ok).toBe(true)
    const climbing = sweep('node', pts([300, 590, 1100, 2000], [100, 198, 199, 199]), goodIo)
    expect(checkOf(outcome(climbing), 'check.cpuStops').ok).toBe(false)
    // At the cores other programs had one of them: the rise after it says nothing.
    const busy = sweep('node', pts([300, 320, 1100, 2000], [100, 105, 199, 199], [0, 95, 0, 0]), goodIo)
    expect(checkOf(outcome(busy), 'check.cpuStops').ok).toBeNull()
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
    // Python's speed on the same loop is measured, not assumed to be 50 times slower.
    expect(py.figures.pythonSlowdown).toBe(70)
    expect(py.facts!.map((f) => english(f.label))).toContain(
      'On this machine Python ran the same loop 70 times slower than Node.js (V8): 2 against 140 million steps per second on one thread, timed in this run',
    )
    expect(js.figures.pythonSlowdown).toBeNull()
    expect(unlabelledFigures('cpu-vs-io', py)).toEqual([])
  })
})
