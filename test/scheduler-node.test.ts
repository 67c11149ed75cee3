// Be the scheduler, Node.js threads (issue 21): the learner lets real worker
// threads take one step at a time through scenarioAction(runId, 'step'), and
// the lost update and the deadlock happen in the real shared memory and the
// real locks. Driven through Lab.invoke, as the dashboard does.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useScenarioLab } from './helpers/scenario-runs'
import { english } from './helpers/outcome'
import { onLinux } from './helpers/procs'
import type { RunInfo } from '../src/shared/model'
import type { ThreadLive } from '../src/shared/thread-lab'
import type { ScheduleLive } from '../src/shared/scheduler'

const { call, callError, start, events } = useScenarioLab()

type Run = Awaited<ReturnType<typeof start>>

function latest(w: Run): RunInfo {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]
    if (e.type === 'run' && e.run.runId === w.run.runId) return e.run
  }
  return w.run
}
const scheduleOf = (w: Run): ScheduleLive | undefined => (latest(w).live as ThreadLive | undefined)?.schedule

async function firstSchedule(w: Run, ms = 20_000): Promise<ScheduleLive> {
  const end = Date.now() + ms
  for (;;) {
    const s = scheduleOf(w)
    if (s && s.threads.every((t) => t.next !== null || t.blocked)) return s
    if (Date.now() > end)
      throw new Error(
        `no schedule published in ${ms} ms: ${JSON.stringify(latest(w)).slice(0, 1500)} ${JSON.stringify(w.mine().filter((e) => e.type === 'log'))}`,
      )
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function steps(w: Run, schedule: string): Promise<ScheduleLive> {
  for (const n of schedule.split(' ')) await call('scenarioAction', w.run.runId, 'step', { thread: `Thread-${n}` })
  return scheduleOf(w)!
}

const race = { language: 'node', schedule: 'manual', threads: 2, manualIterations: 1, mode: 'unlocked' }

describe('lock-race, step by step', () => {
  it('read, read, write, write loses an update in the real balance', async () => {
    const w = await start('lock-race', race)
    const first = await firstSchedule(w)
    expect(first.threads.map((t) => `${t.name} ${t.next?.kind}`)).toEqual(['Thread-1 read', 'Thread-2 read'])
    expect(first.shared).toMatchObject({ balance: 0, expected: 13 })

    let s = await steps(w, '1 2')
    // Each thread has read the balance into its local: both saw 0.
    expect(s.threads.map((t) => t.locals.local)).toEqual([0, 0])
    expect(s.threads.map((t) => t.next?.kind)).toEqual(['compute', 'compute'])
    s = await steps(w, '1 2 1')
    expect(s.shared.balance).toBe(5)
    s = await steps(w, '2')
    // Thread-2 writes its stale 0 + 8 over Thread-1's 5: +5 is lost, in the real cell.
    expect(s.shared.balance).toBe(8)
    expect(s.steps).toEqual(['Thread-1', 'Thread-2', 'Thread-1', 'Thread-2', 'Thread-1', 'Thread-2'])
    expect(s.challenge).toEqual({ id: 'lost-update', metAt: 6, fewest: 6 })
    const done = await w.ended
    expect(done.status).toBe('finished')
    expect(done.outcome!.figures).toMatchObject({ balance: 8, expected: 13, schedule: '1 2 1 2 1 2', lostAt: 6 })
    expect(done.outcome!.checks.map((c) => c.ok)).toEqual([true])
  })

  it('the sequential schedule loses nothing', async () => {
    const w = await start('lock-race', race)
    await firstSchedule(w)
    const s = await steps(w, '1 1 1 2 2 2')
    expect(s.shared.balance).toBe(13)
    expect(s.challenge?.metAt).toBeNull()
    const done = await w.ended
    expect(done.outcome!.figures).toMatchObject({ balance: 13, expected: 13, lostAt: null })
    expect(done.outcome!.checks.map((c) => c.ok)).toEqual([true])
  })

  it('under the lock a thread that steps into the held lock blocks, and cannot be stepped', async () => {
    const w = await start('lock-race', { ...race, mode: 'locked' })
    await firstSchedule(w)
    let s = await steps(w, '1 2')
    expect(s.threads[1].blocked).toEqual({ lock: 'lock', heldBy: 'Thread-1' })
    expect(s.shared['lock lock']).toBe('Thread-1')
    const refused = await callError('scenarioAction', w.run.runId, 'step', { thread: 'Thread-2' })
    expect(refused.message).toMatch(/Thread-2 is waiting for the lock, held by Thread-1/)
    // Thread-1 reads, computes, writes, releases: Thread-2 gets the lock by itself and stands at its read.
    s = await steps(w, '1 1 1 1')
    expect(s.threads[1].blocked).toBeNull()
    expect(s.threads[1].next?.kind).toBe('read')
    expect(s.shared['lock lock']).toBe('Thread-2')
    s = await steps(w, '2 2 2 2')
    expect(s.shared.balance).toBe(13)
    expect(s.challenge?.fewest).toBeNull()
    const gone = await callError('scenarioAction', w.run.runId, 'step', { thread: 'Thread-1' })
    expect(gone.message).toMatch(/Thread-1 has finished|has ended/)
  })

  it('a replayed schedule gives the same final balance, with no step taken by hand', async () => {
    const w = await start('lock-race', { ...race, replay: '1 2 1 2 1 2' })
    const done = await w.ended
    expect(done.status).toBe('finished')
    expect(done.outcome!.figures).toMatchObject({ balance: 8, schedule: '1 2 1 2 1 2', lostAt: 6 })
  })

  it('refuses a replay that is not a schedule, naming the field', async () => {
    const bad = await callError('startScenario', 'lock-race', { ...race, replay: '1 3 x' })
    expect(bad.message).toMatch(/^Replay a schedule must be thread numbers from 1 to 2/)
    const both = await callError('startScenario', 'lock-race', { ...race, mode: 'both' })
    expect(both.message).toMatch(/^Run cannot be without and with the lock when you make the schedule/)
  })
})

/** A thread's state letter and wait channel as the OS reports them. */
function osState(pid: number, tid: number): { state: string; wchan: string; syscall: string } {
  const read = (f: string): string => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${tid}/${f}`, 'utf8')
    } catch {
      return ''
    }
  }
  const stat = read('stat')
  return { state: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0], wchan: read('wchan'), syscall: read('syscall') }
}

describe('deadlock, step by step', () => {
  it('opposite order, A then B then B then A: both threads really blocked, the cycle reported', async () => {
    const w = await start('deadlock', { language: 'node', schedule: 'manual', timeoutS: 30 })
    const first = await firstSchedule(w)
    expect(first.threads.map((t) => `${t.name} ${t.next?.kind} ${t.next?.lock}`)).toEqual([
      'Thread-1 acquire A',
      'Thread-2 acquire B',
    ])
    const s = await steps(w, '1 2 1 2')
    expect(s.threads.map((t) => t.blocked)).toEqual([
      { lock: 'B', heldBy: 'Thread-2' },
      { lock: 'A', heldBy: 'Thread-1' },
    ])
    expect(s.over).toBe(true)
    expect(s.challenge).toEqual({ id: 'deadlock', metAt: 4, fewest: 4 })
    const refused = await callError('scenarioAction', w.run.runId, 'step', { thread: 'Thread-1' })
    expect(refused.message).toMatch(/Thread-1 is waiting for lock B, held by Thread-2/)
    // The wait-for graph finds the cycle, as it does when the OS schedules.
    const end = Date.now() + 5000
    while (!(latest(w).live as ThreadLive).deadlock && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
    const live = latest(w).live as ThreadLive
    expect([...(live.deadlock?.threads ?? [])].sort()).toEqual(['Thread-1', 'Thread-2'])
    if (onLinux) {
      for (const t of s.threads) {
        const os = osState(live.hostPid!, t.tid)
        // Asleep in the kernel: a futex wait (Atomics.wait), not spinning.
        expect(os.state, `${t.name}`).toBe('S')
        if (os.wchan && os.wchan !== '0') expect(os.wchan).toMatch(/futex/)
        // syscall 202 is futex on x86-64 (98 on arm64): checked where the number is known.
        if (os.syscall && process.arch === 'x64') expect(os.syscall.split(' ')[0]).toBe('202')
      }
    } else console.log('not Linux: the threads’ OS state is not read here')
    await call('stopScenario', w.run.runId)
    const done = await w.ended
    expect(done.outcome!.figures).toMatchObject({ schedule: '1 2 1 2', deadlockAt: 4 })
    expect(done.outcome!.checks[0].ok).toBe(true)
  })

  it('in the same order no schedule deadlocks: the second thread waits, then goes on', async () => {
    const w = await start('deadlock', { language: 'node', schedule: 'manual', variant: 'ordered' })
    await firstSchedule(w)
    let s = await steps(w, '1 2')
    expect(s.threads[1].blocked).toEqual({ lock: 'A', heldBy: 'Thread-1' })
    expect(s.over).toBe(false)
    s = await steps(w, '1 1')
    expect(s.threads[1].blocked).toBeNull()
    expect(s.threads[1].next?.lock).toBe('B')
    s = await steps(w, '2 2')
    expect(s.challenge).toEqual({ id: 'deadlock', metAt: null, fewest: null })
    const done = await w.ended
    expect(done.status).toBe('finished')
    expect(done.outcome!.figures.cycle).toBeNull()
    expect(done.outcome!.checks.every((c) => c.ok)).toBe(true)
  })
})

describe('actions answer', () => {
  it('a step on a run the OS schedules is refused with a message', async () => {
    const w = await start('deadlock', { language: 'node', holdMs: 100, timeoutS: 5 })
    // Once the host has started its threads (the driver is running).
    const end = Date.now() + 20_000
    while (!((latest(w).live as ThreadLive | undefined)?.threads.length ?? 0) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20))
    const e = await callError('scenarioAction', w.run.runId, 'step', { thread: 'Thread-1' })
    expect(e.message).toMatch(/not scheduled by hand/)
    expect(english({ key: 'core.schedule.error.notManual' })).toBe(e.message)
  })
})
