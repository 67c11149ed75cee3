// The Python modes of the process scenarios (fork, process-join, pool,
// subprocess), run for real through Lab.invoke, as a learner would start them:
// their processes in the tree with roles, and outcomes that say what the
// tutorial says, or where modern Python differs, with the numbers.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
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
    const returned = run.outcome!.facts!.find((x) => x.label.key === 'scenario.fork.fact.forkReturns')!
    expect(english(returned.detail!)).toBe(
      `in the child fork() returned 0; in the parent it returned ${child.pid}, the child's pid is ${child.pid}`,
    )
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
    expect(run.outcome!.figures).toMatchObject({ returned: 7, exitCode: 0, sysExitCode: 7, exceptionExitCode: 1 })
    expect(exitOf(w, byRole(w, 'child (raises)')[0].pid)).toMatchObject({ code: 1 })
    expect(Number(run.outcome!.figures.joinedMs)).toBeGreaterThanOrEqual(400)
    expect(english(run.outcome!.summary)).toMatch(/run_proc returned 7, yet p\.exitcode was 0/)
    // The child's print is shown as the child's: under its pid, not the parent's that shares its stdout.
    expect(outputOf(w, child.pid)).toContain(`Run child process lab (${child.pid})`)
    expect(outputOf(w, parent.pid)).not.toContain('Run child process lab (')
    expect(english(run.outcome!.summary)).toMatch(/Start method \w+ \(this Python's default: \w+\)/)
    for (const m of ['fork', 'spawn', 'forkserver'] as const) {
      const key = `start${m[0].toUpperCase()}${m.slice(1)}Ms`
      expect(run.outcome!.figures[key] === null || Number(run.outcome!.figures[key]) > 0).toBe(true)
    }
  })

  it.skipIf(onWindows).each(['spawn', 'forkserver'])(
    "under %s: the file is imported again for the child, and a lambda target fails with Python's own pickling error",
    async (startMethod) => {
      const w = await start('process-join', { language: 'python', workMs: 100, startMethod })
      const run = await w.ended
      expect(run.status, run.error).toBe('finished')
      expectChecksHold(run)
      expect(run.outcome!.figures.startMethod).toBe(startMethod)
      expect(english(checkOf(run.outcome, 'check.topLevelAgain').detail)).toMatch(
        /"__mp_main__".*\((the child itself|the fork server)\)/,
      )
      expect(english(checkOf(run.outcome, 'check.lambdaRefused').detail)).toMatch(
        /start\(\) raised \w+Error: Can't pickle/,
      )
      expect(english(checkOf(run.outcome, 'check.noGuardFails').detail)).toMatch(
        /the child raised RuntimeError: An attempt has been made to start a new process/,
      )
      if (startMethod === 'forkserver') {
        const server = byRole(w, 'fork server')[0]
        expect(server.osPpid).toBe(byRole(w, 'parent')[0].pid)
        expect(byRole(w, 'child')[0].osPpid).toBe(server.pid)
      }
    },
  )
})

describe('pool (Python: multiprocessing.Pool)', () => {
  it('Pool(4) with 5 tasks: task 4 waits and reuses a worker; apply_async after close() raises', async () => {
    const w = await start('pool', { language: 'python', maxTaskMs: 600 })
    const run = await w.ended
    expect(run.status, run.error).toBe('finished')
    // The first wave is measured, not arranged: with a short task it may be not measurable (null),
    // and so may reuse when task 4 went to a worker that came up late.
    for (const c of run.outcome!.checks) {
      const timing = c.label.key.endsWith('check.firstWave') || c.label.key.endsWith('check.reuse')
      expect(c.ok, `${english(c.label)}: ${english(c.detail)}`).toBe(timing && c.ok === null ? null : true)
    }
    expect(Number(run.outcome!.figures.allWorkersUpMs)).toBeGreaterThan(0)
    expect(english(checkOf(run.outcome, 'check.joinBeforeClose').detail)).toMatch(/ValueError: Pool is still running/)
    expect(english(checkOf(run.outcome, 'check.queueNeedsManager').detail)).toMatch(
      /RuntimeError: Queue objects should only be shared between processes through inheritance/,
    )
    expect(english(checkOf(run.outcome, 'check.tasksPickled').detail)).toMatch(/Can't pickle/)
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

describe.skipIf(onWindows)('pool under forkserver (Python)', () => {
  it('the workers are forked by the fork server, a child of the parent; the rules hold there too', async () => {
    const w = await start('pool', {
      language: 'python',
      workers: 2,
      tasks: 3,
      maxTaskMs: 300,
      startMethod: 'forkserver',
    })
    const run = await w.ended
    expect(run.status, run.error).toBe('finished')
    expect(checkOf(run.outcome, 'check.workers').ok, english(checkOf(run.outcome, 'check.workers').detail)).toBe(true)
    const server = byRole(w, 'fork server')[0]
    expect(server.osPpid).toBe(byRole(w, 'pool parent')[0].pid)
    for (const k of w.spawns.filter((s) => s.role?.startsWith('pool worker'))) expect(k.osPpid).toBe(server.pid)
    for (const key of ['check.joinBeforeClose', 'check.queueNeedsManager', 'check.tasksPickled'])
      expect(checkOf(run.outcome, key).ok, english(checkOf(run.outcome, key).detail)).toBe(true)
    expect(run.outcome!.figures.startMethod).toBe('forkserver')
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

  // The stand-in nslookup is a sh script; Windows ships the real nslookup, which needs a network.
  it.skipIf(onWindows)(
    "runs the tutorial's subprocess.call(['nslookup', ...]) where nslookup exists (skipped on Windows: the stand-in is a sh script)",
    async () => {
      // A stand-in nslookup on PATH: the call is the tutorial's, the program need not reach a name server.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-nslookup-'))
      fs.writeFileSync(path.join(dir, 'nslookup'), '#!/bin/sh\necho "Server: stand-in for $1"\nexit 3\n', {
        mode: 0o755,
      })
      const before = process.env.PATH
      process.env.PATH = `${dir}${path.delimiter}${before}`
      try {
        const w = await start('subprocess', { language: 'python' })
        const run = await w.ended
        const facts = run.outcome!.facts!.map((f) => english(f.label))
        expect(facts[0]).toMatch(/^subprocess.call\(\['nslookup', 'www.python.org'\]\) returned 3 after [\d,]+ ms/)
        // Not captured: its line is in the parent's own output.
        expect(outputOf(w, byRole(w, 'parent')[0].pid)).toContain('Server: stand-in for www.python.org')
      } finally {
        process.env.PATH = before
        fs.rmSync(dir, { recursive: true, force: true })
      }
      const w = await start('subprocess', { language: 'python', callExample: false })
      expect((await w.ended).outcome!.facts!.map((f) => f.label.key)).toEqual(['scenario.subprocess.fact.communicate'])
    },
  )

  it('a program printing without end is cut at 256 KB by the real communicate(), and killed', async () => {
    const w = await start('subprocess', { language: 'python', program: 'yes', sendStdin: false, callExample: false })
    const run = await w.ended
    expect(run.outcome!.figures).toMatchObject({ signal: 'SIGKILL', timedOut: false })
    expect(runOf(run, 'subprocess')!.outcome!.data!.stdout.length).toBe(256 * 1024)
    expect(english(checkOf(run.outcome, 'check.exitCode').detail)).toMatch(/^killed after printing more than/)
  })

  it('a missing program fails the run with a clear message', async () => {
    const w = await start('subprocess', { language: 'python', program: 'proclab-no-such-program' })
    const run = await w.ended
    expect(run.status).toBe('failed')
    expect(run.error).toMatch(/program not found: proclab-no-such-program/)
  })

  // Root searches every folder, so only another user meets exec's EACCES (hosted CI, and npm test in .ci/run).
  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'a missing program with a folder on PATH this user may not search is "not found", naming the folder',
    async () => {
      const shut = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-shut-'))
      fs.chmodSync(shut, 0o000)
      const before = process.env.PATH
      process.env.PATH = [shut, before].join(path.delimiter)
      try {
        const w = await start('subprocess', {
          language: 'python',
          program: 'proclab-no-such-program',
          callExample: false,
        })
        const run = await w.ended
        expect(run.status).toBe('failed')
        expect(run.error).toBe(
          `Could not start proclab-no-such-program: program not found: proclab-no-such-program (a folder on PATH could not be searched: ${shut})`,
        )
      } finally {
        process.env.PATH = before
        fs.chmodSync(shut, 0o700)
        fs.rmSync(shut, { recursive: true, force: true })
      }
    },
  )
})
