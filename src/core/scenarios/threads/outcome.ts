// threads' verdicts, from the lines each thread printed (with the OS thread
// and process that printed them) and when join() returned: a pure function,
// so tests can feed it a broken run (test/core/threads-checks.test.ts).
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { LabThread, ThreadOutcomeData } from '../../../shared/thread-lab'
import type { LoopLine, LoopResult } from '../../../shared/scenarios/threads'
import { threadsMsg as m } from '../../../shared/i18n/scenarios/threads'

/** The name a line says printed it: "thread LoopThread >>> 3" → LoopThread. */
const named = (l: LoopLine): string | undefined => /^thread (\S+) /.exec(l.text)?.[1]

/** What this Python does with thread names, as measured in the run (names differ by version). */
function pythonFacts(r: LoopResult): OutcomeFact[] {
  const python = r.python ?? '?'
  const os = r.osNames?.LoopThread
  const facts: OutcomeFact[] = [
    {
      label:
        os === undefined || os === null
          ? m('fact.osNameUnknown', { python })
          : os.startsWith('LoopThread')
            ? m('fact.osNameGiven', { python, os })
            : m('fact.osNameNot', { python, os }),
    },
  ]
  if (r.defaultName) facts.push({ label: m('fact.defaultName', { python, name: r.defaultName }) })
  return facts
}

export function loopOutcome(r: LoopResult, threads: readonly LabThread[]): RunOutcome<ThreadOutcomeData> {
  const tidOf: Record<string, number> = { MainThread: r.mainTid, LoopThread: r.loopTid }
  // A line is in the wrong name when the thread it names is not the one that printed it.
  const misnamed = r.lines.filter((l) => {
    const name = named(l)
    return name === undefined || name !== l.thread || tidOf[name] !== l.tid
  })
  const numbers = r.lines
    .filter((l) => l.tid === r.loopTid && named(l) === 'LoopThread')
    .map((l) => /^thread \S+ >>> (\d+)$/.exec(l.text)?.[1])
    .filter((n) => n !== undefined)
    .map(Number)
  const tids = [...new Set(r.lines.map((l) => l.tid))]
  const pids = [...new Set(r.lines.map((l) => l.pid))]
  const onePid = pids.length === 1 && pids[0] === r.pid
  const twoTids =
    r.mainTid > 0 &&
    r.loopTid > 0 &&
    r.mainTid !== r.loopTid &&
    tids.length === 2 &&
    tids.every((t) => t === r.mainTid || t === r.loopTid)
  const ended = (name: string): number | undefined =>
    r.lines.find((l) => l.tid === tidOf[name] && l.text === `thread ${name} ended.`)?.at
  const loopEnded = ended('LoopThread')
  const mainEnded = ended('MainThread')
  const waitedMs = loopEnded !== undefined && mainEnded !== undefined ? Math.round(mainEnded - loopEnded) : null
  const joined = waitedMs !== null && waitedMs >= 0 && r.joinedAt >= loopEnded!

  // Which name a line carries is no check: the text and the record both come
  // from current_thread().name in the printing thread, so they cannot differ.
  // What it printed is told as a fact; the OS thread ids are checked below.
  const checks: OutcomeCheck[] = [
    {
      label: m('check.oneProcess'),
      ok: onePid && twoTids,
      detail: m('detail.oneProcess', {
        pids: pids.join(', ') || '—',
        mainTid: r.mainTid,
        loopTid: r.loopTid,
        tids: tids.length,
      }),
    },
    {
      label: m('check.joined'),
      ok: joined,
      detail: waitedMs === null ? m('detail.notEnded') : m('detail.joined', { ms: waitedMs }),
    },
  ]
  return {
    summary: m('outcome.summary', {
      where: m(r.language === 'python' ? 'outcome.python' : 'outcome.node'),
      loopTid: r.loopTid,
      n: numbers.length,
      pid: r.pid,
      mainTid: r.mainTid,
      ms: waitedMs ?? '?',
    }),
    checks,
    facts: [
      {
        label: m('fact.printed', { n: numbers.length, count: r.count }),
        detail: misnamed.length ? m('detail.names', { wrong: misnamed.length }) : undefined,
      },
      ...(r.language === 'python' ? pythonFacts(r) : [{ label: m('fact.namesNode') }]),
    ],
    figures: {
      count: numbers.length,
      pid: r.pid,
      mainTid: r.mainTid,
      loopTid: r.loopTid,
      joinWaitMs: waitedMs,
    },
    data: { threads, lines: r.lines.map((l) => ({ thread: l.thread, text: l.text, at: l.at })) },
  }
}
