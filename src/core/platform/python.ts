// Finding Python 3 without surprising the user. Pure decision logic over a
// probe (what exists, what an interpreter says it is, whether Apple's
// developer tools are installed), so each system's rule is unit-tested here;
// the platforms pass the real probe.
//
// Each candidate is run once with `-c "import sys; print(sys.executable)"`
// and ProcLab then starts the interpreter it names: `py -3` on Windows (or a
// pyenv shim, a Homebrew symlink) is a launcher that runs python.exe as a
// child, and ProcLab would track the launcher while the program runs in
// another process. The answer is kept: starting an interpreter costs tens of
// milliseconds, and on macOS asking xcode-select each time is not wanted.
import { execFileSync } from 'node:child_process'
import { coreMsg } from '../../shared/i18n/core'
import type { PythonCommand } from './types'

export interface PythonProbe {
  /** True if this path is an existing file. */
  isFile(path: string): boolean
  /** What the interpreter says its own executable is (sys.executable), or undefined if it would not run. */
  executableOf(file: string, args: readonly string[]): string | undefined
  /** macOS: `xcode-select -p` succeeds (the Command Line Tools or Xcode are installed). */
  developerToolsInstalled?(): boolean
}

export interface PythonEnv {
  readonly PATH?: string
  readonly PATHEXT?: string
}

/** Apple's /usr/bin/python3 is a stub: without the developer tools it opens an "install" dialog instead of running. */
const MAC_STUB = '/usr/bin/python3'

/**
 * Where macOS keeps Python outside PATH: an app started from the Finder gets
 * only /usr/bin:/bin:/usr/sbin:/sbin, without Homebrew's prefixes (Apple
 * silicon, then Intel) or python.org's links in /usr/local/bin.
 */
export const MAC_EXTRA_DIRS = ['/opt/homebrew/bin', '/usr/local/bin'] as const

/** A way to start Python 3 here, in the order ProcLab tries them. */
interface Candidate {
  readonly file: string
  readonly args: readonly string[]
  /** Apple's stub: tried last, and only with the developer tools installed. */
  readonly stub?: boolean
}

/** Candidates on Linux and macOS, best first: PATH, then (macOS) the usual prefixes, then Apple's stub. */
export function posixCandidates(
  os: 'linux' | 'darwin',
  env: PythonEnv,
  probe: Pick<PythonProbe, 'isFile'>,
): Candidate[] {
  const dirs = (env.PATH ?? '').split(':').filter(Boolean)
  if (os === 'darwin') dirs.push(...MAC_EXTRA_DIRS)
  const seen = new Set<string>()
  const found: Candidate[] = []
  for (const dir of dirs) {
    const file = `${dir.replace(/\/$/, '')}/python3`
    if (seen.has(file) || !probe.isFile(file)) continue
    seen.add(file)
    if (os === 'darwin' && file === MAC_STUB) continue
    found.push({ file, args: [] })
  }
  if (os === 'darwin' && seen.has(MAC_STUB)) found.push({ file: MAC_STUB, args: [], stub: true })
  return found
}

/**
 * Candidates on Windows, best first: python.exe on PATH (PATHEXT's .exe/.com),
 * skipping WindowsApps, whose python.exe is the Store's alias (it opens the
 * Microsoft Store instead of running a script); then the py launcher (`py -3`).
 */
export function windowsCandidates(env: PythonEnv, probe: Pick<PythonProbe, 'isFile'>): Candidate[] {
  const dirs = (env.PATH ?? '').split(';').filter(Boolean)
  const exts = (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => /^\.(exe|com)$/i.test(e))
  const lookup = (name: string): string | undefined => {
    for (const dir of dirs) {
      if (/\\Microsoft\\WindowsApps\\?$/i.test(dir)) continue
      for (const ext of exts) {
        const file = `${dir.replace(/\\$/, '')}\\${name}${ext.toLowerCase()}`
        if (probe.isFile(file)) return file
      }
    }
    return undefined
  }
  const found: Candidate[] = []
  const python = lookup('python3') ?? lookup('python')
  if (python) found.push({ file: python, args: [] })
  const py = lookup('py')
  if (py) found.push({ file: py, args: ['-3'] })
  return found
}

/** The first candidate that runs, as the interpreter it names itself; or why there is none. */
export function resolvePython(
  candidates: readonly Candidate[],
  probe: PythonProbe,
  missing: PythonCommand,
): PythonCommand {
  for (const c of candidates) {
    if (c.stub && !probe.developerToolsInstalled?.()) return { missing: coreMsg('python.appleStub') }
    const real = probe.executableOf(c.file, c.args)
    if (real === undefined) continue // a broken link or shim: the next one may work
    // An embedded interpreter may not know its own path: then the candidate itself is what runs.
    return real && probe.isFile(real) ? { file: real, args: [] } : { file: c.file, args: c.args }
  }
  return missing
}

export function findPythonPosix(os: 'linux' | 'darwin', env: PythonEnv, probe: PythonProbe): PythonCommand {
  return resolvePython(posixCandidates(os, env, probe), probe, { missing: coreMsg('python.notOnPath') })
}

export function findPythonWindows(env: PythonEnv, probe: PythonProbe): PythonCommand {
  return resolvePython(windowsCandidates(env, probe), probe, { missing: coreMsg('python.windowsMissing') })
}

/** How long "no Python here" is believed before looking again (the user may install it meanwhile). */
export const MISSING_RETRY_MS = 60_000

/**
 * findPython() for a platform: looks once and keeps the answer, for as long
 * as `key` (the PATH it searched) stays the same; a missing Python is looked
 * for again after MISSING_RETRY_MS.
 */
export function cachedPython(
  find: () => PythonCommand,
  key: () => string = () => '',
  now: () => number = Date.now,
): () => PythonCommand {
  let found: PythonCommand | undefined
  let foundFor = ''
  let at = 0
  return () => {
    const k = key()
    if (!found || k !== foundFor || ('missing' in found && now() - at >= MISSING_RETRY_MS)) {
      found = find()
      foundFor = k
      at = now()
    }
    return found
  }
}

/** The real probe's question to a candidate interpreter. */
export function executableOf(file: string, args: readonly string[]): string | undefined {
  try {
    const out = execFileSync(file, [...args, '-c', 'import sys; print(sys.executable)'], {
      encoding: 'utf8',
      timeout: 10_000,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    return out.trim()
  } catch {
    return undefined
  }
}

/** multiprocessing's start methods on a system: which exist, and which Python uses unless told. */
export interface StartMethods {
  readonly available: readonly string[]
  readonly default: string
}

/**
 * What multiprocessing offers where the Python program could not be asked
 * (Python missing, or the probe failed): Windows has spawn only (no fork());
 * macOS has all three, spawn by default since 3.8 (fork can crash there with
 * system frameworks); Linux has all three, fork by default before 3.14 and
 * forkserver from 3.14 on (the version unknown here: the older default).
 */
export function startMethodsOf(os: NodeJS.Platform): StartMethods {
  if (os === 'win32') return { available: ['spawn'], default: 'spawn' }
  if (os === 'darwin') return { available: ['spawn', 'fork', 'forkserver'], default: 'spawn' }
  return { available: ['fork', 'spawn', 'forkserver'], default: 'fork' }
}

/** The probe's answer (`[get_all_start_methods(), get_start_method()]` as JSON), or undefined when it is not one. */
export function parseStartMethods(stdout: string): StartMethods | undefined {
  try {
    const [available, dflt] = JSON.parse(stdout) as unknown[]
    const known = ['fork', 'spawn', 'forkserver']
    if (!Array.isArray(available) || !available.every((m) => known.includes(m))) return undefined
    if (typeof dflt !== 'string' || !available.includes(dflt)) return undefined
    return { available: available as string[], default: dflt }
  } catch {
    return undefined
  }
}
