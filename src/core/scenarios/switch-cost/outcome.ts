// switch-cost's outcome from what the run measured: a pure function, so a test
// can feed it a broken result and see each check fail (test/core/switch-cost-checks.test.ts).
import { switchCostMsg } from '../../../shared/i18n/scenarios/switch-cost'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { SwitchPoint, SwitchResult, Trip, TripId } from '../../../shared/scenarios/switch-cost'
import type { SeriesChart, ThreadOutcomeData } from '../../../shared/thread-lab'
import { crowdedBy, judgeOnFreeCores, judgeOnWholeCores, othersUsed, ranAtOnce, unevenAtCores } from '../busy'
import { joinMsgs } from '../msg-list'

/** Up to the cores, the work must go at least 30 % faster than on one. */
const MORE_HELPS = 1.3
/** Past the cores, at most 15 % better than at the cores (luck and the OS), else "more helped". */
const PAST_CORES_MARGIN = 1.15
/** "Far more than cores": at least four for each core. */
const FAR = 4
/**
 * Far past the cores, the same work from creating the tasks to the last one
 * ending must take at least 10 % longer than at its best up to the cores: more
 * than the few per cent two runs of the same point differ by on a free machine.
 */
const THRASH_DROP = 0.1

/**
 * Each primitive beside the raw trip of the same kind (the same two ends):
 * what the language adds on top of the OS's own wake-up and switch.
 */
const RAW_OF: Partial<Record<TripId, TripId>> = { mpPipe: 'rawPipe', workerMessage: 'atomics' }

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
        { id: 'overall', name: switchCostMsg('chart.throughput.overall'), values: points.map((p) => p.overall) },
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

const tripOf = (r: SwitchResult, id: TripId | undefined): Trip | undefined =>
  id === undefined ? undefined : r.pingPong.trips.find((t) => t.id === id)

/** Each language primitive must cost more than the raw trip between the same two ends: else its figure could be a switch's price. */
function primitiveChecks(r: SwitchResult): OutcomeCheck[] {
  return r.pingPong.trips.flatMap((t): OutcomeCheck[] => {
    const raw = tripOf(r, RAW_OF[t.id])
    if (!raw) return []
    const label = switchCostMsg('check.primitive', {
      primitive: switchCostMsg(`trip.${t.id}`),
      raw: switchCostMsg(`trip.${raw.id}`),
    })
    if (t.us === null || raw.us === null) return [{ label, ok: null, detail: switchCostMsg('detail.notMeasured') }]
    const check = {
      label,
      ok: t.us > raw.us,
      detail: switchCostMsg('detail.primitive', { us: t.us, rawUs: raw.us, n: r.pingPong.roundTrips }),
    }
    // One end runs at a time, so a ping-pong needs one core; without it each trip waits for a core, not for a switch.
    return [
      judgeOnFreeCores(check, r.cores, [
        { window: t.machine, cores: 1 },
        { window: raw.machine, cores: 1 },
      ]),
    ]
  })
}

const bestOf = (points: readonly SwitchPoint[], key: 'throughput' | 'overall'): SwitchPoint | undefined =>
  points.reduce<SwitchPoint | undefined>((b, p) => (!b || p[key] > b[key] ? p : b), undefined)

/** Work per CPU second of the point's workers (any unit, the same for every point): how fast each core went; null when not measured. */
const coreSpeed = (p: SwitchPoint): number | null =>
  p.workCpuMs === null || p.workCpuMs <= 0 ? null : (p.throughput * p.ms) / p.workCpuMs

/** Cores the point's workers kept busy over its work, by the OS's count of their CPU; null when not measured. */
const coresBusy = (p: SwitchPoint): number | null =>
  p.workCpuMs === null || p.ms <= 0 ? null : Math.round((p.workCpuMs / p.ms) * 10) / 10

export function switchChecks(r: SwitchResult): OutcomeCheck[] {
  const { points, cores, kind } = r
  const kindMsg = switchCostMsg(`kind.${kind}`)
  const checks: OutcomeCheck[] = primitiveChecks(r)
  const one = points[0]
  const last = points.at(-1)
  const upToCores = points.filter((p) => p.count <= cores)
  const atCores = upToCores.at(-1)
  const needs = (...ps: SwitchPoint[]) => ps.map((p) => ({ window: p.machine, cores: Math.min(p.count, cores) }))
  if (one && atCores && atCores.count > 1) {
    const check = {
      label: switchCostMsg('check.moreHelps', { cores, kind: kindMsg }),
      ok: atCores.throughput > one.throughput * MORE_HELPS,
      detail: switchCostMsg('detail.throughput', { from: one.throughput, to: atCores.throughput }),
    }
    const judged = judgeOnWholeCores(
      judgeOnFreeCores(check, cores, needs(one, atCores)),
      coreSpeed(one),
      coreSpeed(atCores),
    )
    checks.push(ranAtOnce(judged, coresBusy(atCores), MORE_HELPS))
  }
  if (last && atCores && last.count > cores) {
    const check = {
      label: switchCostMsg('check.pastCores', { cores, kind: kindMsg }),
      ok: last.throughput <= atCores.throughput * PAST_CORES_MARGIN,
      detail: switchCostMsg('detail.pastCores', {
        at: atCores.count,
        atRate: atCores.throughput,
        most: last.count,
        mostRate: last.throughput,
      }),
    }
    const alone = one && one !== atCores ? coreSpeed(one) : null
    const judged = judgeOnWholeCores(judgeOnFreeCores(check, cores, needs(atCores, last)), alone, coreSpeed(atCores))
    checks.push(unevenAtCores(judged, coresBusy(atCores), cores))
    const label = switchCostMsg('check.involuntary')
    const [before, after] = [atCores.involuntary, last.involuntary]
    // Other programs also take the workers off the CPU: at the cores that hides what more workers add.
    checks.push(
      before === null || after === null
        ? { label, ok: null, detail: switchCostMsg('detail.notMeasurable') }
        : judgeOnFreeCores(
            { label, ok: after > before, detail: switchCostMsg('detail.involuntary', { before, after }) },
            cores,
            needs(atCores, last),
          ),
    )
  }
  const best = bestOf(upToCores, 'overall')
  if (last && best) {
    const label = switchCostMsg('check.thrashing', { far: FAR * cores, kind: kindMsg })
    if (last.count < FAR * cores) {
      checks.push({ label, ok: null, detail: switchCostMsg('detail.notFar', { most: last.count, far: FAR * cores }) })
    } else {
      const check = {
        label,
        ok: last.overall < best.overall * (1 - THRASH_DROP),
        detail: switchCostMsg('detail.thrashing', {
          at: best.count,
          atRate: best.overall,
          most: last.count,
          mostRate: last.overall,
          startMs: last.startMs,
        }),
      }
      checks.push(judgeOnFreeCores(check, cores, needs(best, last)))
    }
  }
  return checks
}

/**
 * Time the most-tasks point spent switching: the OS's own count of its
 * switches (voluntary and involuntary) × the raw price of one (half a raw
 * round trip). Not the language primitive's price: that includes the
 * interpreter's own work on each side.
 */
export function switching(r: SwitchResult): { us: number; switches: number; ms: number; pct: number } | null {
  const last = r.points.at(-1)
  const raw = tripOf(r, r.pingPong.raw)
  if (!last || last.involuntary === null || last.voluntary === null || !raw || raw.us === null || last.ms <= 0)
    return null
  const switches = last.voluntary + last.involuntary
  const us = raw.us / 2
  const ms = (switches * us) / 1000
  return {
    us: Math.round(us * 10) / 10,
    switches,
    ms: Math.round(ms * 10) / 10,
    pct: Math.round((ms / last.ms) * 1000) / 10,
  }
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
  const best = bestOf(points, 'throughput')
  const last = points.at(-1)
  const atCores = points.filter((p) => p.count <= cores).at(-1)
  const sw = r ? switching(r) : null
  const unknown = switchCostMsg('outcome.unknown')
  const trips = r?.pingPong.trips ?? []
  const facts: OutcomeFact[] = [
    { label: switchCostMsg('fact.roundTrip') },
    { label: switchCostMsg('fact.pricing') },
    { label: switchCostMsg('fact.paging') },
  ]
  if (r?.language === 'python') facts.push({ label: switchCostMsg('fact.pythonProcesses') })
  const raw = r ? tripOf(r, r.pingPong.raw) : undefined
  // A raw trip timed while other programs held the cores includes waiting for one: the price, and so the time, are overstated.
  const rawCrowded = raw ? crowdedBy(raw.machine, cores, 1) : null
  if (rawCrowded !== null) facts.push({ label: switchCostMsg('fact.rawCrowded', { others: rawCrowded }) })
  return {
    summary:
      r && last
        ? switchCostMsg('outcome.summary', {
            trips: trips.length
              ? joinMsgs(
                  trips.map((t) =>
                    switchCostMsg('outcome.trip', { trip: switchCostMsg(`trip.${t.id}`), us: t.us ?? unknown }),
                  ),
                  switchCostMsg('outcome.list'),
                )
              : unknown,
            raw: raw ? switchCostMsg(`trip.${raw.id}`) : unknown,
            switchUs: sw?.us ?? unknown,
            counts: points.map((p) => p.count).join(', '),
            kind: kindMsg,
            best: best?.count ?? unknown,
            most: last.count,
            switches: sw?.switches ?? unknown,
            switchingMs: sw?.ms ?? unknown,
            pct: sw?.pct ?? unknown,
            ms: last.ms,
            startMs: last.startMs,
          })
        : switchCostMsg('outcome.stopped'),
    checks: r ? switchChecks(r) : [],
    facts,
    figures: {
      language: r?.language ?? null,
      kind,
      cores,
      ...Object.fromEntries(trips.map((t) => [`us.${t.id}`, t.us])),
      switchUs: sw?.us ?? null,
      switchingMs: sw?.ms ?? null,
      switchingPct: sw?.pct ?? null,
      'one.throughput': points[0]?.throughput ?? null,
      'atCores.throughput': atCores?.throughput ?? null,
      'atCores.overall': atCores?.overall ?? null,
      'atCores.involuntary': atCores?.involuntary ?? null,
      'most.count': last?.count ?? null,
      'most.throughput': last?.throughput ?? null,
      'most.overall': last?.overall ?? null,
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
          switchCostMsg('table.overall'),
          switchCostMsg('table.perCpu'),
          switchCostMsg('table.voluntary'),
          switchCostMsg('table.involuntary'),
          switchCostMsg('table.others'),
        ],
        rows: points.map((p) => [
          p.count,
          p.ms,
          p.startMs,
          p.throughput,
          p.overall,
          speedOrNull(p),
          p.voluntary,
          p.involuntary,
          othersShare(p, cores),
        ]),
      },
    },
  }
}

function speedOrNull(p: SwitchPoint): number | null {
  const v = coreSpeed(p)
  return v === null ? null : Math.round(v)
}

/** What other processes used of the whole machine during the point, %; null where not measured. */
function othersShare(p: SwitchPoint, cores: number): number | null {
  const others = othersUsed(p.machine)
  return others === null || cores <= 0 ? null : Math.round(others / cores)
}
