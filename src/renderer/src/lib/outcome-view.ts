// What the outcome panel shows, as plain functions (tested without a DOM):
// the score counts the checks that were run (a check not run is neither held
// nor failed), figures are labelled from the scenario's catalog, and a run of a
// scenario with a `language` option is put beside the latest finished run of
// the same scenario in the other language.
import type { Msg } from '../../../shared/msg'
import type { OutcomeCheck, RunInfo, RunOutcome } from '../../../shared/model'
import { runsMsg } from '../i18n/ui-runs'

export interface Score {
  readonly held: number
  /** Checks that were run (held or failed). */
  readonly run: number
  readonly notRun: number
  /** Every check that was run holds, and at least one was run. */
  readonly allHold: boolean
}

export function scoreOf(checks: readonly OutcomeCheck[]): Score {
  const held = checks.filter((c) => c.ok === true).length
  const failed = checks.filter((c) => c.ok === false).length
  const notRun = checks.length - held - failed
  return { held, run: held + failed, notRun, allHold: failed === 0 && held > 0 }
}

/** "3 / 4 checks hold, 1 not run", as a message. */
export function scoreMsg(s: Score): Msg {
  if (s.run === 0 && s.notRun > 0) return runsMsg('outcome.noneRun', { notRun: s.notRun })
  if (s.notRun > 0) return runsMsg('outcome.scoreNotRun', { held: s.held, run: s.run, notRun: s.notRun })
  return runsMsg('outcome.score', { held: s.held, run: s.run })
}

/** The catalog key of a figure's label: scenario.<id>.figure.<key> (a dotted key nests, e.g. threads.cpu). */
export const figureKey = (scenarioId: string, key: string): string => `scenario.${scenarioId}.figure.${key}`

/** A check's identity across runs: its label's key (or its text, for a scenario not yet moved to messages). */
export const checkId = (c: OutcomeCheck): string => (typeof c.label === 'string' ? c.label : c.label.key)

export type Language = 'python' | 'node'

/** The run's language, when its scenario has the shared `language` option. */
export function languageOf(run: RunInfo): Language | undefined {
  const l = run.options.language
  return l === 'python' || l === 'node' ? l : undefined
}

/** The latest finished run of the same scenario in the other language (runs in any order). */
export function counterpartOf(run: RunInfo, runs: readonly RunInfo[]): RunInfo | undefined {
  const lang = languageOf(run)
  if (!lang) return undefined
  return runs
    .filter(
      (r) =>
        r.runId !== run.runId &&
        r.scenarioId === run.scenarioId &&
        r.status === 'finished' &&
        r.outcome !== undefined &&
        languageOf(r) !== undefined &&
        languageOf(r) !== lang,
    )
    .sort((a, b) => (b.endedAt ?? b.startedAt) - (a.endedAt ?? a.startedAt))[0]
}

export interface CompareRow<T> {
  readonly id: string
  readonly mine: T
  /** The same in the other run; undefined when that run has no such check. */
  readonly theirs?: T
}

/** This run's checks beside the other run's (matched by label key), and the figures both have. */
export function compareOutcomes(
  mine: RunOutcome,
  theirs: RunOutcome,
): {
  checks: CompareRow<OutcomeCheck>[]
  figures: CompareRow<RunOutcome['figures'][string]>[]
} {
  const other = new Map(theirs.checks.map((c) => [checkId(c), c]))
  return {
    checks: mine.checks.map((c) => ({ id: checkId(c), mine: c, theirs: other.get(checkId(c)) })),
    figures: Object.keys(mine.figures)
      .filter((k) => Object.hasOwn(theirs.figures, k))
      .map((k) => ({ id: k, mine: mine.figures[k], theirs: theirs.figures[k] })),
  }
}

/** A figure's value as the panel shows it. */
export const figureText = (v: RunOutcome['figures'][string] | undefined): string =>
  v === null || v === undefined ? '—' : String(v)
