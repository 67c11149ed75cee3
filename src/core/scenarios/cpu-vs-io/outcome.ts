// cpu-vs-io's outcome from what the sweep measured: a pure function, so a test
// can feed it a broken sweep and see each check fail (test/core/cpu-vs-io-checks.test.ts).
import { cpuVsIoMsg } from '../../../shared/i18n/scenarios/cpu-vs-io'
import type { OutcomeCheck, RunOutcome } from '../../../shared/model'
import type { SweepPoint, SweepResult } from '../../../shared/scenarios/cpu-vs-io'
import type { SeriesChart, ThreadOutcomeData } from '../../../shared/thread-lab'
import { joinMsgs } from '../msg-list'

/** Past the cores, CPU-bound work may still gain a little from luck and the OS: a quarter more is "stopped". */
const STOP_MARGIN = 1.25
/**
 * The GIL: the most threads use about one core, never several ...
 */
const GIL_MAX_CPU = 130
/**
 * ... and get no more done per CPU-second than one thread. Per CPU-second,
 * because on a shared machine more threads can win a process a larger share
 * of a core from the OS; what the GIL forbids is running at once. Within 60 %:
 * measured on a loaded 2-core machine, a CPU-second bought 1.0 to 1.45 times
 * as much with 8 threads as with one; truly parallel threads double it.
 */
const GIL_PER_CPU = 1.6
/** I/O-bound tasks overlap their waits: k at once finish at least half of k times as many as one. */
const IO_SHARE = 0.5

const round2 = (n: number): number => Math.round(n * 100) / 100

const speedUp = (points: readonly SweepPoint[], x: readonly number[]): (number | null)[] => {
  const base = points[0]?.perSecond
  return x.map((k) => {
    const p = points.find((q) => q.concurrency === k)
    return p && base ? round2(p.perSecond / base) : null
  })
}

export function sweepCharts(cpu: readonly SweepPoint[], io: readonly SweepPoint[], cores: number): SeriesChart[] {
  const x = levelsOf(cpu, io)
  const at = (points: readonly SweepPoint[], key: 'cpu' | 'perSecond'): (number | null)[] =>
    x.map((k) => points.find((p) => p.concurrency === k)?.[key] ?? null)
  const common = { xLabel: cpuVsIoMsg('chart.x'), x, markX: cores, markLabel: cpuVsIoMsg('chart.cores', { cores }) }
  return [
    {
      id: 'speed-up',
      title: cpuVsIoMsg('chart.speedUp.title'),
      yLabel: cpuVsIoMsg('chart.speedUp.y'),
      series: [
        { id: 'cpu', name: cpuVsIoMsg('chart.cpuBound'), values: speedUp(cpu, x) },
        { id: 'io', name: cpuVsIoMsg('chart.ioBound'), values: speedUp(io, x) },
      ],
      ...common,
    },
    {
      id: 'cpu',
      title: cpuVsIoMsg('chart.cpu.title'),
      yLabel: cpuVsIoMsg('chart.cpu.y'),
      series: [
        { id: 'cpu', name: cpuVsIoMsg('chart.cpuBound'), values: at(cpu, 'cpu') },
        { id: 'io', name: cpuVsIoMsg('chart.ioBound'), values: at(io, 'cpu') },
      ],
      ...common,
    },
  ]
}

function levelsOf(a: readonly SweepPoint[], b: readonly SweepPoint[]): number[] {
  return [...new Set([...a, ...b].map((p) => p.concurrency))].sort((x, y) => x - y)
}

export function sweepChecks(r: SweepResult): OutcomeCheck[] {
  const { cpu, io, cores } = r
  const checks: OutcomeCheck[] = []
  const cpu1 = cpu.find((p) => p.concurrency === 1)
  const cpuMax = cpu.at(-1)
  const atCores = cpu.filter((p) => p.concurrency <= cores).at(-1)
  if (r.language === 'python' && cpu1 && cpuMax && cpuMax.concurrency > 1) {
    const gain = round2(cpuMax.perSecond / Math.max(1, cpu1.perSecond))
    const perCpu = (p: SweepPoint): number => p.perSecond / Math.max(1, p.cpu)
    checks.push({
      label: cpuVsIoMsg('check.cpuGil'),
      ok: cpuMax.cpu <= GIL_MAX_CPU && perCpu(cpuMax) <= perCpu(cpu1) * GIL_PER_CPU,
      detail: cpuVsIoMsg('detail.cpuGil', {
        oneRate: cpu1.perSecond,
        oneCpu: cpu1.cpu,
        most: cpuMax.concurrency,
        mostRate: cpuMax.perSecond,
        speedUp: gain,
        cpu: cpuMax.cpu,
      }),
    })
  } else if (r.language === 'node' && atCores && cpuMax && cpuMax.concurrency > atCores.concurrency) {
    checks.push({
      label: cpuVsIoMsg('check.cpuStops', { cores }),
      ok: cpuMax.perSecond <= atCores.perSecond * STOP_MARGIN,
      detail: cpuVsIoMsg('detail.cpuStops', {
        at: atCores.concurrency,
        atRate: atCores.perSecond,
        most: cpuMax.concurrency,
        mostRate: cpuMax.perSecond,
      }),
    })
  }
  const io1 = io.find((p) => p.concurrency === 1)
  const ioMax = io.at(-1)
  if (io1 && ioMax && ioMax.concurrency >= 4) {
    checks.push({
      label: cpuVsIoMsg('check.ioSpeedsUp'),
      ok: ioMax.perSecond >= io1.perSecond * ioMax.concurrency * IO_SHARE,
      detail: cpuVsIoMsg('detail.ioSpeedsUp', {
        oneRate: io1.perSecond,
        most: ioMax.concurrency,
        mostRate: ioMax.perSecond,
        speedUp: round2(ioMax.perSecond / Math.max(1, io1.perSecond)),
      }),
    })
    checks.push({
      label: cpuVsIoMsg('check.ioLowCpu'),
      ok: ioMax.cpu < (cpuMax?.cpu ?? 100) / 2,
      detail: cpuVsIoMsg('detail.ioLowCpu', { cpu: ioMax.cpu, most: ioMax.concurrency, cpuBound: cpuMax?.cpu ?? 100 }),
    })
  }
  return checks
}

export function sweepOutcome(
  r: SweepResult | undefined,
  threads: ThreadOutcomeData['threads'],
  fallbackCores: number,
): RunOutcome<ThreadOutcomeData> {
  const cpu = r?.cpu ?? []
  const io = r?.io ?? []
  const cores = r?.cores ?? fallbackCores
  const rate = (ps: readonly SweepPoint[], k: number): SweepPoint | undefined => ps.find((p) => p.concurrency === k)
  const said = (ps: readonly SweepPoint[]): string | ReturnType<typeof cpuVsIoMsg> =>
    ps.length
      ? joinMsgs(
          ps.map((p) => cpuVsIoMsg('outcome.point', { k: p.concurrency, rate: p.perSecond })),
          cpuVsIoMsg('outcome.list'),
        )
      : cpuVsIoMsg('outcome.notRun')
  const gain = (ps: readonly SweepPoint[]): number | null =>
    ps.length > 1 && ps[0].perSecond ? round2(ps.at(-1)!.perSecond / ps[0].perSecond) : null
  return {
    summary:
      r && cpu.length
        ? cpuVsIoMsg('outcome.summary', { cpu: said(cpu), io: said(io), wait: r.ioDelayMs })
        : cpuVsIoMsg('outcome.stopped'),
    checks: r ? sweepChecks(r) : [],
    facts: r?.language === 'python' ? [{ label: cpuVsIoMsg('fact.gilReleased') }] : [],
    figures: {
      language: r?.language ?? null,
      cores,
      'cpu.one': rate(cpu, 1)?.perSecond ?? null,
      'cpu.most': cpu.at(-1)?.perSecond ?? null,
      'cpu.speedUp': gain(cpu),
      'io.one': rate(io, 1)?.perSecond ?? null,
      'io.most': io.at(-1)?.perSecond ?? null,
      'io.speedUp': gain(io),
    },
    data: {
      threads,
      charts: sweepCharts(cpu, io, cores),
      table: {
        columns: [
          cpuVsIoMsg('table.atOnce'),
          cpuVsIoMsg('table.cpuRate'),
          cpuVsIoMsg('table.cpuCpu'),
          cpuVsIoMsg('table.ioRate'),
          cpuVsIoMsg('table.ioCpu'),
        ],
        rows: levelsOf(cpu, io).map((k) => [
          k,
          rate(cpu, k)?.perSecond ?? null,
          rate(cpu, k)?.cpu ?? null,
          rate(io, k)?.perSecond ?? null,
          rate(io, k)?.cpu ?? null,
        ]),
      },
    },
  }
}
