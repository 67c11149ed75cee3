// The verdicts of `pool`, from the timeline the tasks measured (start, end,
// pid), the pool's marks and the worker processes the parent reported. Pure:
// test/core/pool-checks.test.ts feeds it broken timelines to see each fail.
import { poolMsg as msg } from '../../../shared/i18n/scenarios/pool'
import type { Msg } from '../../../shared/msg'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { PoolData, PoolResult, PoolTimelineEntry } from '../../../shared/scenarios/pool'

type Done = Required<PoolTimelineEntry>

/** A worker process as the bridge saw it. */
export interface SeenWorker {
  readonly pid: number
  readonly ppid: number
  readonly osPpid?: number
  readonly exit?: unknown
}

export interface PoolRun {
  readonly parentPid: number
  readonly workers: readonly SeenWorker[]
  /** Python under forkserver: the fork server, the workers' parent. */
  readonly server?: SeenWorker
  readonly result: PoolResult
  /** Pool size and tasks submitted (the options). */
  readonly n: number
  readonly t: number
}

/** One worker runs one task first: 'tasks 0–0, all running at once' would say nothing true. */
const firstWaveLabel = (firstN: number): Msg =>
  firstN <= 1 ? msg('check.firstWaveOne') : msg('check.firstWave', { last: firstN - 1 })

export function poolPythonChecks(n: number, t: number, method: string): Msg[] {
  return [
    msg('check.workers', { n }),
    msg('check.allDone', { t }),
    msg('check.onWorkers'),
    firstWaveLabel(Math.min(n, t)),
    msg('check.reuse', { n }),
    msg('check.refused'),
    msg('check.joinWaited'),
    msg('check.joinBeforeClose'),
    msg('check.queueNeedsManager'),
    msg('check.tasksPickled', { method }),
  ]
}

const round = (ms: number): number => Math.round(ms)

export function poolOutcome({ parentPid, workers, server, result: r, n, t }: PoolRun): RunOutcome<PoolData> {
  const done = r.timeline.filter((e): e is Done => e.end !== undefined)
  const byPid = new Map<number, Done[]>()
  for (const e of [...done].sort((a, b) => a.start - b.start)) byPid.set(e.pid, [...(byPid.get(e.pid) ?? []), e])
  const lanes = [...byPid.entries()].map(([pid, es]) => `${pid}: ${es.map((e) => e.task).join(', ')}`).join('; ')

  // Most tasks running at any one moment, from the start/end edges (an end before a start at the same instant).
  const edges = done
    .flatMap((e) => [
      { at: e.start, d: 1 },
      { at: e.end, d: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.d - b.d)
  let running = 0
  let peak = 0
  for (const e of edges) peak = Math.max(peak, (running += e.d))

  const workerPids = new Set(workers.map((w) => w.pid))
  // Under forkserver the pool's workers are forked by the fork server, the parent's own child.
  const serverPid = r.startMethod === 'forkserver' ? (r.forkServerPid ?? undefined) : undefined
  const viaServer = r.startMethod === 'forkserver'
  const serverOk = !viaServer || (server !== undefined && (server.osPpid ?? server.ppid) === parentPid)
  const expectedPpid = viaServer ? serverPid : parentPid
  const underParent = serverOk ? workers.filter((w) => (w.osPpid ?? w.ppid) === expectedPpid).length : 0
  const firstN = Math.min(n, t)
  const byStart = [...r.timeline].sort((a, b) => a.start - b.start || a.task - b.task)
  const lastEnd = done.length ? Math.max(...done.map((e) => e.end)) : 0
  const firstStart = done.length ? Math.min(...done.map((e) => e.start)) : 0
  const busyMs = round(done.reduce((s, e) => s + (e.end - e.start), 0))
  const wallMs = done.length ? round(lastEnd - firstStart) : 0
  const exited = workers.filter((w) => w.exit !== undefined).length
  const reuse = judgeReuse(byPid, done, n, t, lanes, r)
  const speedup = wallMs ? Math.round((busyMs / wallMs) * 100) / 100 : null

  const checks: OutcomeCheck[] = [
    {
      label: msg('check.workers', { n }),
      ok: workers.length === n && underParent === n,
      detail: msg(viaServer ? 'detail.workersUnderServer' : 'detail.workers', {
        started: workers.length,
        under: underParent,
        parent: parentPid,
        server: serverPid ?? '?',
        serverPpid: server ? (server.osPpid ?? server.ppid) : '?',
        source: msg(workers.length && workers.every((w) => w.osPpid !== undefined) ? 'detail.byOs' : 'detail.byParent'),
      }),
    },
    {
      label: msg('check.allDone', { t }),
      ok: done.length === t,
      detail: msg('detail.allDone', { done: done.length, t }),
    },
    {
      label: msg('check.onWorkers'),
      ok: done.every((e) => workerPids.has(e.pid)) && peak <= n,
      detail: msg('detail.onWorkers', { peak, n, outside: done.filter((e) => !workerPids.has(e.pid)).length }),
    },
    { label: firstWaveLabel(firstN), ...judgeFirstWave(r, byStart, n, firstN, lanes) },
    { label: msg('check.reuse', { n }), ok: reuse.ok, detail: reuse.detail },
  ]
  const facts: OutcomeFact[] = []
  if (r.language === 'python') {
    checks.push({
      label: msg('check.refused'),
      ok: r.refused !== undefined,
      detail: r.refused !== undefined ? msg('detail.refused', { error: r.refused }) : msg('detail.accepted'),
    })
  } else {
    facts.push({ label: msg('fact.refusedNode'), detail: msg('fact.refusedNodeDetail', { error: r.refused ?? '—' }) })
    facts.push({ label: msg('fact.nodeStart'), detail: msg('fact.nodeStartDetail') })
  }
  checks.push({
    label: msg('check.joinWaited'),
    ok: done.length === t && r.joinedAt >= lastEnd && exited === workers.length && workers.length > 0,
    detail: msg('detail.joinWaited', { after: round(r.joinedAt - lastEnd), exited, n: workers.length }),
  })
  if (r.language === 'python') checks.push(...ruleChecks(r))
  const base = r.createdAt ?? r.startedAt
  const readyAts = (r.ready ?? []).map((w) => w.at)
  const allUpMs = readyAts.length >= n ? round(Math.max(...readyAts) - base) : null

  return {
    summary: msg('outcome.summary', {
      t,
      n,
      wall: (wallMs / 1000).toFixed(2),
      up:
        allUpMs === null
          ? msg('outcome.upUnknown')
          : r.startMethod
            ? msg('outcome.upPython', { n, ms: allUpMs, method: r.startMethod, default: r.defaultMethod ?? '?' })
            : msg('outcome.upNode', { n, ms: allUpMs }),
      busy: (busyMs / 1000).toFixed(2),
      speedup: speedup ?? '-',
      then: reuse.waiter
        ? msg('outcome.waited', {
            task: reuse.waiter.task,
            waited: ((reuse.waiter.start - firstStart) / 1000).toFixed(2),
            pid: reuse.waiter.pid,
            prev: reuse.prev?.task ?? '?',
          })
        : msg('outcome.noWait'),
    }),
    checks,
    facts,
    figures: {
      language: r.language,
      startMethod: r.startMethod ?? null,
      parentPid,
      workers: n,
      tasks: t,
      finished: done.length,
      peakConcurrent: peak,
      wallMs,
      busyMs,
      speedup,
      waitedMs: reuse.waiter ? round(reuse.waiter.start - firstStart) : null,
      joinAfterLastTaskMs: done.length ? round(r.joinedAt - lastEnd) : null,
      firstWorkerUpMs: readyAts.length ? round(Math.min(...readyAts) - base) : null,
      allWorkersUpMs: allUpMs,
    },
    data: { timeline: r.timeline, startedAt: r.startedAt, closedAt: r.closedAt, joinedAt: r.joinedAt },
  }
}

/**
 * A worker runs one task at a time, and every task past the first n (by
 * submission) starts only once an earlier task on the same pid has ended: it
 * waited for that worker and reused it.
 */
function judgeReuse(
  byPid: Map<number, Done[]>,
  done: readonly Done[],
  n: number,
  t: number,
  lanes: string,
  r: PoolResult,
): { ok: boolean | null; detail: Msg; waiter?: Done; prev?: Done } {
  for (const [pid, es] of byPid) {
    const i = es.findIndex((e, k) => k > 0 && e.start < es[k - 1].end)
    if (i > 0) return { ok: false, detail: msg('detail.overlap', { pid, a: es[i - 1].task, b: es[i].task, lanes }) }
  }
  if (t <= n) return { ok: done.length === t, detail: msg('detail.noWait', { t, n, lanes }) }
  const waiters = done.filter((e) => e.task >= n).sort((a, b) => a.start - b.start)
  if (waiters.length === 0) return { ok: false, detail: msg('detail.noWait', { t, n, lanes }) }
  const readyAt = new Map((r.ready ?? []).map((w) => [w.pid, w.at]))
  const firstEnd = Math.min(...done.map((e) => e.end))
  let shown: { waiter: Done; prev: Done } | undefined
  let late: Done | undefined
  for (const e of waiters) {
    const prev = (byPid.get(e.pid) ?? []).filter((f) => f !== e && f.end <= e.start).sort((a, b) => b.end - a.end)[0]
    if (prev) {
      shown ??= { waiter: e, prev }
      continue
    }
    // The first task of a worker that came up only after a task had ended elsewhere (a slow
    // start on a busy machine): it waited for that worker to exist, not for one to finish.
    // Not a ✗ of the pool; a worker that was up and idle while tasks waited still is.
    const up = readyAt.get(e.pid)
    if (up === undefined || up < firstEnd) {
      return { ok: false, detail: msg('detail.notFreed', { task: e.task, pid: e.pid, lanes }) }
    }
    late ??= e
  }
  if (!shown) {
    const e = late!
    const base = r.createdAt ?? r.startedAt
    return {
      ok: null,
      detail: msg('detail.lateWorker', {
        task: e.task,
        pid: e.pid,
        up: round(readyAt.get(e.pid)! - base),
        ended: round(firstEnd - base),
        lanes,
      }),
    }
  }
  const { waiter, prev } = shown
  return {
    ok: true,
    detail: msg('detail.reuse', {
      task: waiter.task,
      pid: waiter.pid,
      gap: round(waiter.start - prev.end),
      prev: prev.task,
      lanes,
    }),
    waiter,
    prev,
  }
}

/**
 * The tutorial's first wave (tasks 0..n-1 start together, one per worker), as
 * it happened: nothing holds the workers back, so a worker that is up early
 * takes the next task as soon as its last one ends. Where a task of the first
 * wave ended before the last worker was even up, the tasks were too short to
 * show a full pool: not measurable, not a ✗ of Pool.
 */
function judgeFirstWave(
  r: PoolResult,
  byStart: readonly PoolTimelineEntry[],
  n: number,
  firstN: number,
  lanes: string,
): { ok: boolean | null; detail: Msg } {
  const wave = byStart.slice(0, firstN)
  const base = r.createdAt ?? r.startedAt
  const ready = r.ready ?? []
  const lastUp = ready.length >= n ? Math.max(...ready.map((w) => w.at)) : undefined
  const early =
    lastUp === undefined
      ? undefined
      : wave.filter((e): e is Done => e.end !== undefined && e.end < lastUp).sort((a, b) => a.end - b.end)[0]
  if (early && lastUp !== undefined) {
    return {
      ok: null,
      detail: msg('detail.firstWaveTooShort', {
        task: early.task,
        ran: round(early.end - early.start),
        ended: round(early.end - base),
        up: round(lastUp - base),
        lanes,
      }),
    }
  }
  const rest =
    byStart
      .slice(firstN)
      .map((e) => e.task)
      .join(', ') || msg('detail.none')
  if (firstN === 1 && wave.length === 1) {
    // One worker: nothing runs alongside task 0, so there is no overlap to measure, only the order.
    const [first] = wave
    return { ok: first.task === 0, detail: msg('detail.firstWaveOne', { task: first.task, pid: first.pid, rest }) }
  }
  const pids = new Set(wave.map((e) => e.pid)).size
  const ends = wave.map((e) => e.end ?? Number.POSITIVE_INFINITY)
  const together = wave.length ? Math.min(...ends) - Math.max(...wave.map((e) => e.start)) : 0
  return {
    ok: wave.length === firstN && wave.every((e) => e.task < firstN) && pids === firstN && together > 0,
    detail: msg('detail.firstWave', {
      n: firstN,
      first: wave.map((e) => e.task).join(', '),
      pids,
      overlap:
        together > 0
          ? msg('detail.together', { ms: Number.isFinite(together) ? round(together) : '?' })
          : msg('detail.neverTogether'),
      rest,
    }),
  }
}

/** What the tutorial's rules do, as multiprocessing itself answered on one-worker pools (Python mode). */
function ruleChecks(r: PoolResult): OutcomeCheck[] {
  const rules = r.rules
  const raised = (error: string | null | undefined): Msg =>
    error ? msg('detail.raised', { error }) : msg(rules ? 'detail.noError' : 'detail.notReported')
  return [
    {
      label: msg('check.joinBeforeClose'),
      ok: !!rules?.joinBeforeClose?.startsWith('ValueError'),
      detail: raised(rules?.joinBeforeClose),
    },
    {
      label: msg('check.queueNeedsManager'),
      ok:
        !!rules?.queueArgument?.startsWith('RuntimeError') &&
        rules.managerQueue === null &&
        rules.managerGot !== undefined,
      detail: msg('detail.queueNeedsManager', {
        queue: raised(rules?.queueArgument),
        manager:
          rules?.managerGot !== undefined
            ? msg('detail.managerGot', { got: rules.managerGot })
            : raised(rules?.managerQueue),
      }),
    },
    {
      label: msg('check.tasksPickled', { method: r.startMethod ?? '?' }),
      ok: !!rules?.lambdaTask && /pickl/i.test(rules.lambdaTask),
      detail: raised(rules?.lambdaTask),
    },
  ]
}
