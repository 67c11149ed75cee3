// The process scenarios, started through Lab.invoke (the path the UI takes),
// checked against the OS while they run and by the outcome they report.
import { checkOf, english } from './helpers/outcome'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Lab } from '../src/core/lab'
import { runOf, type ExitInfo, type LabEvent, type ScenarioInfo } from '../src/shared/model'
import type { ScenarioSource } from '../src/shared/api'
import { alive, sleep, waitFor } from './helpers/procs'
import { byRole, expectAllChecksOk, exitOf, outputOf, useScenarioLab } from './helpers/scenario-runs'
import { expectQueuePair, expectQueuePairStops } from './helpers/tutorial-runs'

const { lab: currentLab, events, call, callError, start } = useScenarioLab()
let lab: Lab
beforeAll(() => {
  lab = currentLab()
})

describe('catalogue', () => {
  it('lists the six process scenarios with sections, summaries and bounded options', async () => {
    const list = await call<ScenarioInfo[]>('listScenarios')
    for (const id of ['fork', 'process-join', 'pool', 'subprocess', 'queue-pair', 'crash-isolation']) {
      const s = list.find((x) => x.id === id)
      expect(s, id).toBeDefined()
      expect(s!.kind).toBe('process')
      expect(s!.section.length).toBeGreaterThan(1)
      expect(english({ key: `scenario.${id}.summary` }).length).toBeGreaterThan(150)
      for (const o of s!.options.filter((o) => o.type === 'integer')) {
        expect(o.min, `${id}.${o.key}`).toBeDefined()
        expect(o.max, `${id}.${o.key}`).toBeDefined()
      }
    }
  })

  it('serves the worker source that runs, from the file itself', async () => {
    const src = await call<ScenarioSource>('getScenarioSource', 'pool')
    expect(src.files.map((f) => f.name)).toEqual(['pool_demo.py', 'pool-parent.child.ts', 'pool-worker.child.ts'])
    expect(src.files[0].text).toContain('p = ctx.Pool(workers')
    expect(src.files[1].text).toContain('class Pool')
    expect(src.files[2].text).toContain('long_time_task')
  })
})

describe('bad requests start nothing', () => {
  it.each([
    [['no-such-scenario'], /Unknown scenario "no-such-scenario"/],
    [['Pool!'], /lowercase letters, digits and dashes/],
    [['pool', { workers: 0 }], /^Workers must be at least 1 \(got 0\)/],
    [['pool', { workers: 17 }], /^Workers must be at most 16/],
    [['pool', { tasks: 2.5 }], /^Tasks must be a whole number/],
    [
      ['pool', { threads: 2 }],
      /Unknown option "threads" \(options: language, startMethod, workers, tasks, maxTaskMs\)/,
    ],
    [['pool', { startMethod: 'thread' }], /^Start method \(Python\) must be one of .*spawn/],
    [['subprocess', { args: 'ls -l' }], /^Arguments must be a list of lines of text/],
    [['crash-isolation', { mode: 'fibers' }], /^Worker kind must be one of processes, threads/],
  ])('startScenario(%j) is refused', async (args, message) => {
    const before = events.length
    const labels = lab.supervisor.labels().size
    const err = await callError('startScenario', ...args)
    expect(err.code).toBe('EINVAL')
    expect(err.message).toMatch(message)
    await sleep(100)
    expect(events.slice(before).filter((e) => e.type === 'spawn' || e.type === 'run')).toEqual([])
    expect(lab.supervisor.labels().size).toBe(labels)
  })
})

describe('fork', () => {
  it('shows a parent and its child, the child under the parent, with separate memory', async () => {
    const t0 = Date.now()
    const w = await start('fork', { language: 'node', holdMs: 1500 })
    const parent = await waitFor(() => byRole(w, 'parent')[0])
    const child = await waitFor(() => byRole(w, 'child')[0], 8000)
    expect(parent.ppid).toBe(process.pid)
    expect(parent.osPpid).toBe(process.pid)
    expect(child.ppid).toBe(parent.pid)
    expect(child.osPpid).toBe(parent.pid)
    // In the tree: both labelled with the run and their roles, the child under the parent.
    const snap = await lab.sampler.sampleNow()
    const row = snap.processes.find((p) => p.pid === child.pid)
    expect(row).toMatchObject({ ppid: parent.pid, runId: w.run.runId, role: 'child' })
    expect(snap.processes.find((p) => p.pid === parent.pid)).toMatchObject({ runId: w.run.runId, role: 'parent' })
    // join() works for the adopted grandchild too.
    const joined = await call<ExitInfo>('join', child.pid, 10_000)
    expect(joined).toMatchObject({ pid: child.pid, code: 0, reason: 'clean-exit' })

    const run = await w.ended
    expect(run.status).toBe('finished')
    expect(Date.now() - t0).toBeLessThan(10_000)
    expectAllChecksOk(run)
    expect(run.outcome!.figures.parentMarker).not.toBe(run.outcome!.figures.childMarker)
    expect(outputOf(w, parent.pid)).toContain(`I (${parent.pid}) just created a child process (${child.pid}).`)
    expect(outputOf(w, child.pid)).toContain(`I am child process (${child.pid}) and my parent is ${parent.pid}.`)
    expect(alive(parent.pid) || alive(child.pid)).toBe(false)
  })
})

describe('process-join', () => {
  it('join() waits for the child and gets its exit code', async () => {
    const w = await start('process-join', { language: 'node', workMs: 800, exitCode: 5, name: 'lab' })
    const run = await w.ended
    expectAllChecksOk(run)
    const child = byRole(w, 'child')[0]
    expect(child.osPpid).toBe(byRole(w, 'parent')[0].pid)
    expect(run.outcome!.figures).toMatchObject({ exitCode: 5, exitReason: 'error-exit' })
    expect(Number(run.outcome!.figures.joinedMs)).toBeGreaterThanOrEqual(800)
    expect(exitOf(w, child.pid)).toMatchObject({ code: 5, reason: 'error-exit' })
    expect(outputOf(w, child.pid)).toContain(`Run child process lab (${child.pid})...`)
  })
})

describe('pool', () => {
  it('runs T tasks on N worker processes, reusing them, refusing work after close()', async () => {
    const t0 = Date.now()
    const w = await start('pool', { language: 'node', workers: 2, tasks: 5, maxTaskMs: 600 })
    const run = await w.ended
    expect(Date.now() - t0).toBeLessThan(10_000)
    // The first wave is measured, not arranged (no worker waits for its siblings):
    // a task shorter than the last worker's start makes it not measurable, and a
    // worker that comes up late can make reuse so too (its first task waited for it to start).
    for (const c of run.outcome!.checks) {
      const timing = c.label.key.endsWith('check.firstWave') || c.label.key.endsWith('check.reuse')
      expect(c.ok, `${english(c.label)}: ${english(c.detail)}`).toBe(timing && c.ok === null ? null : true)
    }
    expect(Number(run.outcome!.figures.allWorkersUpMs)).toBeGreaterThan(0)
    expect(run.outcome!.figures.startMethod).toBeNull()
    const parent = byRole(w, 'pool parent')[0]
    const workers = w.spawns.filter((s) => s.role?.startsWith('pool worker'))
    expect(workers).toHaveLength(2)
    for (const k of workers) expect(k.osPpid).toBe(parent.pid)
    const timeline = runOf(run, 'pool')!.outcome!.data!.timeline
    expect(timeline.map((e) => e.task).sort()).toEqual([0, 1, 2, 3, 4])
    expect(new Set(timeline.map((e) => e.pid))).toEqual(new Set(workers.map((k) => k.pid)))
    for (const k of workers) expect(exitOf(w, k.pid)).toMatchObject({ reason: 'clean-exit' })
    expect(run.outcome!.figures.peakConcurrent).toBeLessThanOrEqual(2)
    expect(outputOf(w, parent.pid)).toMatch(/after close\(\): refused/)
  })
})

describe('a scenario parent killed from outside', () => {
  it('fails the run saying how, and its children leave with it', async () => {
    const w = await start('pool', { language: 'node', workers: 2, tasks: 20, maxTaskMs: 5000 })
    const workers = (await waitFor(() => {
      const ws = w.spawns.filter((s) => s.role?.startsWith('pool worker'))
      return ws.length === 2 ? ws : null
    }, 8000))!
    const parent = byRole(w, 'pool parent')[0]
    await call('kill', parent.pid, 'SIGKILL')
    const run = await w.ended
    expect(run.status).toBe('failed')
    expect(run.error).toBe(`The pool parent (pid ${parent.pid}) killed by SIGKILL before join() returned`)
    // The workers saw their IPC channel close and left; nothing stays labelled as running.
    await waitFor(() => workers.every((k) => !alive(k.pid)), 4000)
    await waitFor(() => workers.every((k) => !lab.supervisor.labels().has(k.pid)), 4000)
  })
})

describe('subprocess', () => {
  it('feeds stdin to sort and reports its output and exit code', async () => {
    const w = await start('subprocess', { language: 'node' })
    const run = await w.ended
    expectAllChecksOk(run)
    const pid = byRole(w, 'program')[0].pid
    expect(outputOf(w, pid)).toBe('apple\nbanana\ncherry\ndate')
    expect(run.outcome!.figures).toMatchObject({ exitCode: 0, stdoutLines: 4, probeArgs: '["$HOME; echo injected"]' })
    expect(checkOf(run.outcome, 'check.noShell').ok).toBe(true)
  })

  it('passes arguments as they are, with no shell', async () => {
    const w = await start('subprocess', {
      language: 'node',
      program: 'echo',
      args: ['$HOME', 'a;b', '*'],
      sendStdin: false,
    })
    const run = await w.ended
    expect(outputOf(w, byRole(w, 'program')[0].pid)).toBe('$HOME a;b *')
    expect(run.outcome!.figures.exitCode).toBe(0)
  })

  it('a missing program fails the run with a clear message', async () => {
    const w = await start('subprocess', { language: 'node', program: 'proclab-no-such-program' })
    const run = await w.ended
    expect(run.status).toBe('failed')
    expect(run.error).toMatch(/program not found: proclab-no-such-program/)
    // Only the argument probe ran: the program never started.
    expect(w.spawns.map((s) => s.role)).toEqual(['argv probe'])
  })
})

describe('queue-pair', () => {
  it('writer puts, reader gets in order, parent joins the writer and terminates the reader', async () => {
    const w = await start('queue-pair', { language: 'node', maxPauseMs: 300 })
    expectQueuePair(w, await w.ended)
  })

  it('stops on request, leaving nothing behind', async () => {
    await expectQueuePairStops(start, call, 'node')
  })
})

describe('crash-isolation', () => {
  const crash = (runId: string, how: string, worker: number): Promise<unknown> =>
    call('scenarioAction', runId, 'crash', { how, worker })
  const liveOf = (runId: string) => {
    const last = events.findLast(
      (e): e is Extract<LabEvent, { type: 'run' }> => e.type === 'run' && e.run.runId === runId,
    )
    return runOf(last?.run, 'crash-isolation')?.live
  }

  it('process mode: a crashed worker dies alone, is restarted, its task re-queued', async () => {
    const w = await start('crash-isolation', {
      language: 'node',
      mode: 'processes',
      workers: 2,
      durationSec: 6,
      taskMs: 200,
    })
    const runId = w.run.runId
    await waitFor(() => (liveOf(runId)?.completed ?? 0) >= 3, 10_000)
    const [one, two] = [byRole(w, 'worker 1')[0], byRole(w, 'worker 2')[0]]
    expect(one.osPpid).toBe(process.pid)

    await crash(runId, 'segfault', 1)
    await waitFor(() => exitOf(w, one.pid), 5000)
    expect(exitOf(w, one.pid)).toMatchObject({ reason: 'crashed', signal: 'SIGSEGV' })
    expect(alive(two.pid)).toBe(true) // the other worker is untouched
    const restarted = (await waitFor(() => byRole(w, 'worker 1').find((s) => s.pid !== one.pid), 8000))!
    expect(w.mine().some((e) => e.type === 'restart' && e.oldPid === one.pid)).toBe(true)
    await waitFor(
      () => liveOf(runId)?.slots.find((s) => s.index === 1 && s.pid === restarted.pid && s.state !== 'starting'),
      8000,
    )

    await crash(runId, 'oom', 2)
    await waitFor(() => exitOf(w, two.pid), 8000)
    expect(exitOf(w, two.pid)?.reason).toBe('out-of-memory')
    expect(alive(restarted.pid)).toBe(true)

    const run = await w.ended
    expectAllChecksOk(run)
    expect(run.outcome!.figures).toMatchObject({ mode: 'processes', crashes: 2 })
    expect(Number(run.outcome!.figures.completed)).toBeGreaterThan(5)
    expect(run.outcome!.figures.retried).toBe(run.outcome!.figures.lost)
  })

  it('thread mode: an exception ends one thread, a segfault ends the host with every thread', async () => {
    const w = await start('crash-isolation', {
      language: 'node',
      mode: 'threads',
      workers: 2,
      durationSec: 6,
      taskMs: 200,
    })
    const runId = w.run.runId
    await waitFor(() => (liveOf(runId)?.completed ?? 0) >= 3, 10_000)
    const host = byRole(w, 'thread host')[0]
    expect(host.osPpid).toBe(process.pid)

    await crash(runId, 'exception', 1)
    await waitFor(() => w.mine().some((e) => e.type === 'restart' && e.role === 'thread 1'), 5000)
    expect(alive(host.pid)).toBe(true)
    expect(exitOf(w, host.pid)).toBeUndefined()
    await waitFor(() => liveOf(runId)?.slots.every((s) => s.state === 'idle' || s.state === 'busy'), 5000)

    await crash(runId, 'segfault', 2)
    await waitFor(() => exitOf(w, host.pid), 5000)
    expect(exitOf(w, host.pid)).toMatchObject({ reason: 'crashed', signal: 'SIGSEGV' })
    const again = (await waitFor(() => byRole(w, 'thread host').find((s) => s.pid !== host.pid), 8000))!
    expect(again.osPpid).toBe(process.pid)

    const run = await w.ended
    expectAllChecksOk(run)
    expect(run.outcome!.figures).toMatchObject({ mode: 'threads', crashes: 2, hostDeaths: 1 })
  })

  it("thread mode: C's abort() called from one thread's native code ends the host with every thread", async () => {
    const w = await start('crash-isolation', {
      language: 'node',
      mode: 'threads',
      workers: 2,
      durationSec: 4,
      taskMs: 200,
    })
    const runId = w.run.runId
    await waitFor(() => (liveOf(runId)?.completed ?? 0) >= 2, 10_000)
    const host = byRole(w, 'thread host')[0]
    await crash(runId, 'abort', 1)
    await waitFor(() => exitOf(w, host.pid), 5000)
    expect(exitOf(w, host.pid)).toMatchObject({ reason: 'crashed', signal: 'SIGABRT' })
    const run = await w.ended
    const check = checkOf(run.outcome, 'check.crashThread')
    expect(english(check.label)).toMatch(/^Crash 1: abort\(\) in worker thread 1/)
    expect(check.ok, english(check.detail)).toBe(true)
    expect(english(check.detail)).toMatch(/the host process crashed \(SIGABRT\): threads in it: 2; .* after it: 0;/)
  })

  it('refuses a crash of a worker that does not exist', async () => {
    const w = await start('crash-isolation', { language: 'node', workers: 2, durationSec: 3 })
    const err = await callError('scenarioAction', w.run.runId, 'crash', { how: 'exception', worker: 3 })
    expect(err.message).toMatch(/There is no worker 3: this run has 2/)
    const bad = await callError('scenarioAction', w.run.runId, 'crash', { how: 'nicely' })
    expect(bad.message).toMatch(/^How must be one of exception, abort, segfault, sigkill, oom/)
    await call('stopScenario', w.run.runId)
    expect((await w.ended).status).toBe('stopped')
  })
})
