// What scenarios with a Python mode share: which language the run chose,
// Python 3 as the platform found it (or the outcome saying it is missing, its
// checks not run: for thread scenarios, whose driver starts Python itself),
// and the outcome of a run stopped early.
import { coreMsg } from '../../shared/i18n/core'
import type { Msg } from '../../shared/msg'
import type { RunOutcome } from '../../shared/model'
import { findPython, pythonNotRun } from '../bridge/python'
import type { Platform } from '../platform'
import type { ScenarioOptions } from './types'

export type LanguageChoice =
  | {
      readonly language: 'python' | 'node'
      /** Python 3 to run, for the driver's options (undefined in Node.js mode). */
      readonly python?: { readonly file: string; readonly args: readonly string[] }
    }
  | { readonly notRun: RunOutcome<never> }

/** The run's language; in Python mode, Python 3 or (missing) the outcome with `checks` not run. */
export function chooseLanguage(
  ctx: { readonly options: ScenarioOptions; readonly platform: Platform },
  checks: readonly Msg[],
): LanguageChoice {
  if (ctx.options.language !== 'python') return { language: 'node' }
  const python = findPython(ctx.platform)
  return 'missing' in python ? { notRun: pythonNotRun(python.missing, checks) } : { language: 'python', python }
}

/** A run stopped before `before` (a message of the scenario's own): no checks; what it drew so far. */
export function stoppedBefore<D>(before: Msg, data?: D): RunOutcome<D> {
  return { summary: coreMsg('run.stoppedBefore', { before }), checks: [], figures: {}, ...(data ? { data } : {}) }
}
