// Did a crash do what the seed says it should? Pure: given what the master
// recorded (the crash, the deaths it caused, the tasks finished around it),
// it says so in a check. Kept apart so each verdict has a test of its own.
import type { OutcomeCheck, RunOutcome } from '../../../shared/model'
import type { Crash, CrashData, CrashMode, CrashRecord } from '../../../shared/scenarios/crash-isolation'

/** How long after a crash a death still counts as caused by it, and the others are watched. */
export const CRASH_WINDOW_MS = 2500

/** Native crashes end a process, whichever thread causes them. */
export const KILLS_HOST: ReadonlySet<Crash> = new Set(['abort', 'segfault', 'sigkill'])

export interface Completion {
  readonly at: number
  readonly slot: number
}

export interface JudgeInput {
  readonly mode: CrashMode
  /** Workers in the run. */
  readonly workers: number
  readonly crash: CrashRecord
  /** Every task completion of the run, by slot and time. */
  readonly completions: readonly Completion[]
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

export function judge({ mode, workers, crash: c, completions }: JudgeInput): OutcomeCheck {
  const label = `Crash ${c.n}: ${c.how} in worker ${mode === 'processes' ? 'process' : 'thread'} ${c.worker}`
  const victim = c.victim
  if (!victim) return { label, ok: false, detail: `worker ${c.worker} did not die within ${CRASH_WINDOW_MS / 1000} s` }
  const back = victim.replacedBy
  const lostHere = [victim, ...c.collateral].filter((d) => d.lostTask !== undefined).length
  if (mode === 'threads' && KILLS_HOST.has(c.how)) {
    // The lesson: a native crash in one thread takes the host and every thread in it.
    return {
      label,
      ok: victim.host && c.collateral.length === workers - 1,
      detail:
        `${victim.what}: ${c.collateral.length + 1} of ${workers} threads died, ${plural(lostHere, 'task')} in flight lost and re-queued` +
        (back
          ? `; ProcLab restarted the host as pid ${back.pid}, its threads ready ${back.afterMs} ms after the crash`
          : '; the host was not restarted'),
    }
  }
  // Tasks the other workers finished while the victim was down: proof they kept working.
  const othersDone = completions.filter(
    (x) => x.slot !== c.worker && x.at > victim.at && x.at <= victim.at + CRASH_WINDOW_MS,
  ).length
  const survivors = workers - 1 - c.collateral.length
  return {
    label,
    ok: !victim.host && c.collateral.length === 0 && othersDone > 0,
    detail:
      `${mode === 'processes' ? `pid ${c.pid} ` : ''}${victim.what}; ` +
      `the master and ${survivors} other worker${survivors === 1 ? '' : 's'} kept running and finished ${plural(othersDone, 'task')} in the next ${CRASH_WINDOW_MS / 1000} s` +
      `${victim.lostTask !== undefined ? `; task ${victim.lostTask} was lost and re-queued` : '; it was idle, no task lost'}` +
      (back
        ? `; restarted as ${mode === 'processes' ? `pid ${back.pid}` : `thread ${back.threadId}`}, ready ${back.afterMs} ms after it died`
        : '; not restarted'),
  }
}

/** What the master counted over a run. */
export interface CrashTally {
  readonly mode: CrashMode
  readonly workers: number
  readonly completed: number
  readonly lost: number
  readonly retried: number
  /** Lost tasks still queued when the run ended. */
  readonly unfinished: number
  readonly restarts: number
  readonly hostDeaths: number
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
  if (t.lost > 0) {
    checks.push({
      label: 'Every task lost in a crash was re-queued and done again',
      ok: t.unfinished === 0 || t.stopped,
      detail: `${t.lost} lost, ${t.retried} done on a retry${t.unfinished ? `, ${t.unfinished} still waiting when the run ended` : ''}`,
    })
  }
  if (crashes.length === 0) {
    checks.push({
      label: 'Crash a worker (action "Crash a worker") to test isolation',
      ok: false,
      detail: 'no crash was ordered in this run',
    })
  }
  const n = (k: number, word: string, many = `${word}s`): string => `${k} ${k === 1 ? word : many}`
  return {
    summary:
      `${t.mode === 'processes' ? `${t.workers} worker processes` : `${t.workers} worker threads in one host process`}: ${t.completed} tasks done, ` +
      `${t.lost} lost to ${n(crashes.length, 'crash', 'crashes')}, ${t.retried} retried, ${n(t.restarts, 'restart')}` +
      (t.mode === 'threads' ? `, the host died ${n(t.hostDeaths, 'time')}` : '') +
      `. ProcLab (pid ${process.pid}) carried on throughout.`,
    checks,
    figures: {
      mode: t.mode,
      workers: t.workers,
      completed: t.completed,
      lost: t.lost,
      retried: t.retried,
      unfinished: t.unfinished,
      crashes: crashes.length,
      restarts: t.restarts,
      hostDeaths: t.hostDeaths,
      proclabPid: process.pid,
    },
    data: t.data,
  }
}
