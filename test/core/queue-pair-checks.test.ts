// queue-pair's verdicts: computed from what the writer and the reader reported
// (their puts and gets, with their own pids and clocks), the children's parent
// as the OS saw it, and how the parent saw each child end. Each check fails
// when the run is broken on purpose.
import { describe, expect, it } from 'vitest'
import { queueOutcome, type QueueRun } from '../../src/core/scenarios/queue-pair/outcome'
import type { QueueOp } from '../../src/shared/scenarios/queue-pair'
import { checkOf, english } from '../helpers/outcome'

const PARENT = 100
const W = 101
const R = 102
const put = (value: string, at: number, pid = W): QueueOp => ({ op: 'put', value, pid, at })
const get = (value: string, at: number, pid = R): QueueOp => ({ op: 'get', value, pid, at })
const OPS = [put('A', 1000), get('A', 1001), put('B', 1400), get('B', 1402), put('C', 1900), get('C', 1901)]

function good(over: Partial<QueueRun> = {}, result: Partial<QueueRun['result']> = {}): QueueRun {
  return {
    values: ['A', 'B', 'C'],
    parentPid: PARENT,
    ops: OPS,
    children: [
      { role: 'writer', pid: W, ppid: PARENT, osPpid: PARENT },
      { role: 'reader', pid: R, ppid: PARENT, osPpid: PARENT },
    ],
    ...over,
    result: {
      language: 'python',
      writerPid: W,
      readerPid: R,
      writerExit: { pid: W, code: 0, signal: null },
      readerExit: { pid: R, code: null, signal: 'SIGTERM' },
      writerJoinedAt: 2500,
      terminatedAt: 2501,
      readerAliveAtTerminate: true,
      ...result,
    },
  }
}
const ok = (q: QueueRun, key: string): boolean | null => checkOf(queueOutcome(q), key).ok

describe('queue-pair checks', () => {
  it('all hold for the run the tutorial shows', () => {
    const o = queueOutcome(good())
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true, true, true, true])
    expect(o.figures).toMatchObject({ puts: 3, gets: 3, unread: 0, maxWaitMs: 2, readerSignal: 'SIGTERM' })
    expect(english(o.summary)).toBe(
      'Python: writer 101 put 3 values, reader 102 got 3; the parent joined the writer (exit code 0) and terminated the reader (SIGTERM).',
    )
  })

  it('processes: fails when a child is not under the parent, or one process plays both parts', () => {
    const elsewhere = good({
      children: [
        { role: 'writer', pid: W, ppid: PARENT, osPpid: 1 },
        { role: 'reader', pid: R, ppid: PARENT, osPpid: PARENT },
      ],
    })
    expect(ok(elsewhere, 'check.processes')).toBe(false)
    expect(ok(good({}, { readerPid: W }), 'check.processes')).toBe(false)
  })

  it('pids: fails when the reader got from somewhere else, or the parent put for the writer', () => {
    expect(ok(good({ ops: OPS.map((o) => (o.op === 'get' ? { ...o, pid: PARENT } : o)) }), 'check.pids')).toBe(false)
    expect(ok(good({ ops: [put('A', 1000, PARENT), ...OPS.slice(1)] }), 'check.pids')).toBe(false)
  })

  it('sequence: fails when the reader got the values in another order, or one the writer never put', () => {
    const swapped = [put('A', 1000), put('B', 1001), get('B', 1002), get('A', 1003), put('C', 1900), get('C', 1901)]
    const c = checkOf(queueOutcome(good({ ops: swapped })), 'check.sequence')
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toBe('the writer put A, B, C; the reader got B, A, C')
    expect(ok(good({ ops: [...OPS, get('Z', 2000)] }), 'check.sequence')).toBe(false)
  })

  it('sequence: not measurable when the reader read nothing (terminated first), not a failure', () => {
    const c = checkOf(queueOutcome(good({ ops: OPS.filter((o) => o.op === 'put') })), 'check.sequence')
    expect(c.ok).toBeNull()
    expect(english(c.detail)).toMatch(/^not measurable: the reader read nothing before it was terminated/)
  })

  it('every value read: fails when the reader was terminated before it got C', () => {
    const c = checkOf(queueOutcome(good({ ops: OPS.slice(0, 5) })), 'check.allRead')
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toBe(
      '2 of 3 values put were read: the parent terminated the reader 1 ms after join() returned the writer, before the reader had drained the queue',
    )
    // The race is explained, with the values it cost this run.
    const race = queueOutcome(good({ ops: OPS.slice(0, 5) })).facts!.map((f) => english(f.label))
    expect(race.some((f) => f.includes('here 1 of 3 were lost that way') && f.includes('sentinel'))).toBe(true)
    expect(ok(good({ values: ['A', 'B', 'C', 'D'] }), 'check.allRead')).toBe(false)
  })

  it('writer joined: fails on a non-zero code, a signal, or a terminate before the join returned', () => {
    expect(ok(good({}, { writerExit: { pid: W, code: 1, signal: null } }), 'check.writerJoined')).toBe(false)
    expect(ok(good({}, { writerExit: { pid: W, code: null, signal: 'SIGKILL' } }), 'check.writerJoined')).toBe(false)
    expect(ok(good({}, { terminatedAt: 2400 }), 'check.writerJoined')).toBe(false)
  })

  it('reader terminated: fails when it had ended by itself, or ended some other way than SIGTERM', () => {
    const gone = checkOf(queueOutcome(good({}, { readerAliveAtTerminate: false })), 'check.readerTerminated')
    expect(gone.ok).toBe(false)
    expect(english(gone.detail)).toBe('had already ended before terminate() (SIGTERM)')
    expect(ok(good({}, { readerExit: { pid: R, code: 0, signal: null } }), 'check.readerTerminated')).toBe(false)
    expect(ok(good({}, { readerExit: { pid: R, code: null, signal: 'SIGKILL' } }), 'check.readerTerminated')).toBe(
      false,
    )
  })
})
