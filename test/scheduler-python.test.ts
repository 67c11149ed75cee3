// "Be the scheduler" in Python (issue 21): lock-race and deadlock with
// `schedule: manual`, real python3 threads stopped at their gates and let go
// one step at a time through scenarioAction(runId, 'step', { thread }), as the
// dashboard does. What a learner would notice: the lost update in the real
// global, the real deadlock (threads asleep in the kernel, the cycle found), the
// ordered locks that never deadlock, the blocked thread that cannot be stepped.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { pythonFile } from '../src/child/entries'
import { findPython } from '../src/core/bridge/python'
import { hostPlatform } from '../src/core/platform'
import { threadRunOf, type LabEvent, type RunInfo } from '../src/shared/model'
import type { Msg } from '../src/shared/msg'
import type { ScheduleLive } from '../src/shared/scheduler'
import type { ThreadLive } from '../src/shared/thread-lab'
import { english } from './helpers/outcome'
import { alive, waitFor } from './helpers/procs'
import { hasProcfs } from './helpers/capability'
import { byRole, expectAllChecksOk, outputOf, useScenarioLab, type Watched } from './helpers/scenario-runs'

if ('missing' in findPython(hostPlatform())) throw new Error('python3 is required for these tests (CI installs it)')

const { lab, events, start, callError } = useScenarioLab()

function lastRun(runId: string): RunInfo | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]
    if (e.type === 'run' && e.run.runId === runId) return e.run
  }
  return undefined
}

const liveOf = (w: Watched): ThreadLive | undefined => threadRunOf(lastRun(w.run.runId))?.live
const scheduleOf = (w: Watched): ScheduleLive | undefined => liveOf(w)?.schedule

/** Every live state the run has published so far. */
const livesOf = (w: Watched): ThreadLive[] =>
  w
    .mine()
    .filter((e): e is Extract<LabEvent, { type: 'run' }> => e.type === 'run')
    .map((e) => threadRunOf(e.run)?.live)
    .filter((l): l is ThreadLive => l !== undefined)

type Stepped = { readonly ok: true; readonly schedule: ScheduleLive } | { readonly ok: false; readonly msg: Msg }

/** The state once every thread stands at its first gate. */
const firstState = (w: Watched): Promise<ScheduleLive> => waitFor(() => scheduleOf(w), 15_000, 10)

/**
 * Lets one thread take one step. The action's reply may come before the step
 * is done (or only once it is): either way, wait for the program's next state,
 * or for its refusal (the action's error, or the run's log where the host
 * reports a refused action).
 */
async function step(w: Watched, thread: string): Promise<Stepped> {
  const taken = scheduleOf(w)?.steps.length ?? 0
  const from = events.length
  const reply = await lab().invoke('scenarioAction', [w.run.runId, 'step', { thread }])
  if (!reply.ok) return { ok: false, msg: reply.error.msg ?? { key: reply.error.message } }
  return waitFor<Stepped | null>(
    () => {
      const s = scheduleOf(w)
      if (s && s.steps.length > taken) return { ok: true, schedule: s }
      const refused = events
        .slice(from)
        .find(
          (e): e is Extract<LabEvent, { type: 'log' }> =>
            e.type === 'log' &&
            e.runId === w.run.runId &&
            typeof e.text !== 'string' &&
            e.text.key.includes('.stepping.refused.'),
        )
      return refused ? { ok: false, msg: refused.text as Msg } : null
    },
    15_000,
    10,
  )
}

async function stepOk(w: Watched, thread: string): Promise<ScheduleLive> {
  const r = await step(w, thread)
  if (!r.ok) throw new Error(`step ${thread} refused: ${english(r.msg)}`)
  return r.schedule
}

/** Steps the threads in this order ("1 2 2 1"): the state after the last step. */
async function steps(w: Watched, order: string): Promise<ScheduleLive> {
  let s = await firstState(w)
  for (const n of order.split(' ')) s = await stepOk(w, `Thread-${n}`)
  return s
}

const thread = (s: ScheduleLive, name: string) => s.threads.find((t) => t.name === name)!

/** Each step's source line is the one marked `# step: <at>` in the program the run shows. */
function expectMarked(program: string, s: ScheduleLive): void {
  const source = fs.readFileSync(pythonFile(program), 'utf8')
  for (const t of s.threads)
    if (t.next) expect(source.split('\n').filter((l) => l.endsWith(`# step: ${t.next!.at}`))).toHaveLength(1)
}

/** The python3 process of a run, and that it is gone once the run has ended. */
async function expectGone(pid: number): Promise<void> {
  await waitFor(() => !alive(pid), 5000)
}

describe('lock-race in Python, you are the scheduler', () => {
  it('read, read, write, write: one update is lost in the real global; the sequential schedule loses none', async () => {
    // The interleaving: both threads read 0, Thread-1 writes 5, Thread-2 writes 8 over it (13 expected).
    const w = await start('lock-race', {
      language: 'python',
      schedule: 'manual',
      manualIterations: 1,
      mode: 'unlocked',
    })
    const s0 = await firstState(w)
    expect(s0.threads.map((t) => [t.name, t.next?.kind, t.blocked])).toEqual([
      ['Thread-1', 'read', null],
      ['Thread-2', 'read', null],
    ])
    expect(s0.shared).toMatchObject({ balance: 0, expected: 13 })
    expectMarked('lock_race', s0)
    // The threads are real: the OS lists their ids in python3.
    const py = byRole(w, 'python3')[0]
    const tids = new Set((hostPlatform().readThreads(py.pid) ?? []).map((t) => t.tid))
    if (hostPlatform().readThreads(py.pid)) for (const t of s0.threads) expect(tids.has(t.tid), t.name).toBe(true)

    let s = await steps(w, '1 2')
    expect(thread(s, 'Thread-1').locals.local).toBe(0)
    expect(thread(s, 'Thread-2').locals.local).toBe(0)
    expect(english(thread(s, 'Thread-1').next!.label)).toBe('add 5 to local')
    s = await steps(w, '1 2 1')
    expect(s.shared.balance).toBe(5)
    s = await stepOk(w, 'Thread-2')
    // Thread-1's +5 is gone: Thread-2 wrote what it had computed from the 0 it read.
    expect(s.shared.balance).toBe(8)
    expect(s.over).toBe(true)
    expect(s.threads.every((t) => t.next === null)).toBe(true)
    expect(s.steps.join(' ')).toBe('Thread-1 Thread-2 Thread-1 Thread-2 Thread-1 Thread-2')
    const done = await w.ended
    expect(done.status, done.error).toBe('finished')
    // The program's own result: the real global ended at 8, not 13, one update of two lost.
    expect(outputOf(w, py.pid)).toContain('balance = 8 (expected 13), 1 of 2 updates lost')
    // The outcome: the challenge met, the real balance agreeing with the schedule, the schedule kept.
    expect(done.outcome!.figures).toMatchObject({ balance: 8, expected: 13, schedule: '1 2 1 2 1 2', lostAt: 6 })
    expectAllChecksOk(done)
    await expectGone(py.pid)

    // The same steps one thread after the other: nothing is lost.
    const seq = await start('lock-race', {
      language: 'python',
      schedule: 'manual',
      manualIterations: 1,
      mode: 'unlocked',
    })
    const end = await steps(seq, '1 1 1 2 2 2')
    expect(end.shared.balance).toBe(13)
    const seqDone = await seq.ended
    const seqPy = byRole(seq, 'python3')[0]
    expect(outputOf(seq, seqPy.pid)).toContain('balance = 13 (expected 13), 0 of 2 updates lost')
    expect(seqDone.outcome!.figures).toMatchObject({ balance: 13, lostAt: null })
    expectAllChecksOk(seqDone)
  })

  it('a replayed schedule runs the same steps in the real program: the same lost update, no step taken by hand', async () => {
    // The core plays the schedule through the same step action for either language.
    const w = await start('lock-race', {
      language: 'python',
      schedule: 'manual',
      manualIterations: 1,
      mode: 'unlocked',
      replay: '1 2 1 2 1 2',
    })
    const done = await w.ended
    expect(done.status, done.error).toBe('finished')
    expect(done.outcome!.figures).toMatchObject({
      balance: 8,
      expected: 13,
      schedule: '1 2 1 2 1 2',
      lostAt: 6,
      fewest: 6,
    })
    expect(outputOf(w, byRole(w, 'python3')[0].pid)).toContain('balance = 8 (expected 13), 1 of 2 updates lost')
  })

  it('with the lock, a thread that steps into the held lock blocks and cannot be stepped; it goes on by itself once released', async () => {
    const w = await start('lock-race', { language: 'python', schedule: 'manual', manualIterations: 1, mode: 'locked' })
    let s = await steps(w, '1 2')
    expect(s.shared['lock lock']).toBe('Thread-1')
    expect(thread(s, 'Thread-2').blocked).toEqual({ lock: 'lock', heldBy: 'Thread-1' })
    expect(s.over).toBe(false)
    // The run's thread list says the same: one asleep at its gate, the other waiting for the lock.
    const states = (): string =>
      (liveOf(w)?.threads ?? [])
        .filter((t) => t.name.startsWith('Thread-'))
        .map((t) => `${t.name}: ${english(t.state)}`)
        .join(', ')
    await waitFor(() => states() === 'Thread-1: sleeping, Thread-2: waiting for lock lock', 5000).catch(() => {})
    expect(states()).toBe('Thread-1: sleeping, Thread-2: waiting for lock lock')
    const refused = await step(w, 'Thread-2')
    expect(refused.ok).toBe(false)
    if (!refused.ok)
      expect(english(refused.msg)).toBe(
        'Thread-2 is blocked: it waits for lock lock, held by Thread-1, and goes on by itself once that lock is free',
      )
    // Whatever Thread-2 tried, no step of its was taken.
    expect(scheduleOf(w)!.steps).toEqual(['Thread-1', 'Thread-2'])
    // Thread-1 reads, computes, writes, releases: Thread-2 then holds the lock, at its first read.
    s = await steps(w, '1 1 1 1')
    expect(thread(s, 'Thread-1').next).toBeNull()
    expect(thread(s, 'Thread-2').blocked).toBeNull()
    expect(thread(s, 'Thread-2').next?.kind).toBe('read')
    expect(s.shared['lock lock']).toBe('Thread-2')
    s = await steps(w, '2 2 2 2')
    expect(s.shared.balance).toBe(13)
    expect(s.over).toBe(true)
    const done = await w.ended
    expect(done.status, done.error).toBe('finished')
  })

  it('a finished or unknown thread cannot be stepped', async () => {
    const w = await start('lock-race', {
      language: 'python',
      schedule: 'manual',
      manualIterations: 1,
      mode: 'unlocked',
    })
    await steps(w, '1 1 1')
    const finished = await step(w, 'Thread-1')
    expect(finished.ok).toBe(false)
    if (!finished.ok) expect(english(finished.msg)).toBe('Thread-1 has finished: it has no step left')
    const unknown = await step(w, 'Thread-3')
    expect(unknown.ok).toBe(false)
  })
})

/** The thread's state letter and current system call, as the kernel has them (/proc). */
function kernelView(pid: number, tid: number): { state: string; syscall: string | null } {
  const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
  let syscall: string | null = null
  try {
    syscall = fs.readFileSync(`/proc/${pid}/task/${tid}/syscall`, 'utf8')
  } catch {
    // Needs ptrace access to the process (not given everywhere): said where it is used.
  }
  return { state, syscall }
}

/** futex(2)'s number: what a thread blocked in a lock is inside. */
const FUTEX: Partial<Record<string, number>> = { x64: 202, arm64: 98 }

describe('deadlock in Python, you are the scheduler', () => {
  it('opposite order, stepped A, B, B, A: both threads really block, asleep in the kernel, and the cycle is found', async () => {
    const w = await start('deadlock', { language: 'python', schedule: 'manual' })
    const s0 = await firstState(w)
    expect(s0.threads.map((t) => [t.next?.kind, t.next?.lock])).toEqual([
      ['acquire', 'A'],
      ['acquire', 'B'],
    ])
    expectMarked('deadlock', s0)
    let s = await steps(w, '1 2')
    expect(s.shared).toMatchObject({ 'lock A': 'Thread-1', 'lock B': 'Thread-2' })
    expect(english(thread(s, 'Thread-1').next!.label)).toBe('acquire lock B')
    s = await steps(w, '1 2')
    expect(thread(s, 'Thread-1').blocked).toEqual({ lock: 'B', heldBy: 'Thread-2' })
    expect(thread(s, 'Thread-2').blocked).toEqual({ lock: 'A', heldBy: 'Thread-1' })
    expect(s.over).toBe(true)
    // The lab's wait-for graph finds the cycle, as when the OS schedules.
    const report = await waitFor(() => liveOf(w)?.deadlock ?? null, 8000, 20)
    expect(english(report.text)).toBe('Thread-1 holds A and waits for B; Thread-2 holds B and waits for A.')
    // Neither can be stepped.
    for (const name of ['Thread-1', 'Thread-2']) {
      const r = await step(w, name)
      expect(r.ok, name).toBe(false)
      if (!r.ok) expect(english(r.msg)).toContain(`${name} is blocked`)
    }
    // The kernel's view: each thread asleep (S), inside futex(), the lock's wait.
    const py = byRole(w, 'python3 deadlock.py')[0]
    if (!hasProcfs().ok) console.warn(`not checked against the kernel: ${hasProcfs().why}`)
    else {
      for (const t of s.threads) {
        const k = await waitFor(() => {
          const v = kernelView(py.pid, t.tid)
          return v.state === 'S' && (v.syscall === null || v.syscall.startsWith(`${FUTEX[process.arch]} `)) ? v : null
        }, 5000).catch(() => kernelView(py.pid, t.tid))
        expect(k.state, t.name).toBe('S')
        if (k.syscall === null)
          console.warn(`${t.name}: /proc/${py.pid}/task/${t.tid}/syscall unreadable here (needs ptrace access)`)
        else if (FUTEX[process.arch] === undefined)
          console.warn(`${t.name}: futex's number on ${process.arch} is not known to this test: ${k.syscall.trim()}`)
        else expect(k.syscall.split(' ')[0], t.name).toBe(String(FUTEX[process.arch]))
      }
    }
    // The only way out in Python: end the process.
    await lab().invoke('scenarioAction', [w.run.runId, 'end-process', {}])
    const done = await w.ended
    expect(done.status, done.error).toBe('finished')
    expect(done.outcome!.figures.endedBy).toBe('killed')
    await expectGone(py.pid)
  })

  it('ordered: no schedule deadlocks; a thread waiting for A is blocked until the other releases it', async () => {
    // Which thread goes when both can: alternate from 1, from 2, two each, and one thread first to the end.
    const patterns = ['1 2', '2 1', '1 1 2 2', '2 2 1 1 1 1']
    for (const pattern of patterns) {
      const w = await start('deadlock', { language: 'python', schedule: 'manual', variant: 'ordered' })
      const prefer = pattern.split(' ')
      let s = await firstState(w)
      let sawBlocked = false
      for (let i = 0; !s.over && i < 20; i++) {
        const free = s.threads.filter((t) => t.next && !t.blocked).map((t) => t.name)
        const want = `Thread-${prefer[i % prefer.length]}`
        s = await stepOk(w, free.includes(want) ? want : free[0])
        sawBlocked ||= s.threads.some((t) => t.blocked)
        // Never stuck: someone can always take a step until both have finished.
        expect(s.over && s.threads.some((t) => t.next !== null), `${pattern}: ${s.steps.join(' ')}`).toBe(false)
      }
      expect(
        s.threads.every((t) => t.next === null),
        pattern,
      ).toBe(true)
      if (pattern === '1 2') expect(sawBlocked, 'Thread-2 waited for A while Thread-1 held it').toBe(true)
      const done = await w.ended
      expect(done.status, done.error).toBe('finished')
      expect(done.outcome!.figures.endedBy).toBe('completed')
      expect(livesOf(w).some((l) => l.deadlock)).toBe(false)
    }
  })

  it('the timeout variant is refused step by step, naming the field: its back-off happens by the clock, not by you', async () => {
    const r = await callError('startScenario', 'deadlock', {
      language: 'python',
      schedule: 'manual',
      variant: 'timeout',
    })
    expect(r.message).toMatch(/^Lock order cannot be opposite order, acquire with a timeout when you make the schedule/)
  })

  it('when the OS schedules, a step is refused', async () => {
    const w = await start('deadlock', { language: 'python', holdMs: 50 })
    await waitFor(() => liveOf(w)?.notice ?? null, 10_000)
    const r = await step(w, 'Thread-1')
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(english(r.msg)).toBe('This run is not scheduled by hand: start it with Schedule set to step by step')
  })
})
