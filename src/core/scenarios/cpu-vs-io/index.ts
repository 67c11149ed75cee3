// cpu-vs-io (计算密集型 vs IO密集型): a concurrency sweep for both kinds of task.
import os from 'node:os'
import type { SeriesChart, ThreadOutcomeData } from '../../../shared/thread-lab'
import type { SweepPoint } from '../../../shared/scenarios/cpu-vs-io'
import { num, runHost } from '../../bridge/thread-kit'
import { defineScenario } from '../types'

const CORES = Math.max(1, os.cpus().length)

const speedUp = (points: readonly SweepPoint[], x: readonly number[]): (number | null)[] => {
  const base = points[0]?.perSecond
  return x.map((k) => {
    const p = points.find((q) => q.concurrency === k)
    return p && base ? Math.round((p.perSecond / base) * 100) / 100 : null
  })
}

export function sweepCharts(cpu: readonly SweepPoint[], io: readonly SweepPoint[], cores: number): SeriesChart[] {
  const x = [...new Set([...cpu, ...io].map((p) => p.concurrency))].sort((a, b) => a - b)
  const at = (points: readonly SweepPoint[], key: 'cpu' | 'perSecond'): (number | null)[] =>
    x.map((k) => points.find((p) => p.concurrency === k)?.[key] ?? null)
  return [
    {
      id: 'speed-up',
      title: 'Tasks finished per second, relative to one at a time',
      xLabel: 'tasks at once',
      yLabel: '× one at a time',
      x,
      series: [
        { name: 'CPU-bound', values: speedUp(cpu, x) },
        { name: 'I/O-bound', values: speedUp(io, x) },
      ],
      markX: cores,
      markLabel: `${cores} cores`,
    },
    {
      id: 'cpu',
      title: 'CPU used meanwhile (% of one core)',
      xLabel: 'tasks at once',
      yLabel: '% of one core',
      x,
      series: [
        { name: 'CPU-bound', values: at(cpu, 'cpu') },
        { name: 'I/O-bound', values: at(io, 'cpu') },
      ],
      markX: cores,
      markLabel: `${cores} cores`,
    },
  ]
}

export const cpuVsIoScenario = defineScenario({
  info: {
    id: 'cpu-vs-io',
    title: 'CPU-bound vs I/O-bound: how many tasks at once?',
    section: '计算密集型 vs IO密集型',
    kind: 'thread',
    summary:
      "The seed's rule: for CPU-bound work, run as many tasks at once as there are cores — more only adds switching; for I/O-bound work, which spends its time waiting, more tasks keep paying off up to a limit. The sweep runs 1, 2, 4, ... tasks at once of each kind and counts how many finish per second. CPU-bound tasks are worker threads doing arithmetic: the curve flattens at the core count and CPU use sits at the machine's maximum. I/O-bound tasks are requests to a loopback server that answers after a fixed delay: the curve keeps climbing almost in proportion while the CPU stays nearly idle.",
    options: [
      { key: 'maxConcurrency', label: 'Up to (tasks at once)', type: 'integer', default: 16, min: 2, max: 64 },
      { key: 'levelMs', label: 'Time per level (ms)', type: 'integer', default: 1000, min: 300, max: 5000 },
      { key: 'ioDelayMs', label: 'I/O wait per request (ms)', type: 'integer', default: 20, min: 1, max: 500 },
      { key: 'taskK', label: 'CPU task size (thousand steps)', type: 'integer', default: 2000, min: 10, max: 100_000 },
    ],
  },
  sources: ['thread-cpu-vs-io'],
  async run(ctx) {
    const run = await runHost(
      ctx,
      'thread-cpu-vs-io',
      {
        maxConcurrency: num(ctx.options, 'maxConcurrency'),
        levelMs: num(ctx.options, 'levelMs'),
        ioDelayMs: num(ctx.options, 'ioDelayMs'),
        taskK: num(ctx.options, 'taskK'),
      },
      {
        onLive(live) {
          if (live.cpuPoints) return { charts: sweepCharts(live.cpuPoints, live.ioPoints ?? [], CORES) }
        },
      },
    )
    const r = run.result
    const cpu = r?.cpu ?? []
    const io = r?.io ?? []
    const cores = r?.cores ?? CORES
    const rate = (ps: readonly SweepPoint[], k: number): number | undefined =>
      ps.find((p) => p.concurrency === k)?.perSecond
    const atCores = cpu.filter((p) => p.concurrency <= cores).at(-1)
    const cpuMax = cpu.at(-1)
    const io1 = rate(io, 1)
    const ioMax = io.at(-1)
    const checks = []
    if (atCores && cpuMax && cpuMax.concurrency > atCores.concurrency) {
      checks.push({
        label: `CPU-bound tasks stop speeding up at ${cores} (the cores)`,
        ok: cpuMax.perSecond <= atCores.perSecond * 1.25,
        detail: `${atCores.concurrency} at once: ${atCores.perSecond}/s; ${cpuMax.concurrency} at once: ${cpuMax.perSecond}/s`,
      })
    }
    if (io1 && ioMax && ioMax.concurrency >= 4) {
      checks.push({
        label: 'I/O-bound tasks keep speeding up with more at once',
        ok: ioMax.perSecond >= io1 * ioMax.concurrency * 0.5,
        detail: `1 at once: ${io1}/s; ${ioMax.concurrency} at once: ${ioMax.perSecond}/s`,
      })
      checks.push({
        label: 'I/O-bound tasks hardly use the CPU',
        ok: ioMax.cpu < (cpuMax?.cpu ?? 100) / 2,
        detail: `${ioMax.cpu}% of one core at ${ioMax.concurrency} at once`,
      })
    }
    const data: ThreadOutcomeData = {
      threads: run.view.threads.filter((t) => t.name === 'MainThread' || t.name === 'io-server' || t.name === 'cpu-1'),
      charts: sweepCharts(cpu, io, cores),
      table: {
        columns: ['at once', 'CPU-bound /s', 'CPU-bound CPU %', 'I/O-bound /s', 'I/O-bound CPU %'],
        rows: levelsOf(cpu, io).map((k) => [
          k,
          rate(cpu, k) ?? null,
          cpu.find((p) => p.concurrency === k)?.cpu ?? null,
          rate(io, k) ?? null,
          io.find((p) => p.concurrency === k)?.cpu ?? null,
        ]),
      },
    }
    return {
      summary: cpu.length
        ? `CPU-bound: ${cpu.map((p) => `${p.concurrency} → ${p.perSecond}/s`).join(', ')}. I/O-bound (${r!.ioDelayMs} ms wait): ${io.map((p) => `${p.concurrency} → ${p.perSecond}/s`).join(', ') || 'not run'}.`
        : 'Stopped before the sweep finished a level.',
      checks,
      figures: Object.fromEntries([
        ['cores', cores],
        ...cpu.map((p) => [`cpu.${p.concurrency}`, p.perSecond]),
        ...io.map((p) => [`io.${p.concurrency}`, p.perSecond]),
      ]),
      data,
    }
  },
})

function levelsOf(a: readonly SweepPoint[], b: readonly SweepPoint[]): number[] {
  return [...new Set([...a, ...b].map((p) => p.concurrency))].sort((x, y) => x - y)
}
