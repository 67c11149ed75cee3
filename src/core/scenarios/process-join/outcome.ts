// The verdicts of `process-join`, from the timestamps and exit codes the
// parent and its children reported. Pure: test/core/process-join-checks.test.ts
// feeds it broken results to see each check fail.
import { processJoinMsg as msg } from '../../../shared/i18n/scenarios/process-join'
import type { OutcomeCheck, RunOutcome } from '../../../shared/model'
import type { JoinedChild, ProcessJoinResult } from '../../../shared/scenarios/process-join'

export const PROCESS_JOIN_PYTHON_CHECKS = [
  msg('check.childUnderParent'),
  msg('check.joinWaited'),
  msg('check.returnIgnored'),
  msg('check.sysExitCode'),
]

/** A child as the bridge saw it: its parent (OS, or as reported) and how it ended. */
export interface SeenChild {
  readonly pid: number
  readonly ppid: number
  readonly osPpid?: number
  readonly exit?: { readonly runtimeMs: number; readonly reason: string }
}

export interface ProcessJoinRun {
  readonly parentPid: number
  readonly result: ProcessJoinResult
  /** The children the parent reported (adopted), by pid. */
  readonly seen: readonly SeenChild[]
  readonly name: string
  readonly workMs: number
}

/** Timers may fire a little early relative to another clock; 5 ms is far below any real shortfall. */
const SLACK_MS = 5

export function processJoinOutcome({ parentPid, result: r, seen, name, workMs }: ProcessJoinRun): RunOutcome<never> {
  const python = r.language === 'python'
  const joined = [r.child, ...(r.sysExit ? [r.sysExit] : [])]
  const seenOf = (c: JoinedChild): SeenChild | undefined => seen.find((s) => s.pid === c.pid)
  const first = seenOf(r.child)
  const ppidOf = (s: SeenChild | undefined): number | undefined => s?.osPpid ?? s?.ppid
  const waited = (c: JoinedChild): boolean =>
    c.childEndedAt !== null && c.joinedAt >= c.childEndedAt && c.joinedMs + SLACK_MS >= workMs

  const checks: OutcomeCheck[] = [
    {
      label: msg('check.childUnderParent'),
      ok: joined.every((c) => c.pid !== parentPid && ppidOf(seenOf(c)) === parentPid),
      detail: msg('detail.childUnderParent', {
        child: joined.map((c) => c.pid).join(', '),
        ppid: joined.map((c) => ppidOf(seenOf(c)) ?? '?').join(', '),
        source: msg(first?.osPpid !== undefined ? 'detail.byOs' : 'detail.byParent'),
        parent: parentPid,
      }),
    },
    {
      label: msg('check.joinWaited'),
      ok: joined.every(waited),
      detail: joinDetail(joined.find((c) => !waited(c)) ?? r.child, workMs),
    },
  ]
  const code = r.child.exitCode ?? '?'
  if (python) {
    checks.push(
      {
        label: msg('check.returnIgnored'),
        ok: r.child.exitCode === 0,
        detail: msg('detail.returnIgnored', { returned: r.returned, code }),
      },
      {
        label: msg('check.sysExitCode'),
        ok: r.sysExit?.exitCode === r.returned,
        detail: msg('detail.sysExitCode', { returned: r.returned, code: r.sysExit?.exitCode ?? '?' }),
      },
    )
  } else {
    checks.push({
      label: msg('check.returnIsExitCode'),
      ok: r.child.exitCode === r.returned,
      detail: msg('detail.returnIsExitCode', { returned: r.returned, code }),
    })
  }
  const ids = { parent: parentPid, child: r.child.pid, name, joinedMs: r.child.joinedMs, exitCode: code }
  return {
    summary: python
      ? msg('outcome.python', { ...ids, returned: r.returned, sysExitCode: r.sysExit?.exitCode ?? '?' })
      : msg('outcome.node', ids),
    checks,
    figures: {
      language: r.language,
      parentPid,
      childPid: r.child.pid,
      joinedMs: r.child.joinedMs,
      childRuntimeMs: first?.exit ? Math.round(first.exit.runtimeMs) : null,
      returned: r.returned,
      exitCode: r.child.exitCode,
      sysExitCode: r.sysExit?.exitCode ?? null,
      exitReason: first?.exit?.reason ?? null,
    },
  }
}

function joinDetail(c: JoinedChild, workMs: number) {
  if (c.childEndedAt === null) return msg('detail.neverEnded', { child: c.pid, joinedMs: c.joinedMs })
  return msg('detail.joinWaited', {
    child: c.pid,
    endedMs: Math.round(c.childEndedAt - c.startedAt),
    joinedMs: Math.round(c.joinedAt - c.startedAt),
    workMs,
  })
}
