// Finding Python with real programs: fake interpreters (shell scripts in a temp
// dir) that answer `-c "import sys; print(sys.executable)"` as a launcher does
// (py -3, a pyenv shim): ProcLab asks once, keeps the answer, prefers PATH's
// order, and starts the interpreter named, so the process it tracks is the
// one running the program, not a launcher waiting for it.
import { hostPlatform } from '../src/core/platform'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { runParent } from '../src/core/bridge/host-bridge'
import { findPython, pythonSpec } from '../src/core/bridge/python'
import { isFile } from '../src/core/platform/posix'
import { cachedPython, executableOf, findPythonPosix } from '../src/core/platform/python'
import type { ScenarioContext } from '../src/core/scenarios/types'
import { runProcesses } from '../src/core/supervisor/run-processes'
import { Supervisor } from '../src/core/supervisor/supervisor'
import { pythonFile } from '../src/child/entries'
import { onWindows } from './helpers/procs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-py-find-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

let sup: Supervisor | undefined
afterEach(async () => {
  await sup?.stopAll(200)
  sup = undefined
})

/** A fake `python3` in its own dir: logs each run, then runs `real` as its child (as py.exe does), or fails. */
function launcher(dir: string, real: string | null): { dir: string; runs: () => number } {
  const at = path.join(tmp, dir)
  fs.mkdirSync(at, { recursive: true })
  const log = path.join(at, 'runs.log')
  fs.writeFileSync(
    path.join(at, 'python3'),
    `#!/bin/sh\necho run >> '${log}'\n` + (real ? `'${real}' "$@"\nexit $?\n` : 'exit 9\n'),
    { mode: 0o755 },
  )
  return { dir: at, runs: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').length - 1 : 0) }
}

// Shell scripts stand in for interpreters; Windows would need .exe files (its rules are unit-tested in platform.test.ts).
describe.skipIf(onWindows)('finding Python with fake interpreters', () => {
  const found = findPython(hostPlatform())
  if ('missing' in found) throw new Error('python3 is required for these tests (CI installs it)')
  const real = execFileSync(found.file, [...found.args, '-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim()

  it('prefers PATH’s order, passes over one that will not run, and asks each only once', () => {
    const broken = launcher('broken', null)
    const first = launcher('first', real)
    const second = launcher('second', real)
    const find = cachedPython(() =>
      findPythonPosix('linux', { PATH: `${broken.dir}:${first.dir}:${second.dir}` }, { isFile, executableOf }),
    )
    expect(find()).toEqual({ file: real, args: [] })
    expect(find()).toEqual({ file: real, args: [] })
    expect(find()).toEqual({ file: real, args: [] })
    expect(broken.runs()).toBe(1)
    expect(first.runs()).toBe(1) // the probe, once: the answer is kept
    expect(second.runs()).toBe(0) // never needed
  })

  it('starts the interpreter the launcher names: the tracked pid is the one running the program', async () => {
    const shim = launcher('shim', real)
    const python = findPythonPosix('linux', { PATH: shim.dir }, { isFile, executableOf })
    expect(python).toEqual({ file: real, args: [] })
    if ('missing' in python) return
    sup = new Supervisor()
    const ctx = {
      ...runProcesses(sup, 'run-find'),
      options: {},
      signal: new AbortController().signal,
      setLive: () => {},
      info: () => ({}) as never,
    } as unknown as ScenarioContext<'fork'>
    const program = `import os, sys; sys.path.insert(0, ${JSON.stringify(path.dirname(pythonFile('proclab')))}); import proclab; proclab.result({"pid": os.getpid()})`
    const run = await runParent(ctx, pythonSpec(python, ['-c', program]), 'python')
    expect(run.exit.code).toBe(0)
    expect(run.result).toEqual({ pid: run.started.pid })
    expect(shim.runs()).toBe(1) // asked once; not in between ProcLab and the program
  })
})
