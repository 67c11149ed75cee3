// A process scenario's parent in the language the run chose: ProcLab's Python
// program (src/python/<program>.py) or its Node entry. Where Python 3 is
// missing, the outcome says so and shows the Python checks as not run.
import { entry } from '../../child/entries'
import type { Msg } from '../../shared/msg'
import type { RunOutcome } from '../../shared/model'
import type { ResultOf, ScenarioId } from '../../shared/scenarios'
import { cutShort, runParent, type ParentRun } from '../bridge/host-bridge'
import { pythonNotRun, runPythonParent } from '../bridge/python'
import type { ScenarioContext } from './types'

export interface LanguageParent {
  /** The Python program's name (src/python/<python>.py). */
  readonly python: string
  /** The Node entry's name (<node>.child.ts). */
  readonly node: string
  readonly role: string
  /** The Python mode's check labels, shown as not run when Python is missing. */
  readonly checks: readonly Msg[]
  /** What the parent had not done when it ended without its result (for the run's error). */
  readonly before: Msg
}

/** A parent that got as far as its result. */
export type FinishedParent<R> = ParentRun<R> & { readonly result: R }

export async function runLanguageParent<K extends ScenarioId>(
  ctx: ScenarioContext<K>,
  p: LanguageParent,
): Promise<FinishedParent<ResultOf<K>> | RunOutcome<never>> {
  const run =
    ctx.options.language === 'python'
      ? await runPythonParent(ctx, p.python, p.role)
      : await runParent(ctx, entry(p.node), p.role)
  if ('missing' in run) return pythonNotRun(run.missing, p.checks)
  if (run.result === undefined) return cutShort(ctx, run, p.role, p.before)
  return run as FinishedParent<ResultOf<K>>
}

/** True when runLanguageParent's parent did not finish (Python missing, stopped): its value is then the outcome. */
export function notRun<R>(run: FinishedParent<R> | RunOutcome<never>): run is RunOutcome<never> {
  return !('started' in run)
}
