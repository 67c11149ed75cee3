// A scenario's Python mode: one of ProcLab's Python programs (src/python/)
// run as the scenario's parent process, under the supervisor like every
// child. It speaks the child protocol as JSON lines (src/python/proclab.py),
// so runParent's bridge labels what it starts, streams its output and hands
// its result to the scenario's checks. Where Python 3 is missing, the mode
// says so and how to get it, and its checks show as not run.
import { pythonFile } from '../../child/entries'
import { coreMsg } from '../../shared/i18n/core'
import type { Msg } from '../../shared/msg'
import type { OutcomeCheck, RunOutcome } from '../../shared/model'
import type { ScenarioId } from '../../shared/scenarios'
import type { Platform } from '../platform'
import type { ScenarioContext } from '../scenarios/types'
import { runParent, type ParentRun } from './host-bridge'
import type { ResultOf } from '../../shared/scenarios'

export type PythonFound = { readonly file: string; readonly args: readonly string[] } | { readonly missing: Msg }

/** Python 3 as the platform finds it (never a stub that opens an install dialog). */
export function findPython(platform: Platform): PythonFound {
  return platform.findPython()
}

/**
 * Runs src/python/<program>.py as the run's parent process (options as its
 * first argument), or says Python is missing. Stopping the run stops it and
 * its tree, as for a Node parent.
 */
export async function runPythonParent<K extends ScenarioId>(
  ctx: ScenarioContext<K>,
  program: string,
  role: string,
  onMessage: (m: unknown) => void = () => {},
  options: Record<string, unknown> = { ...ctx.options },
): Promise<ParentRun<ResultOf<K>> | { readonly missing: Msg }> {
  const python = findPython(ctx.platform)
  if ('missing' in python) return { missing: python.missing }
  return runParent(
    ctx,
    {
      kind: 'exec',
      ipc: true,
      file: python.file,
      // -u: unbuffered, so its prints stream as they happen rather than at exit.
      args: [...python.args, '-u', pythonFile(program), JSON.stringify(options)],
    },
    role,
    onMessage,
  )
}

/** The outcome of a Python mode that could not run: why, how to get Python, and its checks as not run. */
export function pythonNotRun(missing: Msg, checks: readonly Msg[]): RunOutcome<never> {
  const notRun: OutcomeCheck[] = checks.map((label) => ({
    label,
    ok: null,
    detail: coreMsg('python.notRunCheck'),
  }))
  return {
    summary: coreMsg('python.notRun', { why: missing, how: coreMsg('python.howToGet') }),
    checks: notRun,
    figures: {},
  }
}
