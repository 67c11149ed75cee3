// The verdicts of `process-join`, from the timestamps and exit codes the
// parent and its children reported. Pure: test/core/process-join-checks.test.ts
// feeds it broken results to see each check fail.
import { processJoinMsg as msg } from '../../../shared/i18n/scenarios/process-join'
import type { Msg } from '../../../shared/msg'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { JoinedChild, ProcessJoinResult, StartMethod } from '../../../shared/scenarios/process-join'

/** The Python mode's checks for a start method (fork copies; spawn and forkserver import again and pickle). */
export function processJoinPythonChecks(method: string): Msg[] {
  const fork = method === 'fork'
  return [
    msg('check.childUnderParent'),
    msg('check.joinWaited'),
    msg('check.returnIgnored'),
    msg('check.sysExitCode'),
    msg('check.exceptionExitCode'),
    msg('check.signalExitCode'),
    fork ? msg('check.topLevelOnce') : msg('check.topLevelAgain', { method }),
    fork ? msg('check.noGuardWorks') : msg('check.noGuardFails', { method }),
    fork ? msg('check.lambdaRan') : msg('check.lambdaRefused', { method }),
    msg('check.forkFaster'),
  ]
}

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
  /** Under forkserver: the fork server as the parent reported it (its parent as the OS says). */
  readonly server?: SeenChild
  readonly name: string
  readonly workMs: number
}

/** Timers may fire a little early relative to another clock; 5 ms is far below any real shortfall. */
const SLACK_MS = 5

export function processJoinOutcome({
  parentPid,
  result: r,
  seen,
  server,
  name,
  workMs,
}: ProcessJoinRun): RunOutcome<never> {
  const python = r.language === 'python'
  const method = r.startMethod
  const joined = [r.child, ...(r.sysExit ? [r.sysExit] : [])]
  const seenOf = (c: JoinedChild): SeenChild | undefined => seen.find((s) => s.pid === c.pid)
  const first = seenOf(r.child)
  const ppidOf = (s: SeenChild | undefined): number | undefined => s?.osPpid ?? s?.ppid
  const waited = (c: JoinedChild): boolean =>
    c.childEndedAt !== null && c.joinedAt >= c.childEndedAt && c.joinedMs + SLACK_MS >= workMs
  // Under forkserver the parent's child is the fork server, and the server forks every child.
  const viaServer = method === 'forkserver'
  const serverPid = r.child.forkServerPid ?? undefined
  const underParent = (c: JoinedChild): boolean =>
    c.pid !== parentPid &&
    (viaServer
      ? serverPid !== undefined && ppidOf(seenOf(c)) === serverPid && ppidOf(server) === parentPid
      : ppidOf(seenOf(c)) === parentPid)

  const checks: OutcomeCheck[] = [
    {
      label: msg('check.childUnderParent'),
      ok: joined.every(underParent),
      detail: msg(viaServer ? 'detail.childUnderServer' : 'detail.childUnderParent', {
        child: joined.map((c) => c.pid).join(', '),
        ppid: joined.map((c) => ppidOf(seenOf(c)) ?? '?').join(', '),
        source: msg(first?.osPpid !== undefined ? 'detail.byOs' : 'detail.byParent'),
        parent: parentPid,
        server: serverPid ?? '?',
        serverPpid: ppidOf(server) ?? '?',
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
      {
        label: msg('check.exceptionExitCode'),
        ok: r.exitCodes?.raised === 1,
        detail: msg('detail.exceptionExitCode', { code: r.exitCodes?.raised ?? '?' }),
      },
      {
        label: msg('check.signalExitCode'),
        ok: r.exitCodes !== undefined && r.exitCodes.terminated === -r.exitCodes.sigterm,
        detail: msg('detail.signalExitCode', {
          code: r.exitCodes?.terminated ?? '?',
          sigterm: r.exitCodes?.sigterm ?? '?',
        }),
      },
      ...startMethodChecks(r, parentPid),
    )
  } else {
    checks.push({
      label: msg('check.returnIsExitCode'),
      ok: r.child.exitCode === r.returned,
      detail: msg('detail.returnIsExitCode', { returned: r.returned, code }),
    })
  }
  const facts: OutcomeFact[] = python ? [] : [{ label: msg('fact.nodeStart'), detail: msg('fact.nodeStartDetail') }]
  const ids = { parent: parentPid, child: r.child.pid, name, joinedMs: r.child.joinedMs, exitCode: code }
  const cost = (m: StartMethod): number | null => r.startCosts?.[m]?.medianMs ?? null
  return {
    summary: python
      ? msg('outcome.python', {
          ...ids,
          returned: r.returned,
          sysExitCode: r.sysExit?.exitCode ?? '?',
          exceptionExitCode: r.exitCodes?.raised ?? '?',
          terminatedExitCode: r.exitCodes?.terminated ?? '?',
          method: methodSentence(r),
        })
      : msg('outcome.node', ids),
    checks,
    facts,
    figures: {
      startMethod: method ?? null,
      defaultMethod: r.defaultMethod ?? null,
      startMs: r.child.startMs ?? null,
      startForkMs: cost('fork'),
      startSpawnMs: cost('spawn'),
      startForkserverMs: cost('forkserver'),
      forkserverFirstMs: r.startCosts?.forkserver?.firstMs ?? null,
      language: r.language,
      parentPid,
      childPid: r.child.pid,
      joinedMs: r.child.joinedMs,
      childRuntimeMs: first?.exit ? Math.round(first.exit.runtimeMs) : null,
      returned: r.returned,
      exitCode: r.child.exitCode,
      sysExitCode: r.sysExit?.exitCode ?? null,
      exceptionExitCode: r.exitCodes?.raised ?? null,
      terminatedExitCode: r.exitCodes?.terminated ?? null,
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

/** What the start method means for this run, measured: how long start() took to reach the child, and what was pickled. */
function methodSentence(r: ProcessJoinResult): Msg {
  const params = { method: r.startMethod ?? '?', startMs: r.child.startMs ?? '?', default: r.defaultMethod ?? '?' }
  return msg(r.startMethod === 'fork' ? 'outcome.methodFork' : 'outcome.methodPickled', params)
}

/**
 * What the start method changes, as the Python program measured it: whether
 * the program's top level ran again in the child (spawn and forkserver import
 * the file again, which is why the __main__ guard is needed), whether a lambda
 * target survives (spawn and forkserver pickle the target by name), and
 * whether fork starts a child faster than spawn.
 */
function startMethodChecks(r: ProcessJoinResult, parentPid: number): OutcomeCheck[] {
  const method = r.startMethod ?? '?'
  const fork = method === 'fork'
  const c = r.child
  const ranAt = c.topLevelPid == null ? '?' : c.topLevelPid
  const who =
    c.topLevelPid === c.pid
      ? msg('detail.whoChild')
      : c.topLevelPid === parentPid
        ? msg('detail.whoParent')
        : c.topLevelPid != null && c.topLevelPid === c.forkServerPid
          ? msg('detail.whoServer')
          : msg('detail.whoUnknown')
  const topDetail = msg('detail.topLevel', { name: c.moduleName ?? '?', pid: ranAt, who })
  const topLevel: OutcomeCheck = fork
    ? {
        label: msg('check.topLevelOnce'),
        ok: c.moduleName === '__main__' && c.topLevelPid === parentPid,
        detail: topDetail,
      }
    : {
        label: msg('check.topLevelAgain', { method }),
        ok: c.moduleName === '__mp_main__' && c.topLevelPid != null && c.topLevelPid !== parentPid,
        detail: topDetail,
      }

  const l = r.lambdaTarget
  const ranDetail = l && 'exitCode' in l ? msg('detail.lambdaRan', { code: l.exitCode ?? '?' }) : undefined
  const errorDetail = l && 'error' in l ? msg('detail.lambdaRaised', { error: l.error }) : undefined
  const lambda: OutcomeCheck = fork
    ? {
        label: msg('check.lambdaRan'),
        ok: l !== undefined && 'exitCode' in l && l.exitCode === 0,
        detail: ranDetail ?? errorDetail ?? msg('detail.lambdaMissing'),
      }
    : {
        label: msg('check.lambdaRefused', { method }),
        ok: l !== undefined && 'error' in l && /pickl/i.test(l.error),
        detail: errorDetail ?? ranDetail ?? msg('detail.lambdaMissing'),
      }

  const f = r.startCosts?.fork
  const s = r.startCosts?.spawn
  const faster: OutcomeCheck =
    f && s
      ? {
          label: msg('check.forkFaster'),
          ok: f.medianMs < s.medianMs,
          detail: msg('detail.forkFaster', { fork: f.medianMs, spawn: s.medianMs, runs: Math.min(f.runs, s.runs) }),
        }
      : {
          label: msg('check.forkFaster'),
          ok: null,
          detail: msg('detail.forkFasterNotMeasurable', { methods: (r.availableMethods ?? []).join(', ') || '?' }),
        }
  const g = r.withoutGuard
  const guardDetail = g
    ? g.error
      ? msg('detail.noGuardRaised', { code: g.exitCode ?? '?', error: g.error })
      : msg('detail.noGuardRan', { code: g.exitCode ?? '?' })
    : msg('detail.noGuardMissing')
  const guard: OutcomeCheck = fork
    ? {
        label: msg('check.noGuardWorks'),
        ok: g !== undefined && g.exitCode === 0 && g.error === null,
        detail: guardDetail,
      }
    : {
        label: msg('check.noGuardFails', { method }),
        ok: g !== undefined && g.exitCode !== 0 && !!g.error?.startsWith('RuntimeError'),
        detail: guardDetail,
      }
  return [topLevel, guard, lambda, faster]
}
