// threads' verdicts: computed from the lines each thread printed (with the OS
// thread and process that printed them) and when join() returned; each fails
// when the run is broken on purpose.
import { describe, expect, it } from 'vitest'
import { loopOutcome } from '../../src/core/scenarios/threads/outcome'
import type { LoopLine, LoopResult } from '../../src/shared/scenarios/threads'
import { checkOf, english } from '../helpers/outcome'

const PID = 4000
const MAIN = 4000
const LOOP = 4001
const line = (thread: string, tid: number, text: string, at: number, pid = PID): LoopLine => ({
  thread,
  tid,
  pid,
  text,
  at,
})

/** The tutorial's run, counting to 3, one line every 100 ms. */
function good(): LoopResult {
  return {
    language: 'python',
    count: 3,
    pid: PID,
    mainTid: MAIN,
    loopTid: LOOP,
    joinedAt: 1402,
    lines: [
      line('MainThread', MAIN, 'thread MainThread is running...', 1000),
      line('LoopThread', LOOP, 'thread LoopThread is running...', 1001),
      line('LoopThread', LOOP, 'thread LoopThread >>> 1', 1001),
      line('LoopThread', LOOP, 'thread LoopThread >>> 2', 1101),
      line('LoopThread', LOOP, 'thread LoopThread >>> 3', 1201),
      line('LoopThread', LOOP, 'thread LoopThread ended.', 1401),
      line('MainThread', MAIN, 'thread MainThread ended.', 1402),
    ],
  }
}
const withLines = (f: (lines: readonly LoopLine[]) => LoopLine[], extra: Partial<LoopResult> = {}): LoopResult => ({
  ...good(),
  lines: f(good().lines),
  ...extra,
})

describe('threads checks', () => {
  it('all hold for the run the tutorial shows', () => {
    const o = loopOutcome(good(), [])
    expect(o.checks.map((c) => c.ok)).toEqual([true, true])
    expect(o.figures).toMatchObject({ count: 3, joinWaitMs: 1, mainTid: MAIN, loopTid: LOOP })
    expect(english(o.summary)).toContain('LoopThread (tid 4001) counted to 3 in process 4000')
  })

  it('names are a fact, not a check: both sides come from current_thread().name', () => {
    const o = loopOutcome(good(), [])
    expect(o.checks.map((c) => c.label.key)).not.toContain('scenario.threads.check.names')
    expect(english(o.facts![0].label)).toMatch(/LoopThread printed 3 of 3 numbers/)
    // A line from another OS thread is still reported, beside the fact.
    const swapped = withLines((l) => l.map((x, i) => (i === 3 ? { ...x, tid: MAIN, thread: 'MainThread' } : x)))
    expect(english(loopOutcome(swapped, []).facts![0].detail!)).toBe(
      '1 line came from an OS thread other than the one their name belongs to',
    )
  })

  it("says what this Python does with thread names, as measured: the OS's name and the default name", () => {
    const facts = (extra: Partial<LoopResult>) =>
      loopOutcome({ ...good(), ...extra }, []).facts!.map((f) => english(f.label))
    const old = facts({ python: '3.11.7', osNames: { LoopThread: 'python3' }, defaultName: 'Thread-1 (loop)' })
    expect(
      old.some((f) => f.startsWith('Python 3.11.7 does not give thread names to the OS') && f.includes('“python3”')),
    ).toBe(true)
    expect(old.some((f) => f.includes('called “Thread-1 (loop)” on Python 3.11.7'))).toBe(true)
    const new_ = facts({ python: '3.14.0', osNames: { LoopThread: 'LoopThread' }, defaultName: 'Thread-1 (loop)' })
    expect(new_.some((f) => f.startsWith('Python 3.14.0 gives thread names to the OS'))).toBe(true)
    const mac = facts({ python: '3.12.1', osNames: { LoopThread: null } })
    expect(mac.some((f) => f.startsWith('This system does not let a program read'))).toBe(true)
  })

  it('one process: fails for two pids, or one thread id for both threads', () => {
    const twoPids = withLines((l) => l.map((x) => (x.tid === LOOP ? { ...x, pid: PID + 1 } : x)))
    expect(checkOf(loopOutcome(twoPids, []), 'check.oneProcess').ok).toBe(false)
    const oneTid = withLines((l) => l.map((x) => ({ ...x, tid: MAIN })), { loopTid: MAIN })
    expect(checkOf(loopOutcome(oneTid, []), 'check.oneProcess').ok).toBe(false)
  })

  it('joined: fails when MainThread ended before LoopThread, or did not wait in join()', () => {
    const early = withLines((l) => l.map((x) => (x.text === 'thread MainThread ended.' ? { ...x, at: 1300 } : x)))
    expect(checkOf(loopOutcome(early, []), 'check.joined').ok).toBe(false)
    expect(checkOf(loopOutcome({ ...good(), joinedAt: 1200 }, []), 'check.joined').ok).toBe(false)
    const neverEnded = withLines((l) => l.filter((x) => x.text !== 'thread LoopThread ended.'))
    expect(english(checkOf(loopOutcome(neverEnded, []), 'check.joined').detail)).toBe(
      'a thread did not print that it ended',
    )
  })
})
