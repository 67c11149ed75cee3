// The Python modes of queue-pair, threads, lock-race and thread-local, run for
// real with python3 (short options): what a learner would notice, checked
// against the OS and the program's own reports.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { pythonFile } from '../src/child/entries'
import { findPython } from '../src/core/bridge/python'
import { hostPlatform } from '../src/core/platform'
import { raceOutcome } from '../src/core/scenarios/lock-race/outcome'
import { runOf, threadRunOf, type RunInfo } from '../src/shared/model'
import type { RaceResult } from '../src/shared/scenarios/lock-race'
import type { ThreadOutcomeData } from '../src/shared/thread-lab'
import { checkOf, english } from './helpers/outcome'
import { expectAllChecksOk, outputOf, useScenarioLab, type Watched } from './helpers/scenario-runs'
import { osParentOf, osThreads, waitFor } from './helpers/procs'
import { hasThreadList, needs } from './helpers/capability'
import { expectQueuePair, expectQueuePairStops, loopThreadLines } from './helpers/tutorial-runs'

const { start, events, call } = useScenarioLab()

/** The run as its last event showed it (live state included). */
function latest(w: Watched): RunInfo {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]
    if (e.type === 'run' && e.run.runId === w.run.runId) return e.run
  }
  return w.run
}

const python = findPython(hostPlatform())
if ('missing' in python) throw new Error('python3 is required for these tests (CI installs it)')

const dataOf = (r: RunInfo): ThreadOutcomeData => threadRunOf(r)?.outcome?.data ?? {}

/** A Python program run by hand, as a learner would in a terminal: its printed lines and its result. */
function byHand(program: string, options: Record<string, unknown>): { lines: string[]; result: unknown } {
  if ('missing' in python) throw new Error('no python')
  const out = execFileSync(python.file, [...python.args, pythonFile(program), JSON.stringify(options)], {
    encoding: 'utf8',
    timeout: 20_000,
  })
  const at = out.indexOf('result: ')
  return { lines: out.slice(0, at).trim().split('\n'), result: JSON.parse(out.slice(at + 'result: '.length)) }
}

describe('queue-pair in Python', () => {
  it('multiprocessing.Queue: the writer puts, the reader gets in order, the parent joins one and terminates the other', async () => {
    const w = await start('queue-pair', { language: 'python', maxPauseMs: 200 })
    const run = await w.ended
    const { writer, reader } = expectQueuePair(w, run)
    // Each value reached the reader after the writer put it (the pause after a put may be ~0, so puts and
    // gets of different values may interleave any way).
    const ops = runOf(run, 'queue-pair')!.outcome!.data!.ops.map((o) => `${o.op} ${o.value}`)
    for (const v of ['A', 'B', 'C']) expect(ops.indexOf(`get ${v}`)).toBeGreaterThan(ops.indexOf(`put ${v}`))
    // Each child's lines stream under its own pid, as the tutorial prints them.
    expect(outputOf(w, writer.pid)).toContain(`Process to write: ${writer.pid}`)
    expect(outputOf(w, writer.pid)).toContain('Put C to queue...')
    expect(outputOf(w, reader.pid)).toContain('Get C from queue.')
    expect(run.outcome!.figures).toMatchObject({
      puts: 3,
      gets: 3,
      unread: 0,
      readerSignal: 'SIGTERM',
      writerExitCode: 0,
    })
    // The view's live state: the queue empty at the end, the reader terminated.
    const live = runOf(latest(w), 'queue-pair')!.live!
    expect(live.queue).toEqual([])
    expect(live.reader).toMatchObject({ pid: reader.pid, state: 'terminated', signal: 'SIGTERM' })
    expect(live.writer).toMatchObject({ pid: writer.pid, state: 'exited', code: 0 })
  })

  it('stops on request, leaving nothing behind', async () => {
    const run = await expectQueuePairStops(start, call, 'python')
    expect(english(run.outcome!.summary)).toBe('Stopped before the writer was joined.')
  })
})

describe('threads in Python', () => {
  it("the tutorial's LoopThread: listed by name beside MainThread in one python3 process, joined", async (ctx) => {
    needs(ctx, hasThreadList())
    const w = await start('threads', { language: 'python', count: 3, pauseMs: 300 })
    let seen: { name: string; pid: number; tid: number }[] = []
    // While it runs, the run's thread list names both Python threads with their OS thread ids.
    await waitFor(() => {
      const live = threadRunOf(latest(w))?.live
      seen = (live?.threads ?? []).filter(
        (t) => t.name === 'LoopThread' || (t.name === 'MainThread' && t.pid !== live?.hostPid),
      )
      return seen.length === 2 ? seen : null
    }, 8000)
    // Both in one python3 process, a child of the scenario host, counted in the run.
    const py = { pid: seen[0].pid }
    const host = threadRunOf(latest(w))!.live!.hostPid!
    expect(seen.map((t) => t.pid)).toEqual([py.pid, py.pid])
    expect(osParentOf(py.pid)).toBe(host)
    expect(latest(w).pids).toContain(py.pid)
    // The OS agrees: both tids are threads of the python3 process.
    const tids = (osThreads(py.pid) ?? []).map((t) => t.tid)
    for (const t of seen) expect(tids).toContain(t.tid)
    const run = await w.ended
    expect(run.status).toBe('finished')
    expectAllChecksOk(run)
    expect(dataOf(run).lines!.map((l) => l.text)).toEqual(loopThreadLines(3))
    const f = run.outcome!.figures
    expect(f.pid).toBe(py.pid)
    expect(f.loopTid).toBe(seen.find((t) => t.name === 'LoopThread')!.tid)
    // Joined: MainThread ended right after LoopThread, not before and not a pause later.
    expect(f.joinWaitMs as number).toBeGreaterThanOrEqual(0)
    expect(f.joinWaitMs as number).toBeLessThan(250)
    // Python's lines are python3's, not the Node host's that started it.
    expect(outputOf(w, py.pid)).toContain('thread LoopThread >>> 3')
    expect(outputOf(w, host)).not.toContain('thread LoopThread')
    // The facts about names are this Python's, as measured: its version and the name it gives an unnamed thread.
    const [version, unnamed] = JSON.parse(
      execFileSync(python.file, [
        ...python.args,
        '-c',
        'import sys, threading, json\ndef loop(): pass\nprint(json.dumps(["%d.%d.%d" % sys.version_info[:3], threading.Thread(target=loop).name]))',
      ]).toString(),
    ) as [string, string]
    const facts = run.outcome!.facts!.map((x) => english(x.label))
    expect(facts).toContain(
      `A thread nobody names is called “${unnamed}” on Python ${version}: since 3.10 the target function’s name is added in brackets; the tutorial’s Python printed just Thread-1.`,
    )
    expect(facts.some((x) => x.startsWith(`Python ${version} `) || x.includes(`Python ${version} gave`))).toBe(true)
  })
})

describe('thread-local in Python', () => {
  it("threading.local() keeps each thread's student; a plain global shows the last thread's to all", async () => {
    const w = await start('thread-local', { language: 'python', students: ['Alice', 'Bob', 'Carol'], pauseMs: 20 })
    const run = await w.ended
    expect(run.status).toBe('finished')
    expectAllChecksOk(run)
    expect(run.outcome!.figures).toMatchObject({ students: 3, 'perThread.wrong': 0, 'shared.wrong': 2 })
    const rows = dataOf(run).table!.rows.map((r) => r.slice(1).join(' '))
    expect(rows.slice(0, 3)).toEqual(['Thread-A Alice Alice', 'Thread-B Bob Bob', 'Thread-C Carol Carol'])
    // Every Shared-* thread read the same student: whichever bound last.
    expect(new Set(rows.slice(3, 6).map((r) => r.split(' ')[2])).size).toBe(1)
    // The tutorial's global dict keyed by the thread gives each thread its own, like threading.local().
    expect(rows.slice(6)).toEqual(['Dict-A Alice Alice', 'Dict-B Bob Bob', 'Dict-C Carol Carol'])
    const names = dataOf(run).threads!.map((t) => t.name)
    expect(names).toEqual(expect.arrayContaining(['Thread-A', 'Thread-B', 'Thread-C', 'Shared-A']))
    // Printed by python3 (its threads), and shown under its pid: the thread that owns a name ran in it.
    const py = dataOf(run).threads!.find((t) => t.name === 'Thread-A')!.pid
    expect(outputOf(w, py)).toMatch(/Hello, Alice \(in Thread-A\)/)
  })
})

describe('lock-race in Python', () => {
  it("CPython's race as it behaves: the tutorial's loop loses none, a call inside loses, the lock none", async () => {
    // 200 000 calls: long enough that both threads run at once on a loaded 2-core machine. At 50 000, with
    // the load at 12, one run in 20 lost nothing even with the call inside (the OS ran the threads in turn).
    const w = await start('lock-race', { language: 'python', iterations: 200_000 })
    const run = await w.ended
    expect(run.status).toBe('finished')
    expectAllChecksOk(run)
    const f = run.outcome!.figures
    expect(f['plain.lost']).toBe(0)
    expect(f['plainShort.lost']).toBe(0)
    expect(f['unlocked.lost']).toBeGreaterThan(0)
    expect(f['locked.lost']).toBe(0)
    expect(f.python).toMatch(/^3\.\d+\.\d+$/)
    // The racing threads are in the run's thread list under their names.
    const names = dataOf(run).threads!.map((t) => t.name)
    expect(names).toEqual(expect.arrayContaining(['plain-1', 'plain-2', 'call-short-1', 'locked-2']))
    expect(dataOf(run).table!.rows).toHaveLength(5)
  })

  it('by hand, prints each round; with the lock taken away the locked round fails its check', () => {
    const { lines, result } = byHand('lock_race', { mode: 'locked', iterations: 200_000, breakLock: true })
    expect(lines[0]).toMatch(/^Python 3\.\d+\.\d+, GIL on/)
    expect(lines[1]).toMatch(/^locked +balance = -?\d+, \d+ of 800000 updates lost/)
    const c = checkOf(raceOutcome(result as RaceResult, []), 'check.lockedNone')
    expect(c.ok).toBe(false)
    expect(english(c.detail)).not.toContain(' 0 of 800,000 updates lost')
  })
})

describe('without Python 3', () => {
  it('each Python mode says so, and its checks show as not run, never as holding', async () => {
    const path = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      for (const id of ['queue-pair', 'threads', 'lock-race', 'thread-local']) {
        // It ends at once, maybe before start() listens for its end: read it from the run list.
        const w = await start(id, { language: 'python' })
        const run = (await waitFor(async () => {
          const runs = await call<RunInfo[]>('listRuns')
          return runs.find((r) => r.runId === w.run.runId && r.endedAt)
        }, 5000))!
        expect(run.status, id).toBe('finished')
        const o = run.outcome!
        expect(english(o.summary), id).toMatch(/^Python mode not run: python3 is not on PATH\./)
        expect(o.checks.length, id).toBeGreaterThan(1)
        expect(
          o.checks.every((c) => c.ok === null),
          id,
        ).toBe(true)
        expect(w.spawns, id).toEqual([])
      }
    } finally {
      process.env.PATH = path
    }
  })
})
