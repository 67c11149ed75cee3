// switch-cost (线程切换): throughput and context switches against the number
// of threads or processes sharing the same work.
import os from 'node:os'
import type { SeriesChart, ThreadOutcomeData } from '../../../shared/thread-lab'
import type { SwitchPoint } from '../../../shared/scenarios/switch-cost'
import { num, runHost, str } from '../../bridge/thread-kit'
import { defineScenario } from '../types'

const CORES = Math.max(1, os.cpus().length)

export function switchCharts(points: readonly SwitchPoint[], kind: string, cores: number): SeriesChart[] {
  const x = points.map((p) => p.count)
  return [
    {
      id: 'throughput',
      title: `Throughput against the number of ${kind}`,
      xLabel: kind,
      yLabel: 'million steps / s',
      x,
      series: [{ name: 'throughput', values: points.map((p) => p.throughput) }],
      markX: cores,
      markLabel: `${cores} cores`,
    },
    {
      id: 'switches',
      title: 'Context switches during the work (from /proc)',
      xLabel: kind,
      yLabel: 'switches',
      x,
      series: [
        { name: 'involuntary', values: points.map((p) => p.involuntary) },
        { name: 'voluntary', values: points.map((p) => p.voluntary) },
      ],
      markX: cores,
      markLabel: `${cores} cores`,
    },
  ]
}

export const switchCostScenario = defineScenario({
  info: {
    id: 'switch-cost',
    title: 'Switching cost: the same work over more and more threads',
    section: '线程切换',
    kind: 'thread',
    summary:
      "Switching from one task to another costs the OS time: it saves one task's registers and memory context and restores another's. The seed warns that with too many tasks the machine spends its time switching rather than working. Here a fixed amount of CPU work is split evenly over 1, 2, 4, ... threads (or processes) and timed. Up to the core count, throughput rises; beyond it, nothing can run faster, the OS starts taking threads off the CPU while they still want it (involuntary context switches, read from /proc), and throughput flattens or falls. Starting them costs time too, and processes cost more than threads.",
    options: [
      { key: 'kind', label: 'Split over', type: 'choice', default: 'threads', choices: ['threads', 'processes'] },
      { key: 'maxCount', label: 'Up to', type: 'integer', default: 32, min: 1, max: 128 },
      { key: 'workM', label: 'Total work (million steps)', type: 'integer', default: 600, min: 10, max: 20_000 },
    ],
  },
  sources: ['thread-switch-cost'],
  async run(ctx) {
    const kind = str(ctx.options, 'kind')
    if (kind === 'processes' && num(ctx.options, 'maxCount') > 64)
      throw new Error('Option "maxCount" must be at most 64 for processes')
    let charts: SeriesChart[] = []
    const run = await runHost(
      ctx,
      'thread-switch-cost',
      { kind, maxCount: num(ctx.options, 'maxCount'), workM: num(ctx.options, 'workM') },
      {
        onLive(live) {
          if (!live.points) return
          charts = switchCharts(live.points, kind, CORES)
          return { charts }
        },
      },
    )
    const points = run.result?.points ?? []
    charts = switchCharts(points, kind, run.result?.cores ?? CORES)
    const best = points.reduce<SwitchPoint | undefined>(
      (b, p) => (!b || p.throughput > b.throughput ? p : b),
      undefined,
    )
    const last = points.at(-1)
    const one = points[0]
    const atCores = points.filter((p) => p.count <= CORES).at(-1)
    const data: ThreadOutcomeData = {
      threads: run.view.threads.slice(0, 1),
      charts,
      table: {
        columns: [kind, 'time (ms)', 'start (ms)', 'M steps/s', 'voluntary', 'involuntary'],
        rows: points.map((p) => [p.count, p.ms, p.startMs, p.throughput, p.voluntary, p.involuntary]),
      },
    }
    const checks = []
    if (one && atCores && atCores.count > 1) {
      checks.push({
        label: `Up to ${CORES} ${kind}, more of them do the work faster`,
        ok: atCores.throughput > one.throughput * 1.3,
        detail: `${one.throughput} → ${atCores.throughput} M steps/s`,
      })
    }
    if (last && atCores && last.count > CORES) {
      checks.push({
        label: `Past ${CORES} cores, more ${kind} do not help`,
        ok: last.throughput <= atCores.throughput * 1.15,
        detail: `${atCores.count}: ${atCores.throughput}, ${last.count}: ${last.throughput} M steps/s`,
      })
      const label = 'More of them than cores: the OS switches them involuntarily'
      const [before, after] = [atCores.involuntary, last.involuntary]
      checks.push(
        before === null || after === null
          ? {
              label,
              ok: false,
              detail: "not measurable here: this platform does not count a thread's context switches",
            }
          : { label, ok: after > before, detail: `${before} → ${after} involuntary switches` },
      )
    }
    return {
      summary: points.length
        ? `${num(ctx.options, 'workM').toLocaleString('en')} M steps over ${points.map((p) => p.count).join(', ')} ${kind}: ${points.map((p) => `${p.count} → ${p.throughput} M/s, ${p.involuntary} involuntary switches`).join('; ')}. Best: ${best?.count}.`
        : 'Stopped before the first count finished.',
      checks,
      figures: Object.fromEntries([
        ['kind', kind],
        ['cores', CORES],
        ...points.flatMap((p) => [
          [`n${p.count}.throughput`, p.throughput],
          [`n${p.count}.involuntary`, p.involuntary],
          [`n${p.count}.ms`, p.ms],
        ]),
      ]),
      data,
    }
  },
})
