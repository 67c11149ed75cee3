// crash-isolation's Python mode for real: a Python master (crash_isolation.py)
// with worker processes or worker threads, and a real fault (ctypes.string_at(0))
// in one worker. In process mode only that worker dies (the master sees
// exitcode -11 and carries on); in thread mode the OS ends the whole process.
import { describe, expect, it } from 'vitest'
import { runOf, type LabEvent } from '../src/shared/model'
import { checkOf, english } from './helpers/outcome'
import { alive, waitFor } from './helpers/procs'
import { byRole, expectAllChecksOk, exitOf, outputOf, useScenarioLab } from './helpers/scenario-runs'

const { events, call, start } = useScenarioLab()

const liveOf = (runId: string) => {
  const last = events.findLast(
    (e): e is Extract<LabEvent, { type: 'run' }> => e.type === 'run' && e.run.runId === runId,
  )
  return runOf(last?.run, 'crash-isolation')?.live
}
const crash = (runId: string, how: string, worker: number): Promise<unknown> =>
  call('scenarioAction', runId, 'crash', { how, worker })

describe('crash-isolation, Python mode', () => {
  it('processes: a segfault kills only that worker; the master sees -11, re-queues, restarts and carries on', async () => {
    const w = await start('crash-isolation', {
      language: 'python',
      mode: 'processes',
      workers: 3,
      durationSec: 4,
      taskMs: 200,
    })
    const runId = w.run.runId
    await waitFor(() => (liveOf(runId)?.completed ?? 0) >= 4, 10_000)
    const master = byRole(w, 'master')[0]
    const [one, two, three] = ['worker 1', 'worker 2', 'worker 3'].map((r) => byRole(w, r)[0])
    // The workers are the master's own children, as the OS sees them.
    expect(one.osPpid).toBe(master.pid)

    await crash(runId, 'segfault', 1)
    await waitFor(() => exitOf(w, one.pid), 5000)
    expect(exitOf(w, one.pid)).toMatchObject({ reason: 'crashed', signal: 'SIGSEGV' })
    expect(alive(two.pid) && alive(three.pid) && alive(master.pid)).toBe(true)
    // The master's own words: it learns the exitcode from the OS and goes on.
    const said = /worker 1 \(pid \d+\) died, exitcode -11 \(SIGSEGV\); the master carries on/
    await waitFor(() => said.test(outputOf(w, master.pid)), 3000)
    const again = await waitFor(() => byRole(w, 'worker 1').find((s) => s.pid !== one.pid), 5000)
    expect(again!.osPpid).toBe(master.pid)

    const run = await w.ended
    expectAllChecksOk(run)
    const check = checkOf(run.outcome, 'check.crashProcess')
    expect(english(check.detail)).toMatch(/crashed \(SIGSEGV\); the master and the other workers carried on/)
    expect(run.outcome!.figures).toMatchObject({
      language: 'python',
      mode: 'processes',
      crashes: 1,
      hostDeaths: 0,
      masterDied: false,
      firstExitSignal: 'SIGSEGV',
    })
    expect(exitOf(w, master.pid)).toMatchObject({ code: 0 })
    for (const s of w.spawns) expect(alive(s.pid), `${s.role} ${s.pid}`).toBe(false)
  })

  it('threads: a segfault in one worker thread ends the whole Python process, master and all', async () => {
    const w = await start('crash-isolation', {
      language: 'python',
      mode: 'threads',
      workers: 3,
      durationSec: 20,
      taskMs: 200,
    })
    const runId = w.run.runId
    await waitFor(() => (liveOf(runId)?.completed ?? 0) >= 6, 10_000)
    const master = byRole(w, 'master')[0]
    expect(liveOf(runId)?.hostPid).toBe(master.pid)
    const t0 = Date.now()
    await crash(runId, 'segfault', 2)
    const run = await w.ended
    // The run ends long before its 20 s: nothing is left of the process to carry on.
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(exitOf(w, master.pid)).toMatchObject({ reason: 'crashed', signal: 'SIGSEGV' })
    expectAllChecksOk(run)
    const check = checkOf(run.outcome, 'check.crashThread')
    expect(english(check.detail)).toMatch(/the host process crashed \(SIGSEGV\)/)
    expect(english(check.detail)).toMatch(/after it: 0;/)
    expect(run.outcome!.figures).toMatchObject({ language: 'python', mode: 'threads', masterDied: true, hostDeaths: 1 })
    expect(run.outcome!.facts!.map((f) => f.label.key)).toContain('scenario.crash-isolation.fact.masterDied')
  })

  it('threads: an uncaught exception ends only its thread; the process and the other threads carry on', async () => {
    const w = await start('crash-isolation', {
      language: 'python',
      mode: 'threads',
      workers: 2,
      durationSec: 4,
      taskMs: 200,
    })
    const runId = w.run.runId
    await waitFor(() => (liveOf(runId)?.completed ?? 0) >= 4, 10_000)
    const master = byRole(w, 'master')[0]
    await crash(runId, 'exception', 1)
    const run = await w.ended
    expect(exitOf(w, master.pid)).toMatchObject({ code: 0 })
    expectAllChecksOk(run)
    expect(outputOf(w, master.pid)).toMatch(/RuntimeError: crashed on purpose/)
    expect(english(checkOf(run.outcome, 'check.crashThread').detail)).toMatch(
      /ended with an uncaught RuntimeError while its process lived on/,
    )
    expect(run.outcome!.figures).toMatchObject({ masterDied: false, hostDeaths: 0, crashes: 1 })
  })
})

describe('crash-isolation and distributed without Python 3', () => {
  it('say so, and show their checks as not run', async () => {
    const path = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      for (const id of ['crash-isolation', 'distributed']) {
        const w = await start(id, { language: 'python' })
        // It ends at once, perhaps before w.ended listens: read the run's last event.
        const run = (await waitFor(() => {
          const last = events.findLast(
            (e): e is Extract<LabEvent, { type: 'run' }> => e.type === 'run' && e.run.runId === w.run.runId,
          )
          return last?.run.endedAt ? last.run : undefined
        }, 5000))!
        expect(run.status).toBe('finished')
        expect(english(run.outcome!.summary)).toMatch(/^Python mode not run: python3 is not on PATH/)
        expect(run.outcome!.checks.length).toBeGreaterThan(0)
        for (const c of run.outcome!.checks) expect(c.ok, english(c.label)).toBeNull()
        expect(w.spawns).toEqual([])
      }
    } finally {
      process.env.PATH = path
    }
  })
})
