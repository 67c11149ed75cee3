import os from 'node:os'
import type { OutcomeCheck, RunOutcome } from '../../../shared/model'
import { entry } from '../../../child/entries'
import { cutShort, runParent, type Adopted } from '../../bridge/host-bridge'
import type { PoolData, PoolResult, PoolTimelineEntry as TimelineEntry } from '../../../shared/scenarios/pool'
import { defineScenario } from '../types'

const cores = Math.max(1, os.cpus().length)

export const poolScenario = defineScenario({
  info: {
    id: 'pool',
    title: 'Pool: N workers, more tasks',
    section: 'Pool',
    kind: 'process',
    summary:
      'The seed creates Pool(4), submits 5 tasks of random length with apply_async(), then close() and join(). A pool starts its workers once and hands each a new task when it finishes the last, ' +
      'so with more tasks than workers some task waits and then runs on a worker pid already used (in the seed, task 4 reuses the pid of task 2). ' +
      'close() means no new tasks (a submission after it is refused); join() waits for every worker. The default size is the number of logical cores. ' +
      'Watch the timeline: one lane per worker pid, a bar per task, and never more bars at once than workers.',
    options: [
      {
        key: 'workers',
        label: 'Workers',
        type: 'integer',
        default: cores,
        min: 1,
        max: 16,
        help: `Defaults to the number of logical cores (${cores} here).`,
      },
      { key: 'tasks', label: 'Tasks', type: 'integer', default: 5, min: 1, max: 50 },
      {
        key: 'maxTaskMs',
        label: 'Longest task (ms)',
        type: 'integer',
        default: 2000,
        min: 50,
        max: 10_000,
        help: 'Each task sleeps a random time up to this (the seed: up to 3 s).',
      },
    ],
  },
  sources: ['pool-parent', 'pool-worker'],
  async run(ctx) {
    const run = await runParent(ctx, entry('pool-parent'), 'pool parent')
    if (!run.result) return cutShort(ctx, run, 'pool parent', 'join() returned')
    return poolOutcome(
      run.started.pid,
      run.bridge.withRole('pool worker'),
      run.result,
      Number(ctx.options.workers),
      Number(ctx.options.tasks),
    )
  },
})

function poolOutcome(parentPid: number, workers: Adopted[], r: PoolResult, n: number, t: number): RunOutcome<PoolData> {
  const done = r.timeline.filter((e): e is Required<TimelineEntry> => e.end !== undefined)
  const byPid = new Map<number, Required<TimelineEntry>[]>()
  for (const e of done) byPid.set(e.pid, [...(byPid.get(e.pid) ?? []), e])
  const overlapping = [...byPid.values()].some((es) => {
    const sorted = [...es].sort((a, b) => a.start - b.start)
    return sorted.some((e, i) => i > 0 && e.start < sorted[i - 1].end)
  })
  // Most tasks running at any one moment, from the start/end edges.
  const edges = done
    .flatMap((e) => [
      { at: e.start, d: 1 },
      { at: e.end, d: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.d - b.d)
  let running = 0
  let peak = 0
  for (const e of edges) peak = Math.max(peak, (running += e.d))
  const firstStart = Math.min(...done.map((e) => e.start))
  const lastEnd = Math.max(...done.map((e) => e.end))
  const busyMs = done.reduce((s, e) => s + (e.end - e.start), 0)
  const wallMs = done.length ? lastEnd - firstStart : 0
  const workerPids = new Set(workers.map((w) => w.pid))
  const underParent = workers.filter((w) => (w.osPpid ?? w.ppid) === parentPid).length
  const lanes = [...byPid.entries()].map(([pid, es]) => `pid ${pid}: ${es.map((e) => e.task).join(', ')}`).join('; ')
  const reused = [...byPid.values()].filter((es) => es.length > 1).length

  const checks: OutcomeCheck[] = [
    {
      label: `${n} worker processes, each a child of the pool's parent`,
      ok: workers.length === n && underParent === n,
      detail: `${workers.length} started, ${underParent} with ppid ${parentPid}${workers.every((w) => w.osPpid !== undefined) ? ' (as the OS reports it)' : ' (as the parent reported it)'}`,
    },
    { label: `All ${t} tasks ran to the end`, ok: done.length === t, detail: `${done.length} of ${t} finished` },
    {
      label: "Every task ran on one of the pool's workers, never more at once than workers",
      ok: done.every((e) => workerPids.has(e.pid)) && peak <= n,
      detail: `at most ${peak} tasks at once with ${n} workers`,
    },
    {
      label: 'A worker takes a new task only when its last one has ended',
      ok: !overlapping && (t <= n || reused > 0),
      detail: lanes + (t > n ? ` (${reused} worker${reused === 1 ? '' : 's'} reused)` : ''),
    },
    {
      label: 'After close(), a new task is refused',
      ok: r.refused !== undefined,
      detail: r.refused ?? 'the submission was accepted',
    },
    {
      label: 'join() waited for every task',
      ok: done.length === t && r.joinedAt >= lastEnd,
      detail: `join() returned ${r.joinedAt - lastEnd} ms after the last task ended`,
    },
  ]
  return {
    summary:
      `${t} tasks on ${n} workers took ${(wallMs / 1000).toFixed(2)} s; run one after another they would have taken ${(busyMs / 1000).toFixed(2)} s ` +
      `(${wallMs ? (busyMs / wallMs).toFixed(2) : '-'}x).`,
    checks,
    figures: {
      parentPid,
      workers: n,
      tasks: t,
      finished: done.length,
      peakConcurrent: peak,
      wallMs,
      busyMs,
      speedup: wallMs ? Math.round((busyMs / wallMs) * 100) / 100 : null,
      joinAfterLastTaskMs: done.length ? r.joinedAt - lastEnd : null,
    },
    data: { timeline: r.timeline, startedAt: r.startedAt, closedAt: r.closedAt, joinedAt: r.joinedAt },
  }
}
