// The thread scenarios, started through Lab.invoke (the path the UI takes) and
// checked against the OS: /proc's thread list and CPU counters, not only what
// the scenarios say about themselves.
import { checkOf, english } from './helpers/outcome'
import os from 'node:os'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Lab } from '../src/core/lab'
import { threadRunOf, type LabEvent, type RunInfo, type Snapshot } from '../src/shared/model'
import type { DeadlockReport, ThreadLive, ThreadOutcomeData } from '../src/shared/thread-lab'
import { alive, sleep, waitFor, coresBusyElsewhere, osParentOf, osThreads } from './helpers/procs'
import { hasProcfs, hasThreadList, needs } from './helpers/capability'
import { loopThreadLines } from './helpers/tutorial-runs'

let lab: Lab
const runIds: string[] = []
const hostPids = new Set<number>()

beforeAll(() => {
  lab = new Lab({ intervalMs: 500 })
  lab.on('event', (e: LabEvent) => {
    if (e.type === 'spawn' && e.role === 'scenario host') hostPids.add(e.pid)
  })
  lab.start()
})
afterEach(async () => {
  // A failed test must not leave its run going.
  for (const id of runIds.splice(0)) await lab.invoke('stopScenario', [id])
})
afterAll(async () => {
  await lab.close()
  for (const pid of hostPids) {
    if (alive(pid)) {
      process.kill(pid, 'SIGKILL')
      throw new Error(`scenario host ${pid} outlived its run`)
    }
  }
})

async function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const reply = await lab.invoke(method, args)
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
  return reply.value as T
}

/** Starts a scenario and follows its RunInfo through the lab's events. */
async function start(
  id: string,
  options: Record<string, unknown> = {},
): Promise<{ latest: () => RunInfo; ended: Promise<RunInfo> }> {
  let latest: RunInfo | undefined
  let resolve!: (r: RunInfo) => void
  const ended = new Promise<RunInfo>((r) => (resolve = r))
  const onEvent = (e: LabEvent): void => {
    if (e.type !== 'run' || e.run.runId !== latest?.runId) return
    latest = e.run
    if (e.run.endedAt) {
      lab.off('event', onEvent)
      resolve(e.run)
    }
  }
  lab.on('event', onEvent)
  latest = await call<RunInfo>('startScenario', id, options)
  runIds.push(latest.runId)
  return { latest: () => latest!, ended }
}

const liveOf = (r: RunInfo): ThreadLive | undefined => threadRunOf(r)?.live
const dataOf = (r: RunInfo): ThreadOutcomeData => threadRunOf(r)?.outcome?.data ?? {}

/** CPU of each thread of `pid` over `ms`, % of one core, as the OS counts it (/proc on Linux, NT on Windows). */
async function threadCpu(pid: number, ms: number): Promise<Map<number, number>> {
  const before = new Map((osThreads(pid) ?? []).map((t) => [t.tid, t.seconds]))
  const t0 = performance.now()
  await sleep(ms)
  const seconds = (performance.now() - t0) / 1000
  return new Map(
    (osThreads(pid) ?? []).map((t) => [t.tid, ((t.seconds - (before.get(t.tid) ?? t.seconds)) / seconds) * 100]),
  )
}

describe('threads', () => {
  it('runs LoopThread beside MainThread in one process, and the details pane names them by tid', async (ctx) => {
    needs(ctx, hasThreadList())
    const run = await start('threads', { language: 'node', count: 3, pauseMs: 400 })
    const live = (await waitFor(() => {
      const l = liveOf(run.latest())
      return l?.threads.find((t) => t.name === 'LoopThread' && t.state.key === 'core.thread.sleeping' && t.tid > 0)
        ? l
        : null
    }))!
    const host = live.hostPid!
    const loop = live.threads.find((t) => t.name === 'LoopThread')!
    // The OS agrees: both are threads of the host process.
    const tids = (osThreads(host) ?? []).map((t) => t.tid)
    expect(tids).toContain(host)
    expect(tids).toContain(loop.tid)
    expect(live.threads.find((t) => t.name === 'MainThread')?.state).toEqual({
      key: 'core.thread.joining',
      params: { thread: 'LoopThread' },
    })
    // The sampler's thread list carries the lab's name and state for that tid.
    await lab.sampler.sampleNow()
    const details = await call<{
      threads: { tid: number; name: string; labName?: string; labState?: { key: string } }[]
    }>('getProcess', host)
    const row = details.threads.find((t) => t.tid === loop.tid)
    expect(row?.labName).toBe('LoopThread')
    expect(row?.name).toBe('LoopThread') // the OS's own name for it (comm)
    expect(['core.thread.sleeping', 'core.thread.running']).toContain(row?.labState?.key)

    const done = await run.ended
    expect(done.status).toBe('finished')
    expect(done.outcome!.checks.every((c) => c.ok)).toBe(true)
    const lines = dataOf(done).lines!.map((l) => l.text)
    expect(lines).toEqual(loopThreadLines(3))
    expect(alive(host)).toBe(false)
  })
})

describe('thread-local', () => {
  it('keeps each thread its own student, and shows a shared global mixing them up', async () => {
    const run = await start('thread-local', { language: 'node', students: ['Alice', 'Bob', 'Carol'] })
    const done = await run.ended
    expect(done.status).toBe('finished')
    const f = done.outcome!.figures
    expect(f['perThread.wrong']).toBe(0)
    expect(f['asyncLocal.wrong']).toBe(0)
    expect(f['shared.wrong']).toBeGreaterThan(0)
    expect(f['taskGlobal.wrong']).toBeGreaterThan(0)
    expect(done.outcome!.checks.every((c) => c.ok)).toBe(true)
  })
})

describe('lock-race', () => {
  // Losing updates needs both threads running at once: on a loaded 2-core machine they sometimes run in
  // turn (measured: at 300 000 calls none of three runs lost any with the load at 16). Up to five tries.
  it('ends at balance 0 with the lock every time, and loses updates without it', async () => {
    const lost: number[] = []
    for (let i = 0; i < 5 && !lost.some((n) => n > 0); i++) {
      const run = await start('lock-race', { language: 'node', threads: 2, iterations: 1_000_000 })
      const done = await run.ended
      expect(done.status).toBe('finished')
      const f = done.outcome!.figures
      expect(f['locked.balance']).toBe(0)
      expect(f['locked.lost']).toBe(0)
      lost.push(f['unlocked.lost'] as number)
    }
    expect(
      lost.some((n) => n > 0),
      `lost: ${lost.join(', ')}`,
    ).toBe(true)
  })
})

describe('deadlock', () => {
  it('reports the cycle within a sampling interval, burns no CPU while stuck, and stops cleanly', async (ctx) => {
    needs(ctx, hasThreadList())
    const run = await start('deadlock', { language: 'node', holdMs: 150 })
    const report = (await waitFor(() => liveOf(run.latest())?.deadlock ?? null, 5000, 20))!
    const seenAt = Date.now()
    const live = liveOf(run.latest())!
    expect(report.threads).toEqual(['Thread-1', 'Thread-2'])
    expect(report.locks).toEqual(['B', 'A'])
    expect(english(report.text)).toBe('Thread-1 holds A and waits for B; Thread-2 holds B and waits for A.')
    // Within one sampling interval of the second thread blocking (its own record says when).
    const blocked = Math.max(...live.threads.filter((t) => t.name.startsWith('Thread-')).map((t) => t.since))
    expect(seenAt - blocked).toBeLessThanOrEqual(500)
    expect(report.latencyMs).toBeLessThanOrEqual(500)
    // The graph: two threads, two locks, four edges all on the cycle.
    expect(live.graph!.cycles).toHaveLength(1)
    expect(live.graph!.edges.filter((e) => e.inCycle)).toHaveLength(4)
    expect(
      live.threads
        .filter((t) => t.state.key === 'core.thread.waiting')
        .map((t) => `${t.name}: ${english(t.state)}`)
        .sort(),
    ).toEqual(['Thread-1: waiting for lock B', 'Thread-2: waiting for lock A'])

    // By the OS's count, the deadlocked threads (and the host) use almost nothing.
    const host = live.hostPid!
    const cpu = await threadCpu(host, 1000)
    for (const t of live.threads.filter((x) => x.name.startsWith('Thread-')))
      expect(cpu.get(t.tid) ?? 0).toBeLessThan(2)
    expect([...cpu.values()].reduce((a, b) => a + b, 0)).toBeLessThan(10)
    const withCpu = await waitFor(
      () => (liveOf(run.latest())?.deadlock?.threadCpu !== undefined ? liveOf(run.latest())!.deadlock! : null),
      4000,
    )
    expect((withCpu as DeadlockReport).threadCpu).toBeLessThan(2)

    await call('stopScenario', run.latest().runId)
    const done = await run.ended
    expect(done.status).toBe('stopped')
    expect(checkOf(done.outcome, 'check.cycle').ok).toBe(true)
    expect(alive(host)).toBe(false)
    expect(osParentOf(host)).toBeUndefined()
  })

  it('breaks the cycle by terminating one thread: its lock is freed and the other finishes', async () => {
    const run = await start('deadlock', { language: 'node', holdMs: 100 })
    await waitFor(() => liveOf(run.latest())?.deadlock ?? null, 5000, 20)
    await call('scenarioAction', run.latest().runId, 'break', { thread: 'Thread-2' })
    const done = await run.ended
    expect(done.status).toBe('finished')
    const byName = new Map(dataOf(done).threads!.map((t) => [t.name, t.state.key]))
    expect(byName.get('Thread-2')).toBe('core.thread.terminated')
    expect(byName.get('Thread-1')).toBe('core.thread.done')
    expect(done.outcome!.figures.endedBy).toBe('terminated Thread-2')
  })

  it('never deadlocks when both threads take the locks in the same order', async () => {
    const run = await start('deadlock', { language: 'node', variant: 'ordered', holdMs: 100 })
    const done = await run.ended
    expect(done.status).toBe('finished')
    expect(done.outcome!.figures.cycle).toBeNull()
    expect(done.outcome!.checks.every((c) => c.ok)).toBe(true)
  })
})

describe('spin', () => {
  /**
   * The host's CPU as the monitor showed it (% of one core), from the ticks
   * when every busy loop had reported that it was spinning.
   */
  async function spinAndWatch(options: Record<string, unknown>): Promise<{ done: RunInfo; seen: number[] }> {
    const seen: number[] = []
    let run: Awaited<ReturnType<typeof start>> | undefined
    const onSnap = (s: Snapshot): void => {
      const live = run && liveOf(run.latest())
      if (!live?.hostPid || typeof live.phase !== 'object' || !live.phase.key.includes('.live.')) return
      const loops = live.threads.filter((t) => t.name.startsWith('spin-'))
      if (
        options.mode === 'threads' &&
        !(loops.length > 0 && loops.every((t) => t.state.key === 'core.thread.running' && t.progress > 0))
      )
        return
      const host = s.processes.find((p) => p.pid === live.hostPid)
      if (host) seen.push(host.cpu)
    }
    lab.on('snapshot', onSnap)
    try {
      run = await start('spin', options)
      return { done: await run.ended, seen }
    } finally {
      lab.off('snapshot', onSnap)
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

  // Other programs on a 2-core machine can take a share of the cores for a
  // while: a second attempt is allowed; both failing means the loops did not run in parallel.
  it('two worker threads take about two cores (200 %), by the OS and in the monitor', { retry: 1 }, async (ctx) => {
    // When other programs already want every core, two threads cannot get two of them
    // (measured at load 3 to 5 on 2 cores: 50 to 120 %): say so rather than fail on noise.
    const busy = await coresBusyElsewhere()
    if (busy) ctx.skip(busy)
    const { done, seen } = await spinAndWatch({ language: 'node', mode: 'threads', count: 2, durationS: 3 })
    expect(done.status).toBe('finished')
    expect(done.outcome!.figures['threads.cpu']).toBeGreaterThan(140)
    // The first reading may straddle the start; the rest are whole intervals of spinning.
    expect(seen.length).toBeGreaterThan(3)
    expect(median(seen.slice(1))).toBeGreaterThan(140)
  })

  it('the same loops as tasks on one event loop stay near one core (100 %)', async () => {
    const { done, seen } = await spinAndWatch({ language: 'node', mode: 'event-loop', count: 2, durationS: 3 })
    expect(done.status).toBe('finished')
    const cpu = done.outcome!.figures['event-loop.cpu'] as number
    expect(cpu).toBeLessThan(130)
    expect(cpu).toBeGreaterThan(40)
    expect(seen.length).toBeGreaterThan(3)
    // The first reading straddles the child's start, when V8 compiles on helper threads
    // as well (112–118 % here, 135 % on a loaded CI machine); the rest are the loops alone.
    expect(Math.max(...seen.slice(1))).toBeLessThan(130)
  })
})

describe('sweeps', () => {
  it('switch-cost measures a switch by ping-pong, and produces throughput and context-switch series per count', async () => {
    const run = await start('switch-cost', { language: 'node', maxCount: 8, workM: 60, roundTrips: 2000 })
    const done = await run.ended
    expect(done.status).toBe('finished')
    const charts = dataOf(done).charts!
    expect(charts.map((c) => c.id)).toEqual(['throughput', 'switches'])
    for (const c of charts) expect(c.x).toEqual([1, 2, 4, 8])
    const throughput = charts[0].series.flatMap((s) => s.values as number[])
    expect(throughput.every((v) => v > 0)).toBe(true)
    const switches = charts[1].series.flatMap((s) => s.values as number[])
    expect(switches.every((v) => Number.isInteger(v) && v >= 0)).toBe(true)
    // Four threads on this machine's cores: the OS had to take some off the CPU.
    if (os.cpus().length < 4) expect(charts[1].series.find((s) => s.id === 'involuntary')!.values[2]).toBeGreaterThan(0)
    // Each round trip measured and named: Atomics (the raw one), postMessage, process.send.
    const f = done.outcome!.figures
    for (const id of ['atomics', 'workerMessage', 'nodeIpc']) expect(f[`us.${id}`] as number).toBeGreaterThan(0)
    // The time spent switching is the OS's count × half the raw (Atomics) round trip.
    const last = dataOf(done).table!.rows.at(-1) as number[]
    const counted = last[6] + last[7]
    // And how fast a core went, from each worker thread's own CPU (Linux's schedstat).
    if (hasProcfs()) for (const row of dataOf(done).table!.rows) expect(row[5] as number).toBeGreaterThan(0)
    expect(f.switchingMs as number).toBeCloseTo((counted * (f['us.atomics'] as number)) / 2 / 1000, 0)
    // Eight on 2 cores is far more than cores: the thrashing check is judged (or not measurable when busy).
    expect(checkOf(done.outcome, 'check.thrashing').detail).toBeDefined()
  })

  it('cpu-vs-io produces both series; the I/O-bound one keeps climbing', async () => {
    const run = await start('cpu-vs-io', { language: 'node', maxConcurrency: 8, levelMs: 400 })
    const done = await run.ended
    expect(done.status).toBe('finished')
    const speedUp = dataOf(done).charts!.find((c) => c.id === 'speed-up')!
    expect(speedUp.x).toEqual([1, 2, 4, 8])
    const cpu = speedUp.series.find((s) => s.id === 'cpu')!.values as number[]
    const io = speedUp.series.find((s) => s.id === 'io')!.values as number[]
    expect(cpu).toHaveLength(4)
    expect(cpu.every((v) => v > 0)).toBe(true)
    // Waiting tasks overlap: eight at once finish several times as many as one.
    expect(io[3]).toBeGreaterThan(4)
    // Computing tasks cannot outgrow the cores.
    expect(cpu[3]).toBeLessThan(os.cpus().length + 1)
  })

  it('async-io holds its connections on one thread, and with a thread each', async () => {
    const run = await start('async-io', { language: 'node', connections: 400, threadConnections: 6, durationS: 1 })
    const done = await run.ended
    expect(done.status).toBe('finished')
    const f = done.outcome!.figures
    expect(f['event-loop.held']).toBe(400)
    expect(f['thread-per-connection.held']).toBe(6)
    // The event loop added no thread for its 400 connections; the other way (Python's real
    // threads, where Python is found) added one each.
    const rows = dataOf(done).table!.rows
    expect(rows).toHaveLength(2)
    expect(checkOf(done.outcome, 'check.noThreadAdded').ok).toBe(true)
    expect(f['thread-per-connection.threads'] as number).toBeGreaterThanOrEqual(
      (f['thread-per-connection.threadsBefore'] as number) + 6,
    )
  })
})
