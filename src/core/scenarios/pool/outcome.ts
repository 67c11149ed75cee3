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
  readonly result: PoolResult
  /** Pool size and tasks submitted (the options). */
  readonly n: number
  readonly t: number
}

export function poolPythonChecks(n: number, t: number): Msg[] {
  return [
    msg('check.workers', { n }),
    msg('check.allDone', { t }),
    msg('check.onWorkers'),
    msg('check.firstWave', { last: Math.min(n, t) - 1 }),
    msg('check.reuse', { n }),
    msg('check.refused'),
    msg('check.joinWaited'),
  ]
}

const round = (ms: number): number => Math.round(ms)

export function poolOutcome({ parentPid, workers, result: r, n, t }: PoolRun): RunOutcome<PoolData> {
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
  const underParent = workers.filter((w) => (w.osPpid ?? w.ppid) === parentPid).length
  const firstN = Math.min(n, t)
  const byStart = [...r.timeline].sort((a, b) => a.start - b.start || a.task - b.task)
  const firstTasks = byStart.slice(0, firstN).map((e) => e.task)
  const lastEnd = done.length ? Math.max(...done.map((e) => e.end)) : 0
  const firstStart = done.length ? Math.min(...done.map((e) => e.start)) : 0
  const busyMs = round(done.reduce((s, e) => s + (e.end - e.start), 0))
  const wallMs = done.length ? round(lastEnd - firstStart) : 0
  const exited = workers.filter((w) => w.exit !== undefined).length
  const reuse = judgeReuse(byPid, done, n, t, lanes)
  const speedup = wallMs ? Math.round((busyMs / wallMs) * 100) / 100 : null

  const checks: OutcomeCheck[] = [
    {
      label: msg('check.workers', { n }),
      ok: workers.length === n && underParent === n,
      detail: msg('detail.workers', {
        started: workers.length,
        under: underParent,
        parent: parentPid,
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
    {
      label: msg('check.firstWave', { last: firstN - 1 }),
      ok: firstTasks.length === firstN && firstTasks.every((task) => task < firstN),
      detail: msg('detail.firstWave', {
        n: firstN,
        first: firstTasks.join(', '),
        rest:
          byStart
            .slice(firstN)
            .map((e) => e.task)
            .join(', ') || msg('detail.none'),
      }),
    },
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
  }
  checks.push({
    label: msg('check.joinWaited'),
    ok: done.length === t && r.joinedAt >= lastEnd && exited === workers.length && workers.length > 0,
    detail: msg('detail.joinWaited', { after: round(r.joinedAt - lastEnd), exited, n: workers.length }),
  })

  return {
    summary: msg('outcome.summary', {
      t,
      n,
      wall: (wallMs / 1000).toFixed(2),
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
): { ok: boolean; detail: Msg; waiter?: Done; prev?: Done } {
  for (const [pid, es] of byPid) {
    const i = es.findIndex((e, k) => k > 0 && e.start < es[k - 1].end)
    if (i > 0) return { ok: false, detail: msg('detail.overlap', { pid, a: es[i - 1].task, b: es[i].task, lanes }) }
  }
  if (t <= n) return { ok: done.length === t, detail: msg('detail.noWait', { t, n, lanes }) }
  const waiters = done.filter((e) => e.task >= n).sort((a, b) => a.start - b.start)
  if (waiters.length === 0) return { ok: false, detail: msg('detail.noWait', { t, n, lanes }) }
  let shown: { waiter: Done; prev: Done } | undefined
  for (const e of waiters) {
    const prev = (byPid.get(e.pid) ?? []).filter((f) => f !== e && f.end <= e.start).sort((a, b) => b.end - a.end)[0]
    if (!prev) return { ok: false, detail: msg('detail.notFreed', { task: e.task, pid: e.pid, lanes }) }
    shown ??= { waiter: e, prev }
  }
  const { waiter, prev } = shown!
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
