// Did a crash do what the tutorial says it should? Pure: given what was
// recorded (the crash, the deaths it caused as the OS reported them, the tasks
// finished around it, by which process), it says so in a check. Kept apart so
// each verdict has a test of its own; the Node and the Python modes share it.
import type { Msg } from '../../../shared/msg'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type {
  Completion,
  Crash,
  CrashData,
  CrashLanguage,
  CrashMode,
  CrashRecord,
  ExitSeen,
} from '../../../shared/scenarios/crash-isolation'
import { crashIsolationMsg as msg } from '../../../shared/i18n/scenarios/crash-isolation'

/** How long after a crash a death still counts as caused by it, and the others are watched. */
export const CRASH_WINDOW_MS = 2500

/** Native crashes end a process, whichever thread causes them. */
export const KILLS_HOST: ReadonlySet<Crash> = new Set(['abort', 'segfault', 'sigkill'])

export type { Completion }

/** How a process or thread ended, as a message. */
export function exitMsg(e: ExitSeen, threadOnly = false): Msg {
  if (threadOnly)
    return e.error ? msg('exit.threadError', { error: e.error }) : msg('exit.thread', { code: e.code ?? 0 })
  switch (e.reason) {
    case 'clean-exit':
      return msg('exit.clean')
    case 'error-exit':
      return msg('exit.code', { code: e.code ?? '?' })
    case 'killed':
      return msg('exit.killed', { signal: e.signal ?? '?' })
    case 'crashed':
      return e.signal ? msg('exit.crashed', { signal: e.signal }) : msg('exit.crashedCode', { code: e.code ?? '?' })
    case 'out-of-memory':
      return msg('exit.oom')
    case 'failed-to-launch':
      return msg('exit.failed')
  }
}

/** Whether the way it ended is the way this crash ends a process (or a thread), as the OS reported it. */
export function exitFits(how: Crash, e: ExitSeen): boolean {
  switch (how) {
    case 'segfault':
      // SIGSEGV on Unix; an access violation (0xC0000005) on Windows.
      return e.signal === 'SIGSEGV' || (e.signal === null && e.code !== null && e.code >>> 0 === 0xc0000005)
    case 'abort':
      return e.signal === 'SIGABRT' || (e.signal === null && e.reason === 'crashed')
    case 'sigkill':
      return e.signal === 'SIGKILL'
    case 'exception':
      return e.signal === null && e.code !== 0 && e.reason !== 'out-of-memory'
    case 'oom':
      return e.reason === 'out-of-memory' || /MemoryError|OUT_OF_MEMORY/.test(e.error ?? '')
  }
}

export interface JudgeInput {
  readonly mode: CrashMode
  /** Workers in the run. */
  readonly workers: number
  readonly crash: CrashRecord
  /** Every task completion of the run, by slot, process and time. */
  readonly completions: readonly Completion[]
}

export function judge({ mode, workers, crash: c, completions }: JudgeInput): OutcomeCheck {
  const label = msg(mode === 'processes' ? 'check.crashProcess' : 'check.crashThread', {
    n: c.n,
    how: msg(`crash.${c.how}`),
    worker: c.worker,
  })
  const victim = c.victim
  if (!victim)
    return { label, ok: false, detail: msg('detail.notDied', { worker: c.worker, sec: CRASH_WINDOW_MS / 1000 }) }
  const fits = exitFits(c.how, victim.exit)
  const exit = exitMsg(victim.exit, victim.threadOnly)
  const expected = fits ? '' : msg('detail.expected', { what: msg(`expect.${c.how}`) })
  const lost = [victim, ...c.collateral].filter((d) => d.lostTask !== undefined).length
  const others = completions.filter((x) => x.slot !== c.worker)
  const back = victim.replacedBy
  if (mode === 'threads' && KILLS_HOST.has(c.how)) {
    // The lesson: a fault in one thread ends its process, and every other thread in it stops.
    // Measured: the other threads of THAT process were working before the crash, and none finished anything after.
    const before = others.filter((x) => x.pid === victim.pid && x.at <= c.at).length
    const after = others.filter((x) => x.pid === victim.pid && x.at > victim.at).length
    return {
      label,
      ok: victim.host && fits && before > 0 && after === 0,
      detail: msg('detail.host', {
        exit: victim.host ? exit : msg('detail.hostLived', { exit }),
        expected,
        before,
        after,
        lost,
        workers,
        then: back
          ? msg('detail.hostRestarted', { pid: back.pid ?? '?', ms: back.afterMs })
          : msg('detail.hostNotRestarted'),
      }),
    }
  }
  // Tasks the other workers finished while the victim was down: proof they (and the master) kept working.
  const after = others.filter((x) => x.at > victim.at && x.at <= victim.at + CRASH_WINDOW_MS).length
  return {
    label,
    ok: !victim.host && c.collateral.length === 0 && fits && after > 0,
    detail: msg('detail.alone', {
      who:
        mode === 'processes'
          ? msg('who.process', { pid: victim.pid ?? '?' })
          : msg('who.thread', { id: victim.threadId ?? '?' }),
      exit,
      expected,
      others: c.collateral.length ? msg('detail.collateral', { n: c.collateral.length }) : '',
      after,
      sec: CRASH_WINDOW_MS / 1000,
      task: victim.lostTask !== undefined ? msg('detail.taskLost', { task: victim.lostTask }) : msg('detail.idle'),
      then: back
        ? mode === 'processes'
          ? msg('detail.restartedPid', { pid: back.pid ?? '?', ms: back.afterMs })
          : msg('detail.restartedThread', { id: back.threadId ?? '?', ms: back.afterMs })
        : msg('detail.notRestarted'),
    }),
  }
}

/** What was counted over a run. */
export interface CrashTally {
  readonly language: CrashLanguage
  readonly mode: CrashMode
  readonly workers: number
  readonly completed: number
  readonly lost: number
  readonly retried: number
  /** Lost tasks still queued when the run ended. */
  readonly unfinished: number
  readonly restarts: number
  readonly hostDeaths: number
  /** The master itself died (Python thread mode: it is a thread of the process that crashed). */
  readonly masterDied: boolean
  /** The user stopped the run (lost tasks may rightly be left waiting). */
  readonly stopped: boolean
  readonly completions: readonly Completion[]
  readonly data: CrashData
}

/** The run's outcome: a verdict per crash, whether lost work was done again, and the counts. */
export function crashOutcome(t: CrashTally): RunOutcome<CrashData> {
  const crashes = t.data.crashes
  const checks: OutcomeCheck[] = crashes.map((crash) =>
    judge({ mode: t.mode, workers: t.workers, crash, completions: t.completions }),
  )
  if (t.lost > 0 && !t.masterDied) {
    checks.push({
      label: msg('check.requeued'),
      ok: t.unfinished === 0 || t.stopped,
      detail: msg(t.unfinished ? 'detail.requeuedWaiting' : 'detail.requeued', {
        lost: t.lost,
        retried: t.retried,
        waiting: t.unfinished,
      }),
    })
  }
  // Nothing crashed, so isolation was not put to the test: not run, rather than failed or held.
  if (crashes.length === 0) checks.push({ label: msg('check.noCrash'), ok: null, detail: msg('detail.noCrash') })
  const facts: OutcomeFact[] = [{ label: msg(t.language === 'python' ? 'fact.faultPython' : 'fact.faultNode') }]
  if (t.masterDied) facts.push({ label: msg('fact.masterDied'), detail: msg('detail.masterDied', { lost: t.lost }) })
  // The tutorial's Master-Worker section names the servers built each way.
  facts.push({ label: msg('fact.servers') })
  const counts = {
    workers: t.workers,
    completed: t.completed,
    lost: t.lost,
    crashes: crashes.length,
    retried: t.retried,
    restarts: t.restarts,
    hostDeaths: t.hostDeaths,
    pid: process.pid,
  }
  const firstVictim = crashes.find((c) => c.victim)?.victim
  return {
    summary: t.masterDied
      ? msg('outcome.masterDied', { ...counts, exit: firstVictim ? exitMsg(firstVictim.exit) : '?' })
      : msg(t.mode === 'processes' ? 'outcome.processes' : 'outcome.threads', counts),
    checks,
    facts,
    figures: {
      language: t.language,
      mode: t.mode,
      workers: t.workers,
      completed: t.completed,
      lost: t.lost,
      retried: t.retried,
      unfinished: t.unfinished,
      crashes: crashes.length,
      restarts: t.restarts,
      hostDeaths: t.hostDeaths,
      masterDied: t.masterDied,
      firstExitSignal: firstVictim?.exit.signal ?? null,
      firstExitCode: firstVictim?.exit.code ?? null,
      proclabPid: process.pid,
    },
    data: t.data,
  }
}
