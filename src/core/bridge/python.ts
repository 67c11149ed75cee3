// A scenario's Python mode: one of ProcLab's Python programs (src/python/)
// run as the scenario's parent process, under the supervisor like every
// child. It speaks the child protocol as JSON lines (src/python/proclab.py),
// so runParent's bridge labels what it starts, streams its output and hands
// its result to the scenario's checks. Where Python 3 is missing, the mode
// says so and how to get it, and its checks show as not run.
import { spawnSync } from 'node:child_process'
import { pythonFile } from '../../child/entries'
import { coreMsg } from '../../shared/i18n/core'
import type { Msg } from '../../shared/msg'
import type { OutcomeCheck, RunOutcome } from '../../shared/model'
import type { ScenarioId } from '../../shared/scenarios'
import type { Platform } from '../platform'
import { parseStartMethods, type StartMethods } from '../platform/python'
import type { ScenarioContext } from '../scenarios/types'
import { runParent, type ParentRun, type ProgramSpec } from './host-bridge'
import { randomBytes } from 'node:crypto'
import { PYTHON_FLAGS, pythonEnv } from '../../shared/python-protocol'
import type { ResultOf } from '../../shared/scenarios'

export type PythonFound = { readonly file: string; readonly args: readonly string[] } | { readonly missing: Msg }

/** Python 3 as the platform finds it (never a stub that opens an install dialog). */
export function findPython(platform: Platform): PythonFound {
  return platform.findPython()
}

let startMethods: StartMethods | undefined

/**
 * multiprocessing's start methods as the Python that will run asks them
 * (get_all_start_methods(), get_start_method()): the version decides the
 * default (forkserver on Linux from 3.14), so the interpreter itself is the
 * source of truth. Asked once (a few tens of ms) and cached; where Python is
 * missing or does not answer, the system's usual set (startMethodsOf).
 */
export function pythonStartMethods(platform: Platform): StartMethods {
  if (startMethods) return startMethods
  const python = findPython(platform)
  let found: StartMethods | undefined
  if (!('missing' in python)) {
    const probe = spawnSync(
      python.file,
      [
        ...python.args,
        '-c',
        'import json, multiprocessing as m; print(json.dumps([m.get_all_start_methods(), m.get_start_method()]))',
      ],
      { encoding: 'utf8', timeout: 10_000, windowsHide: true },
    )
    if (probe.status === 0) found = parseStartMethods(probe.stdout)
  }
  return (startMethods = found ?? platform.startMethods)
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
  return runParent(ctx, pythonSpec(python, [pythonFile(program), JSON.stringify(options)]), role, onMessage)
}

/**
 * How the supervisor starts a Python program of ProcLab's: its messages as
 * JSON lines on stdout under a marker of its own, orders on stdin (see
 * src/shared/python-protocol.ts), no bytecode written beside it.
 */
export function pythonSpec(
  python: { readonly file: string; readonly args: readonly string[] },
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ProgramSpec {
  const marker = randomBytes(12).toString('hex')
  return {
    kind: 'exec',
    file: python.file,
    args: [...python.args, ...PYTHON_FLAGS, ...args],
    env: pythonEnv(env, marker),
    lines: { marker },
  }
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
