// The Python modes of the process scenarios (fork, process-join, pool,
// subprocess), run for real through Lab.invoke, as a learner would start them:
// their processes in the tree with roles, and outcomes that say what the
// tutorial says, or where modern Python differs, with the numbers.
import { beforeAll, describe, expect, it } from 'vitest'
import { findPython } from '../src/core/bridge/python'
import { hostPlatform } from '../src/core/platform'
import { runOf, type RunInfo } from '../src/shared/model'
import { checkOf, english } from './helpers/outcome'
import { alive, onWindows, waitFor } from './helpers/procs'
import { byRole, exitOf, outputOf, useScenarioLab } from './helpers/scenario-runs'

const { start, call } = useScenarioLab()

beforeAll(() => {
  if ('missing' in findPython(hostPlatform())) throw new Error('python3 is required for these tests (CI installs it)')
})

function expectChecksHold(run: RunInfo): void {
  expect(run.outcome, run.error).toBeDefined()
  for (const c of run.outcome!.checks) expect(c.ok, `${english(c.label)}: ${english(c.detail)}`).toBe(true)
}

// The tutorial: "Only works on Unix/Linux/Mac". Windows has no os.fork(); the mode says so there.
describe.skipIf(onWindows)('fork (Python: os.fork)', () => {
  it("the child gets 0 from fork(), keeps the parent's marker, and starts far faster than a fresh interpreter", async () => {
    const w = await start('fork', { language: 'python', holdMs: 300 })
    const run = await w.ended
    expect(run.status, run.error).toBe('finished')
    expectChecksHold(run)
    const parent = byRole(w, 'parent')[0]
    const child = byRole(w, 'child')[0]
    expect(child.osPpid).toBe(parent.pid)
    expect(byRole(w, 'fresh interpreter')[0].osPpid).toBe(parent.pid)
    const f = run.outcome!.figures
    expect(f.childMarker).toBe(f.parentMarker)
    expect(Number(f.childStartMs)).toBeLessThan(Number(f.freshInterpreterMs))
    expect(checkOf(run.outcome, 'check.forkReturnsZero').ok).toBe(true)
    expect(outputOf(w, parent.pid)).toContain(`I (${parent.pid}) just created a child process (${child.pid}).`)
    expect(outputOf(w, child.pid)).toContain(`I am child process (${child.pid}) and my parent is ${parent.pid}.`)
    expect(english(run.outcome!.summary)).toMatch(/fork\(\) returned 0 in the child/)
    expect(alive(parent.pid) || alive(child.pid)).toBe(false)
  })

  it('Node mode: the same figure keys, and "nothing copied" told as a fact, not a check', async () => {
    const w = await start('fork', { language: 'node', holdMs: 0 })
    const run = await w.ended
    expectChecksHold(run)
    const o = run.outcome!
    expect(o.facts?.map((f) => f.label.key)).toEqual(['scenario.fork.fact.nothingCopied'])
    expect(o.checks.some((c) => english(c.label).includes('marker'))).toBe(false)
    expect(o.figures.childStartMs).toBe(o.figures.freshInterpreterMs)
    expect(o.figures.childMarker).not.toBe(o.figures.parentMarker)
  })
})

describe('process-join (Python: multiprocessing.Process)', () => {
  it("join() waits for the child; a target's return value is ignored, sys.exit(n) is not", async () => {
    const w = await start('process-join', { language: 'python', workMs: 400, exitCode: 7, name: 'lab' })
    const run = await w.ended
    expect(run.status, run.error).toBe('finished')
    expectChecksHold(run)
    const parent = byRole(w, 'parent')[0]
    const child = byRole(w, 'child')[0]
    const sysExit = byRole(w, 'child (sys.exit)')[0]
    expect(child.osPpid).toBe(parent.pid)
    expect(sysExit.osPpid).toBe(parent.pid)
    expect(exitOf(w, child.pid)).toMatchObject({ code: 0, reason: 'clean-exit' })
    expect(exitOf(w, sysExit.pid)).toMatchObject({ code: 7, reason: 'error-exit' })
    expect(run.outcome!.figures).toMatchObject({ returned: 7, exitCode: 0, sysExitCode: 7 })
    expect(Number(run.outcome!.figures.joinedMs)).toBeGreaterThanOrEqual(400)
    expect(english(run.outcome!.summary)).toMatch(/run_proc returned 7, yet p\.exitcode was 0/)
    expect(outputOf(w, parent.pid)).toContain('Run child process lab (')
  })
})

describe('pool (Python: multiprocessing.Pool)', () => {
  it('Pool(4) with 5 tasks: tasks 0-3 first, task 4 waits and reuses a worker; apply_async after close() raises', async () => {
    const w = await start('pool', { language: 'python', maxTaskMs: 600 })
    const run = await w.ended
    expect(run.status, run.error).toBe('finished')
    expectChecksHold(run)
    const parent = byRole(w, 'pool parent')[0]
    const workers = w.spawns.filter((s) => s.role?.startsWith('pool worker'))
    expect(workers).toHaveLength(4)
    for (const k of workers) expect(k.osPpid).toBe(parent.pid)
    const timeline = runOf(run, 'pool')!.outcome!.data!.timeline
    expect(timeline.map((e) => e.task).sort()).toEqual([0, 1, 2, 3, 4])
    const pids = new Set(workers.map((k) => k.pid))
    for (const e of timeline) expect(pids.has(e.pid)).toBe(true)
    expect(english(checkOf(run.outcome, 'check.refused').detail)).toMatch(/ValueError: Pool not running/)
    expect(run.outcome!.figures).toMatchObject({ workers: 4, tasks: 5, finished: 5 })
    // Each worker's output streams under its own pid.
    const task4 = timeline.find((e) => e.task === 4)!
    expect(outputOf(w, task4.pid)).toContain(`Run task 4 (${task4.pid})...`)
    for (const k of workers) expect(exitOf(w, k.pid)).toMatchObject({ code: 0 })
  })
})

describe('pool stopped mid-run (Python)', () => {
  it('stopping the run ends the parent and every worker', async () => {
    const w = await start('pool', { language: 'python', workers: 2, tasks: 20, maxTaskMs: 5000 })
    const workers = (await waitFor(() => {
      const ws = w.spawns.filter((s) => s.role?.startsWith('pool worker'))
      return ws.length === 2 ? ws : null
    }, 8000))!
    const parent = byRole(w, 'pool parent')[0]
    await call('stopScenario', w.run.runId)
    expect((await w.ended).status).toBe('stopped')
    await waitFor(() => [parent, ...workers].every((p) => !alive(p.pid)), 4000)
  })
})

describe('subprocess (Python: Popen + communicate)', () => {
  it('feeds stdin to sort, and an argument with shell syntax reaches the probe unchanged', async () => {
    const w = await start('subprocess', { language: 'python' })
    const run = await w.ended
    expect(run.status, run.error).toBe('finished')
    expectChecksHold(run)
    // sort may be gone before /proc is read: the parent's report names its parent.
    expect(byRole(w, 'program')[0].ppid).toBe(byRole(w, 'parent')[0].pid)
    expect(runOf(run, 'subprocess')!.outcome!.data!.probe.argv).toEqual(['$HOME; echo injected'])
    expect(run.outcome!.figures).toMatchObject({ exitCode: 0, stdoutLines: 4, shell: false })
    expect(outputOf(w, byRole(w, 'parent')[0].pid)).toContain('apple\nbanana\ncherry\ndate')
  })

  it.each(['python', 'node'])('%s mode through a shell on purpose: the no-shell check fails', async (language) => {
    const w = await start('subprocess', { language, shell: true })
    const run = await w.ended
    const check = checkOf(run.outcome, 'check.noShell')
    expect(check.ok).toBe(false)
    expect(english(check.detail)).toMatch(/injected/)
    expect(checkOf(run.outcome, 'check.exitCode').ok).toBe(true)
  })

  it('a missing program fails the run with a clear message', async () => {
    const w = await start('subprocess', { language: 'python', program: 'proclab-no-such-program' })
    const run = await w.ended
    expect(run.status).toBe('failed')
    expect(run.error).toMatch(/program not found: proclab-no-such-program/)
  })
})
