// switch-cost's outcome from what the run measured: a pure function, so a test
// can feed it a broken result and see each check fail (test/core/switch-cost-checks.test.ts).
import { switchCostMsg } from '../../../shared/i18n/scenarios/switch-cost'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { SwitchPoint, SwitchResult } from '../../../shared/scenarios/switch-cost'
import type { SeriesChart, ThreadOutcomeData } from '../../../shared/thread-lab'

/** A round trip (two switches) under a millisecond: a switch costs microseconds, even on a busy machine. */
const ROUND_TRIP_MAX_US = 1000
/** Up to the cores, the work must go at least 30 % faster than on one. */
const MORE_HELPS = 1.3
/** Past the cores, at most 15 % better than at the cores (luck and the OS), else "more helped". */
const PAST_CORES_MARGIN = 1.15

export function switchCharts(points: readonly SwitchPoint[], kind: SwitchResult['kind'], cores: number): SeriesChart[] {
  const x = points.map((p) => p.count)
  const xLabel = switchCostMsg(`kind.${kind}`)
  const mark = { markX: cores, markLabel: switchCostMsg('chart.cores', { cores }) }
  return [
    {
      id: 'throughput',
      title: switchCostMsg('chart.throughput.title', { kind: xLabel }),
      xLabel,
      yLabel: switchCostMsg('chart.throughput.y'),
      x,
      series: [
        { id: 'throughput', name: switchCostMsg('chart.throughput.series'), values: points.map((p) => p.throughput) },
      ],
      ...mark,
    },
    {
      id: 'switches',
      title: switchCostMsg('chart.switches.title'),
      xLabel,
      yLabel: switchCostMsg('chart.switches.y'),
      x,
      series: [
        { id: 'involuntary', name: switchCostMsg('chart.involuntary'), values: points.map((p) => p.involuntary) },
        { id: 'voluntary', name: switchCostMsg('chart.voluntary'), values: points.map((p) => p.voluntary) },
      ],
      ...mark,
    },
  ]
}

function roundTripCheck(label: ReturnType<typeof switchCostMsg>, us: number | null, n: number): OutcomeCheck {
  if (us === null) return { label, ok: null, detail: switchCostMsg('detail.notMeasured') }
  return { label, ok: us > 0 && us < ROUND_TRIP_MAX_US, detail: switchCostMsg('detail.roundTrip', { us, n }) }
}

export function switchChecks(r: SwitchResult): OutcomeCheck[] {
  const { points, cores, kind } = r
  const kindMsg = switchCostMsg(`kind.${kind}`)
  const checks: OutcomeCheck[] = [
    roundTripCheck(switchCostMsg('check.threadSwitch'), r.pingPong.threadsUs, r.pingPong.roundTrips),
    roundTripCheck(switchCostMsg('check.processSwitch'), r.pingPong.processesUs, r.pingPong.roundTrips),
  ]
  const one = points[0]
  const last = points.at(-1)
  const atCores = points.filter((p) => p.count <= cores).at(-1)
  if (one && atCores && atCores.count > 1) {
    checks.push({
      label: switchCostMsg('check.moreHelps', { cores, kind: kindMsg }),
      ok: atCores.throughput > one.throughput * MORE_HELPS,
      detail: switchCostMsg('detail.throughput', { from: one.throughput, to: atCores.throughput }),
    })
  }
  if (last && atCores && last.count > cores) {
    checks.push({
      label: switchCostMsg('check.pastCores', { cores, kind: kindMsg }),
      ok: last.throughput <= atCores.throughput * PAST_CORES_MARGIN,
      detail: switchCostMsg('detail.pastCores', {
        at: atCores.count,
        atRate: atCores.throughput,
        most: last.count,
        mostRate: last.throughput,
      }),
    })
    const label = switchCostMsg('check.involuntary')
    const [before, after] = [atCores.involuntary, last.involuntary]
    checks.push(
      before === null || after === null
        ? { label, ok: null, detail: switchCostMsg('detail.notMeasurable') }
        : { label, ok: after > before, detail: switchCostMsg('detail.involuntary', { before, after }) },
    )
  }
  return checks
}

/** Time the most-tasks point spent switching: involuntary switches × half a thread round trip (one switch). */
function switching(r: SwitchResult): { ms: number; pct: number } | null {
  const last = r.points.at(-1)
  if (!last || last.involuntary === null || r.pingPong.threadsUs === null || last.ms <= 0) return null
  const ms = (last.involuntary * r.pingPong.threadsUs) / 2 / 1000
  return { ms: Math.round(ms * 10) / 10, pct: Math.round((ms / last.ms) * 1000) / 10 }
}

export function switchOutcome(
  r: SwitchResult | undefined,
  threads: ThreadOutcomeData['threads'],
  fallback: { cores: number; kind: SwitchResult['kind'] },
): RunOutcome<ThreadOutcomeData> {
  const points = r?.points ?? []
  const cores = r?.cores ?? fallback.cores
  const kind = r?.kind ?? fallback.kind
  const kindMsg = switchCostMsg(`kind.${kind}`)
  const best = points.reduce<SwitchPoint | undefined>((b, p) => (!b || p.throughput > b.throughput ? p : b), undefined)
  const last = points.at(-1)
  const atCores = points.filter((p) => p.count <= cores).at(-1)
  const sw = r ? switching(r) : null
  const unknown = switchCostMsg('outcome.unknown')
  const facts: OutcomeFact[] = [{ label: switchCostMsg('fact.roundTrip') }]
  if (r?.language === 'python') facts.push({ label: switchCostMsg('fact.pythonProcesses') })
  return {
    summary:
      r && last
        ? switchCostMsg('outcome.summary', {
            threadsUs: r.pingPong.threadsUs ?? unknown,
            processesUs: r.pingPong.processesUs ?? unknown,
            counts: points.map((p) => p.count).join(', '),
            kind: kindMsg,
            best: best?.count ?? unknown,
            most: last.count,
            involuntary: last.involuntary ?? unknown,
            switchingMs: sw?.ms ?? unknown,
            ms: last.ms,
          })
        : switchCostMsg('outcome.stopped'),
    checks: r ? switchChecks(r) : [],
    facts,
    figures: {
      language: r?.language ?? null,
      kind,
      cores,
      threadsUs: r?.pingPong.threadsUs ?? null,
      processesUs: r?.pingPong.processesUs ?? null,
      switchingPct: sw?.pct ?? null,
      'one.throughput': points[0]?.throughput ?? null,
      'atCores.throughput': atCores?.throughput ?? null,
      'atCores.involuntary': atCores?.involuntary ?? null,
      'most.count': last?.count ?? null,
      'most.throughput': last?.throughput ?? null,
      'most.involuntary': last?.involuntary ?? null,
    },
    data: {
      threads,
      charts: switchCharts(points, kind, cores),
      table: {
        columns: [
          switchCostMsg('table.count'),
          switchCostMsg('table.ms'),
          switchCostMsg('table.startMs'),
          switchCostMsg('table.throughput'),
          switchCostMsg('table.voluntary'),
          switchCostMsg('table.involuntary'),
        ],
        rows: points.map((p) => [p.count, p.ms, p.startMs, p.throughput, p.voluntary, p.involuntary]),
      },
    },
  }
}
