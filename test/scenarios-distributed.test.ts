// The `distributed` scenario, started through Lab.invoke (the path the UI
// takes): a master serving two queues on loopback with a key, workers it forks
// connecting to it, and an intruder with the wrong key; checked against /proc.
import { checkOf } from './helpers/outcome'
import net from 'node:net'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Lab } from '../src/core/lab'
import { runOf, type LabEvent, type RunInfo } from '../src/shared/model'
import { alive, sleep, waitFor } from './helpers/procs'
import { expectAllChecksOk, exitOf, outputOf, useScenarioLab, type Spawn, type Watched } from './helpers/scenario-runs'

const { lab: currentLab, events, call, start: startScenario } = useScenarioLab()
let lab: Lab
beforeAll(() => {
  lab = currentLab()
})

/** Node mode (the Python mode has its own file, scenarios-python-distributed.test.ts). */
const start = (options?: Record<string, unknown>): Promise<Watched> =>
  startScenario('distributed', { language: 'node', ...options })

/** The run's RunInfo patches so far (run events carry the run, not a runId of their own). */
const runEvents = (w: Watched): RunInfo[] =>
  events
    .filter((e): e is Extract<LabEvent, { type: 'run' }> => e.type === 'run' && e.run.runId === w.run.runId)
    .map((e) => e.run)

const workersOf = (w: Watched): Spawn[] => w.spawns.filter((s) => s.role?.startsWith('worker '))

describe('distributed', () => {
  it('default run: workers under the master compute every square, the wrong key is refused', async () => {
    const t0 = Date.now()
    const w = await start()
    const run = await w.ended
    expect(run.status).toBe('finished')
    expect(Date.now() - t0).toBeLessThan(10_000)
    expectAllChecksOk(run)

    const master = w.spawns.find((s) => s.role === 'master')!
    expect(master.osPpid).toBe(process.pid)
    const workers = workersOf(w)
    expect(workers.map((k) => k.role).sort()).toEqual(['worker 1', 'worker 2'])
    for (const k of workers) {
      expect(k.osPpid, k.role).toBe(master.pid)
      expect(exitOf(w, k.pid)).toMatchObject({ code: 0, reason: 'clean-exit' })
    }
    // While it ran, the workers counted among the run's processes.
    const seen = new Set(runEvents(w).flatMap((r) => r.pids))
    expect([...seen]).toEqual(expect.arrayContaining([master.pid, ...workers.map((k) => k.pid)]))

    // Every task answered once with n*n, by the two workers and nobody else.
    const data = runOf(run, 'distributed')!.outcome!.data!
    expect(data.tasks).toHaveLength(10)
    expect(data.results.map((r) => r.id).sort((a, b) => a - b)).toEqual(data.tasks.map((t) => t.id))
    for (const r of data.results) expect(r.square).toBe(data.tasks[r.id].n ** 2)
    expect(new Set(data.results.map((r) => r.pid))).toEqual(new Set(workers.map((k) => k.pid)))

    expect(run.outcome!.figures).toMatchObject({
      address: '127.0.0.1',
      results: 10,
      correct: 10,
      workerPids: 2,
      refused: 1,
      servedToRefused: 0,
    })
    expect(outputOf(w, master.pid)).toMatch(/Result: \d+ \* \d+ = \d+ \(from pid \d+\)/)
    expect(outputOf(w, master.pid)).toContain('master exit.')
    expect(outputOf(w, workers[0].pid)).toMatch(/run task \d+ \* \d+\.\.\./)
    // Nothing of the run is left running.
    for (const s of w.spawns) expect(alive(s.pid), `${s.role} ${s.pid}`).toBe(false)
  })

  it('intruder=true: the intruder process is refused, gets nothing, and fails with AuthenticationError', async () => {
    const w = await start({ workers: 3, tasks: 6, intruder: true })
    const run = await w.ended
    expectAllChecksOk(run)
    const master = w.spawns.find((s) => s.role === 'master')!
    const intruder = w.spawns.find((s) => s.role === 'intruder')!
    expect(intruder.osPpid).toBe(master.pid)
    expect(exitOf(w, intruder.pid)).toMatchObject({ code: 1, reason: 'error-exit' })
    expect(outputOf(w, intruder.pid)).toMatch(
      /AuthenticationError: digest sent was rejected \(wrong key \(digest mismatch\)\); 0 tasks received/,
    )
    expect(outputOf(w, master.pid)).toMatch(/Refused connection \d+ \(port \d+\): wrong key/)
    expect(checkOf(run.outcome, 'check.wrongKey').ok).toBe(true)
    expect(run.outcome!.figures).toMatchObject({
      refused: 1,
      servedToRefused: 0,
      intruderPid: intruder.pid,
      intruderExitCode: 1,
      workerPids: 3,
      correct: 6,
    })
  })

  it('intruder=false: no intruder, no refusal', async () => {
    const w = await start({ workers: 1, tasks: 3, intruder: false })
    const run = await w.ended
    expectAllChecksOk(run)
    expect(w.spawns.map((s) => s.role).sort()).toEqual(['master', 'worker 1'])
    expect(() => checkOf(run.outcome, 'check.wrongKey')).toThrow()
    expect(run.outcome!.figures).toMatchObject({ refused: 0, intruderPid: null, results: 3, workerPids: 1 })
  })

  it.each([
    [{ language: 'node', workers: 0 }, /Node mode needs at least 1 local worker/],
    [{ workers: 5 }, /^Local workers must be at most 4 \(got 5\)/],
    [{ tasks: 51 }, /^Tasks must be at most 50/],
    [{ tasks: 1.5 }, /^Tasks must be a whole number/],
    [{ intruder: 'yes' }, /^Also try to connect with a wrong key must be on or off/],
    [{ bind: '10.0.0.1' }, /^Listen on must be one of /],
    [{ bind: 'all' }, /needs the opt-in "Allow other machines to connect"/],
    [{ language: 'python', bind: 'all' }, /needs the opt-in "Allow other machines to connect"/],
    [{ language: 'node', bind: 'all', allowRemote: true }, /Node mode listens on loopback only/],
    [
      { colour: 'red' },
      /Unknown option "colour" \(options: language, workers, tasks, putInto, intruder, taskSec, waitSec, bind, allowRemote, port\)/,
    ],
  ])('startScenario(distributed, %j) is refused and starts nothing', async (options, message) => {
    const before = events.length
    const reply = await lab.invoke('startScenario', ['distributed', options])
    expect(reply.ok).toBe(false)
    if (reply.ok) return
    expect(reply.error.code).toBe('EINVAL')
    expect(reply.error.message).toMatch(message)
    await sleep(100)
    expect(events.slice(before).filter((e) => e.type === 'spawn' || e.type === 'run')).toEqual([])
  })

  it('stopping a run mid-way leaves no process and no listener behind', async () => {
    const w = await start({ workers: 4, tasks: 50 })
    const live = () => runOf(runEvents(w).at(-1), 'distributed')?.live
    await waitFor(() => (live()?.results.length ?? 0) >= 2, 10_000)
    expect(live()!.queues.task).toBeGreaterThan(0) // stopped mid-way, with tasks still queued
    const port = Number(live()!.address.split(':')[1])
    const pids = w.spawns.map((s) => s.pid)
    expect(pids.length).toBe(6) // master, 4 workers, intruder
    await call('stopScenario', w.run.runId)
    const run = await w.ended
    expect(run.status).toBe('stopped')
    await waitFor(() => pids.every((p) => !alive(p)), 4000)
    // Nothing listens on the master's port any more: a connection is refused (on every system).
    const refused = await new Promise<string | undefined>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy()
        resolve(undefined)
      })
      c.once('error', (err: NodeJS.ErrnoException) => resolve(err.code))
    })
    expect(refused).toBe('ECONNREFUSED')
  })
})
