import type { OutcomeCheck } from '../../../shared/model'
import { entry } from '../../../child/entries'
import { cutShort, runParent } from '../../bridge/host-bridge'
import type { DistributedResultItem as Result } from '../../../shared/scenarios/distributed'
import { defineScenario } from '../types'

const LOOPBACK = '127.0.0.1'

export const distributedScenario = defineScenario({
  info: {
    id: 'distributed',
    title: 'Distributed: a master and workers over the network',
    section: '分布式进程 (managers)',
    kind: 'process',
    summary:
      "The seed's multiprocessing.managers example: a master process owns a task queue and a result queue and exposes them on a network address with an authkey; " +
      'workers, on this machine or another, know only that address and key, connect, take numbers from the task queue and put n*n on the result queue. ' +
      'The queues live in the master alone; a worker reaches them only over its connection, and only after answering a random challenge with an HMAC of the key. ' +
      'Here the master listens on 127.0.0.1 only and forks its workers; an intruder with the right address but a wrong key is turned away. ' +
      'Watch the queue sizes, which worker pid computed each result, and the refused connection.',
    options: [
      { key: 'workers', label: 'Workers', type: 'integer', default: 2, min: 1, max: 4 },
      {
        key: 'tasks',
        label: 'Tasks',
        type: 'integer',
        default: 10,
        min: 1,
        max: 50,
        help: 'The seed puts 10 random numbers on the task queue.',
      },
      { key: 'intruder', label: 'Also try to connect with a wrong key', type: 'boolean', default: true },
    ],
  },
  sources: ['distributed-master', 'distributed-worker'],
  async run(ctx) {
    const run = await runParent(ctx, entry('distributed-master'), 'master')
    if (!run.result) return cutShort(ctx, run, 'master', 'all results were collected')
    const r = run.result
    const masterPid = run.started.pid
    const w = Number(ctx.options.workers)
    const t = Number(ctx.options.tasks)
    const adopted = run.bridge.withRole('worker ')
    const workerPids = new Set(r.workers.map((k) => k.pid))
    const underMaster = adopted.filter((a) => (a.osPpid ?? a.ppid) === masterPid).length

    // Each task answered exactly once, by a worker, with the right square.
    const byId = new Map<number, Result[]>()
    for (const res of r.results) byId.set(res.id, [...(byId.get(res.id) ?? []), res])
    const correct = r.tasks.filter((task) => {
      const got = byId.get(task.id) ?? []
      return got.length === 1 && got[0].n === task.n && got[0].square === task.n * task.n
    }).length
    const example = r.results[0]

    const perPid = new Map<number, number>()
    for (const res of r.results) perPid.set(res.pid, (perPid.get(res.pid) ?? 0) + 1)
    const share = r.workers.map((k) => `${k.role} (pid ${k.pid}): ${perPid.get(k.pid) ?? 0}`).join(', ')
    const strangers = [...perPid.keys()].filter((pid) => !workerPids.has(pid))
    const expectedPids = Math.min(w, t)

    const refusedConns = r.connections.filter((c) => c.state === 'refused')
    const servedToRefused = refusedConns.reduce((s, c) => s + c.served, 0)
    const ignoredFromRefused = refusedConns.reduce((s, c) => s + c.ignored, 0)
    const admitted = r.connections.filter((c) => c.state !== 'refused').length

    const listenAt = `${r.address.address}:${r.address.port}`
    const onLoopbackOnly =
      r.address.address === LOOPBACK &&
      (r.listeners === null || (r.listeners.length > 0 && r.listeners.every((l) => l === listenAt)))

    const badExits = r.workers.filter((k) => k.exit.code !== 0)

    const checks: OutcomeCheck[] = [
      {
        label: `Every one of the ${t} tasks came back once, with the right n*n`,
        ok: correct === t && r.results.length === t && !r.timedOut,
        detail:
          `${correct} of ${t} correct, ${r.results.length} results collected` +
          (example ? ` (e.g. ${example.text})` : '') +
          (r.timedOut ? '; the result queue stayed empty for 10 s' : ''),
      },
      {
        label: `The work was shared by ${expectedPids} worker process${expectedPids === 1 ? '' : 'es'}, each a child of the master`,
        ok: perPid.size === expectedPids && strangers.length === 0 && adopted.length === w && underMaster === w,
        detail:
          `${share}; ${underMaster} of ${w} with ppid ${masterPid}${adopted.every((a) => a.osPpid !== undefined) ? ' (as the OS reports it)' : ' (as the master reported it)'}` +
          (strangers.length ? `; results from unknown pids ${strangers.join(', ')}` : ''),
      },
      {
        label: 'The server listened on loopback only',
        ok: onLoopbackOnly,
        detail:
          `bound to ${listenAt}` +
          (r.listeners ? `; the kernel lists the master listening on ${r.listeners.join(', ') || 'nothing'}` : ''),
      },
      {
        label: `All ${w} workers exited by themselves with code 0`,
        ok: badExits.length === 0,
        detail: r.workers.map((k) => `pid ${k.pid}: ${k.exit.signal ?? `code ${k.exit.code}`}`).join(', '),
      },
    ]
    if (r.intruder) {
      const v = r.intruder.view
      checks.splice(2, 0, {
        label: 'A client with the wrong key was refused, and nothing was served to it',
        ok:
          refusedConns.length === 1 &&
          servedToRefused === 0 &&
          v.refused !== undefined &&
          v.received === 0 &&
          admitted === w,
        detail:
          `intruder pid ${r.intruder.pid}: ${v.refused ? `told "${v.refused}"` : 'never refused'}, ${v.received} tasks received; ` +
          `the server refused ${refusedConns.length} connection${refusedConns.length === 1 ? '' : 's'}, served them ${servedToRefused} items, ` +
          `ignored ${ignoredFromRefused} request${ignoredFromRefused === 1 ? '' : 's'} sent after the wrong answer`,
      })
    }
    const wallMs = r.results.length ? r.collectedAt - r.tasksPutAt : 0
    return {
      summary:
        `Master ${masterPid} served its queues on ${listenAt}; ${w} worker${w === 1 ? '' : 's'} computed ${r.results.length} of ${t} squares in ${(wallMs / 1000).toFixed(2)} s (${share})` +
        (r.intruder ? `; the wrong key was ${refusedConns.length ? 'refused' : 'NOT refused'}.` : '.'),
      checks,
      figures: {
        masterPid,
        address: r.address.address,
        port: r.address.port,
        workers: w,
        tasks: t,
        results: r.results.length,
        correct,
        workerPids: perPid.size,
        refused: refusedConns.length,
        servedToRefused,
        intruderPid: r.intruder?.pid ?? null,
        intruderExitCode: r.intruder?.exit?.code ?? null,
        wallMs,
      },
      data: {
        tasks: r.tasks,
        results: r.results,
        connections: r.connections,
        workers: r.workers,
        listeners: r.listeners,
      },
    }
  },
})
