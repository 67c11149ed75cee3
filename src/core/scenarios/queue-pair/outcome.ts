// queue-pair's verdicts, from what the processes reported: the writer's puts
// and the reader's gets (each with its own pid and clock), the children's
// parent as the OS saw it, and how each child ended as the parent saw it. A
// pure function, so tests can feed it a broken run (test/core/queue-pair-checks.test.ts).
import type { ExitStatus } from '../../../shared/child-protocol'
import type { Msg } from '../../../shared/msg'
import type { OutcomeCheck, RunOutcome } from '../../../shared/model'
import type { QueueData, QueueOp, QueueResult } from '../../../shared/scenarios/queue-pair'
import { queuePairMsg as m } from '../../../shared/i18n/scenarios/queue-pair'

export interface QueueChild {
  readonly role: string
  readonly pid: number
  /** The parent that reported it. */
  readonly ppid: number
  /** Its parent as the OS showed it at adoption, where the platform tells. */
  readonly osPpid?: number
}

export interface QueueRun {
  readonly result: QueueResult
  readonly ops: readonly QueueOp[]
  /** The values the run was asked to put. */
  readonly values: readonly string[]
  readonly parentPid: number
  readonly children: readonly QueueChild[]
}

/** How a process ended: the signal's name, or its exit code. */
const howEnded = (e: ExitStatus): Msg | string => e.signal ?? m('outcome.code', { code: e.code ?? '?' })

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : '—')
const pidsOf = (ops: readonly QueueOp[]): string => list([...new Set(ops.map((o) => String(o.pid)))])

export function queueOutcome(q: QueueRun): RunOutcome<QueueData> {
  const r = q.result
  const puts = q.ops.filter((o) => o.op === 'put')
  const gets = q.ops.filter((o) => o.op === 'get')
  const put = puts.map((o) => o.value)
  const got = gets.map((o) => o.value)
  const underParent = q.children.filter((c) => (c.osPpid ?? c.ppid) === q.parentPid)
  const roles = new Set(q.children.map((c) => c.role))
  // In the order put: the reader's sequence is the writer's, up to where it stopped reading.
  const inOrder = got.length > 0 && got.length <= put.length && got.every((v, i) => v === put[i])
  const allRead = put.length === q.values.length && put.every((v, i) => v === q.values[i]) && got.length === put.length
  const writerClean = r.writerExit.code === 0 && !r.writerExit.signal
  const unread = Math.max(0, put.length - got.length)
  const waits = gets.map((g, i) => (puts[i] ? Math.round(g.at - puts[i].at) : null)).filter((x) => x !== null)

  const checks: OutcomeCheck[] = [
    {
      label: m('check.processes'),
      ok:
        q.children.length === 2 &&
        roles.has('writer') &&
        roles.has('reader') &&
        underParent.length === 2 &&
        r.writerPid !== r.readerPid,
      detail: m(q.children.every((c) => c.osPpid !== undefined) ? 'detail.processesOs' : 'detail.processesReported', {
        writer: r.writerPid,
        reader: r.readerPid,
        n: underParent.length,
        parent: q.parentPid,
      }),
    },
    {
      label: m('check.pids'),
      ok: puts.length > 0 && puts.every((o) => o.pid === r.writerPid) && gets.every((o) => o.pid === r.readerPid),
      detail: m('detail.pids', { puts: puts.length, putPids: pidsOf(puts), gets: gets.length, getPids: pidsOf(gets) }),
    },
    // Nothing read (the reader was terminated first: the race told below) leaves no order to judge.
    got.length === 0
      ? { label: m('check.sequence'), ok: null, detail: m('detail.nothingRead', { put: list(put) }) }
      : { label: m('check.sequence'), ok: inOrder, detail: m('detail.sequence', { put: list(put), got: list(got) }) },
    {
      label: m('check.allRead', { values: list(q.values) }),
      ok: allRead,
      detail:
        unread > 0 && r.readerAliveAtTerminate
          ? m('detail.allReadRace', {
              got: got.length,
              put: put.length,
              ms: Math.round(r.terminatedAt - r.writerJoinedAt),
            })
          : m('detail.allRead', { got: got.length, put: put.length, asked: q.values.length }),
    },
    {
      label: m('check.writerJoined'),
      ok: writerClean && r.writerJoinedAt <= r.terminatedAt,
      detail: m('detail.writerJoined', {
        how: howEnded(r.writerExit),
        ms: Math.round(r.terminatedAt - r.writerJoinedAt),
      }),
    },
    {
      label: m('check.readerTerminated'),
      ok: r.readerAliveAtTerminate && r.readerExit.signal === 'SIGTERM' && r.terminatedAt >= r.writerJoinedAt,
      detail: m(r.readerAliveAtTerminate ? 'detail.readerAlive' : 'detail.readerGone', { how: howEnded(r.readerExit) }),
    },
  ]
  return {
    summary: m('outcome.summary', {
      where: m(r.language === 'python' ? 'outcome.python' : 'outcome.node'),
      writer: r.writerPid,
      puts: puts.length,
      reader: r.readerPid,
      gets: gets.length,
      writerHow: howEnded(r.writerExit),
      how: howEnded(r.readerExit),
    }),
    checks,
    facts: [
      { label: m(r.language === 'python' ? 'fact.python' : 'fact.node') },
      { label: m('fact.race', { unread, put: put.length }) },
      { label: m('fact.terminate') },
    ],
    figures: {
      parentPid: q.parentPid,
      writerPid: r.writerPid,
      readerPid: r.readerPid,
      puts: puts.length,
      gets: gets.length,
      unread,
      maxWaitMs: waits.length ? Math.max(...waits) : null,
      writerExitCode: r.writerExit.code,
      readerSignal: r.readerExit.signal,
    },
    data: { ops: q.ops },
  }
}
