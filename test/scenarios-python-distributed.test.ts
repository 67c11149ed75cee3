// distributed's Python mode for real: the tutorial's task_master.py with
// multiprocessing.managers, its server process in the tree, local workers,
// a worker started by hand with the command the run shows, the key kept out
// of every output and command line, and the opt-in to other machines.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runOf, type LabEvent, type RunInfo } from '../src/shared/model'
import { checkOf, english } from './helpers/outcome'
import { alive, osCommandLine, waitFor } from './helpers/procs'
import { hasProcfs } from './helpers/capability'
import { byRole, expectAllChecksOk, exitOf, outputOf, useScenarioLab, type Watched } from './helpers/scenario-runs'

const { events, call, callError, start: startScenario } = useScenarioLab()

const start = (options?: Record<string, unknown>): Promise<Watched> =>
  startScenario('distributed', { language: 'python', taskSec: 0.1, ...options })

const runEvents = (w: Watched): RunInfo[] =>
  events
    .filter((e): e is Extract<LabEvent, { type: 'run' }> => e.type === 'run' && e.run.runId === w.run.runId)
    .map((e) => e.run)
const liveOf = (w: Watched) => runOf(runEvents(w).at(-1), 'distributed')?.live

/** Processes the test itself starts (a worker "by hand"), killed whatever happens. */
const mine: ChildProcess[] = []
afterEach(() => {
  for (const p of mine.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL')
})

/** The key, from the file the run names (only this user can read it; it goes with the master). */
const keyIn = (file: string | null | undefined): string | undefined => {
  try {
    return file ? fs.readFileSync(file, 'utf8').trim() || undefined : undefined
  } catch {
    return undefined
  }
}

describe('distributed, Python mode', () => {
  it('a QueueManager whose own server process holds the queues; local workers; the wrong key refused', async () => {
    const w = await start({ workers: 2, tasks: 6, intruder: true })
    const seenArgv = new Map<number, string | null>()
    let key: string | undefined
    await waitFor(() => {
      key ??= keyIn(liveOf(w)?.join?.keyFile)
      for (const s of w.spawns) if (!seenArgv.has(s.pid)) seenArgv.set(s.pid, osCommandLine(s.pid))
      return w.spawns.length >= 5 && key !== undefined
    }, 10_000)
    const run = await w.ended
    expectAllChecksOk(run)

    const master = byRole(w, 'master')[0]
    const server = byRole(w, 'manager server')[0]
    const locals = w.spawns.filter((s) => s.role?.startsWith('local worker '))
    const intruder = byRole(w, 'intruder')[0]
    // The tree: the server and every worker are the master's children, as the OS says.
    expect(server.osPpid).toBe(master.pid)
    expect(locals.map((s) => s.osPpid)).toEqual([master.pid, master.pid])
    expect(intruder.osPpid).toBe(master.pid)
    expect(exitOf(w, intruder.pid)).toMatchObject({ code: 1 })
    expect(outputOf(w, intruder.pid)).toMatch(/AuthenticationError: digest sent was rejected/)
    expect(outputOf(w, master.pid)).toMatch(/Put task \d+\.\.\./)
    expect(outputOf(w, master.pid)).toMatch(/Result: \d+ \* \d+ = \d+/)
    expect(outputOf(w, master.pid)).toContain('master exit.')
    expect(outputOf(w, locals[0].pid)).toMatch(/run task \d+ \* \d+\.\.\./)

    // The key: typeable, never in output, never in a command line.
    expect(key).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/)
    const allOutput = w.mine().filter((e) => e.type === 'output')
    expect(allOutput.length).toBeGreaterThan(10)
    for (const e of allOutput) expect((e as { text: string }).text).not.toContain(key!)
    // Windows gives no other process's command line to read (null): nothing to check there.
    for (const [pid, argv] of seenArgv) if (argv !== null) expect(argv, `pid ${pid}`).not.toContain(key!)
    for (const e of w.mine().filter((e) => e.type === 'log')) expect((e as { text: string }).text).not.toContain(key!)
    expect(JSON.stringify(run.outcome)).not.toContain(key!)

    expect(run.outcome!.figures).toMatchObject({
      language: 'python',
      address: '127.0.0.1',
      results: 6,
      correct: 6,
      refused: 1,
      servedToRefused: 0,
      serverPid: server.pid,
      handWorkers: 0,
      keyLeaks: 0,
    })
    expect(english(checkOf(run.outcome, 'check.serverProcess').detail)).toMatch(
      new RegExp(`server pid ${server.pid}, its parent pid ${master.pid}.*the master listens on: nothing`),
    )
    const data = runOf(run, 'distributed')!.outcome!.data!
    expect(data.series.length).toBeGreaterThan(2)
    expect(Math.max(...data.series.map((s) => s.task))).toBeGreaterThan(0)
    for (const s of w.spawns) expect(alive(s.pid), `${s.role} ${s.pid}`).toBe(false)
  })

  it('a worker started by hand with the command the run shows is counted, and does work', async () => {
    const w = await start({ workers: 0, tasks: 3, intruder: false, waitSec: 30 })
    await waitFor(() => liveOf(w)?.join, 10_000)
    const join = liveOf(w)!.join!
    // The command as shown: no key in it; it names a file only this user can read, which holds the key.
    const key = keyIn(join.keyFile)!
    expect(key).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/)
    expect(join.argv.join(' ')).not.toContain(key)
    expect(JSON.stringify(liveOf(w))).not.toContain(key)
    expect(fs.statSync(join.keyFile!).mode & 0o777).toBe(0o600)
    expect(fs.statSync(path.dirname(join.keyFile!)).mode & 0o777).toBe(0o700)
    expect(join.argv[0]).toBe('python3')
    expect(join.argv.slice(2)).toEqual(['127.0.0.1', liveOf(w)!.address.split(':')[1], '--key-file', join.keyFile])
    expect(join.keyEnv).toBe('TASK_AUTHKEY')
    // As typed in a terminal: nothing in the environment but PATH.
    const byHand = spawn('python3', join.argv.slice(1), {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    mine.push(byHand)
    let said = ''
    byHand.stdout!.on('data', (d) => (said += d))
    const run = await w.ended
    expectAllChecksOk(run)
    // The key file went with the master.
    expect(fs.existsSync(path.dirname(join.keyFile!))).toBe(false)
    await waitFor(() => byHand.exitCode !== null, 5000)
    expect(said).toMatch(/Connect to server 127\.0\.0\.1:\d+\.\.\./)
    expect(said).toMatch(/run task \d+ \* \d+\.\.\./)
    const data = runOf(run, 'distributed')!.outcome!.data!
    expect(data.known).toEqual([expect.objectContaining({ pid: byHand.pid, kind: 'hand', done: 3 })])
    expect(new Set(data.results.map((r) => r.pid))).toEqual(new Set([byHand.pid]))
    expect(run.outcome!.figures).toMatchObject({ handWorkers: 1, workers: 0, results: 3, correct: 3 })
  })

  it('a worker without the key and without a terminal to ask in says so and leaves', async () => {
    const w = await start({ workers: 0, tasks: 1, intruder: false, waitSec: 3 })
    await waitFor(() => liveOf(w)?.join, 10_000)
    const join = liveOf(w)!.join!
    const withoutFile = join.argv.slice(1, join.argv.indexOf('--key-file'))
    const noKey = spawn('python3', withoutFile, { env: { PATH: process.env.PATH }, stdio: 'pipe' })
    mine.push(noKey)
    let err = ''
    noKey.stderr!.on('data', (d) => (err += d))
    await waitFor(() => noKey.exitCode !== null, 5000)
    expect(noKey.exitCode).toBe(2)
    expect(err).toMatch(/No key: set TASK_AUTHKEY/)
    await call('stopScenario', w.run.runId)
    await w.ended
  })

  it('listening on every interface needs the opt-in; with it, the kernel lists 0.0.0.0', async () => {
    const refused = await callError('startScenario', 'distributed', { language: 'python', bind: 'all' })
    expect(refused.message).toMatch(/needs the opt-in "Allow other machines to connect"/)
    const w = await start({ workers: 1, tasks: 2, intruder: false, bind: 'all', allowRemote: true })
    const run = await w.ended
    expectAllChecksOk(run)
    const check = checkOf(run.outcome, 'check.boundAsAsked')
    expect(english(check.label)).toBe('The server listened on 0.0.0.0, as opted in')
    // Python reads /proc/net/tcp to confirm it; without /proc the detail says it cannot.
    if (hasProcfs().ok)
      expect(english(check.detail)).toMatch(
        /the kernel lists the manager's server process listening on: 0\.0\.0\.0:\d+/,
      )
    else expect(english(check.detail)).toMatch(/no \/proc to confirm it/)
    expect(run.outcome!.figures).toMatchObject({ address: '0.0.0.0' })
  })

  it("the tutorial's pitfall for real: tasks put into the original task_queue never reach a worker", async () => {
    const w = await start({ workers: 1, tasks: 3, intruder: false, waitSec: 2, putInto: 'original' })
    const run = await w.ended
    expectAllChecksOk(run)
    const o = run.outcome!
    expect(english(checkOf(o, 'check.originalUnseen').detail)).toBe(
      '3 of 3 tasks still sat in task_master’s own queue; the server’s queue, which the workers read, held 0; 0 results came back',
    )
    expect(o.figures.results).toBe(0)
    // The master printed its puts, and then waited in vain.
    const master = byRole(w, 'master')[0]
    expect(outputOf(w, master.pid)).toMatch(/No result within 2 s: queue\.Empty\./)
  })

  it("Node mode refuses the pitfall, which is Python's", async () => {
    const e = await callError('startScenario', 'distributed', { language: 'node', putInto: 'original' })
    expect(e.message).toMatch(/the tutorial’s Python pitfall/)
  })

  it('stopping a run mid-way leaves no process behind, the manager server included', async () => {
    const w = await start({ workers: 2, tasks: 40, taskSec: 0.3 })
    await waitFor(() => (liveOf(w)?.results.length ?? 0) >= 2, 10_000)
    const pids = w.spawns.map((s) => s.pid)
    expect(w.spawns.map((s) => s.role)).toContain('manager server')
    await call('stopScenario', w.run.runId)
    expect((await w.ended).status).toBe('stopped')
    await waitFor(() => pids.every((p) => !alive(p)), 5000)
  })
})
