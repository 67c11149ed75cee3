// Finding Python 3 without surprising the user. Pure decision logic over a
// probe (what exists, whether Apple's developer tools are installed), so each
// system's rule is unit-tested here; the platforms pass the real probe.
import { coreMsg } from '../../shared/i18n/core'
import type { PythonCommand } from './types'

export interface PythonProbe {
  /** True if this path is an existing file. */
  isFile(path: string): boolean
  /** macOS: `xcode-select -p` succeeds (the Command Line Tools or Xcode are installed). */
  developerToolsInstalled?(): boolean
}

export interface PythonEnv {
  readonly PATH?: string
  readonly PATHEXT?: string
}

/** Apple's /usr/bin/python3 is a stub: without the developer tools it opens an "install" dialog instead of running. */
const MAC_STUB = '/usr/bin/python3'

export function findPythonPosix(os: 'linux' | 'darwin', env: PythonEnv, probe: PythonProbe): PythonCommand {
  for (const dir of (env.PATH ?? '').split(':')) {
    if (!dir) continue
    const file = `${dir.replace(/\/$/, '')}/python3`
    if (!probe.isFile(file)) continue
    if (os === 'darwin' && file === MAC_STUB && !probe.developerToolsInstalled?.()) {
      return { missing: coreMsg('python.appleStub') }
    }
    return { file, args: [] }
  }
  return { missing: coreMsg('python.notOnPath') }
}

/**
 * Windows: the py launcher (`py -3`) where it is installed; else python.exe on
 * PATH with PATHEXT's extensions, skipping WindowsApps, whose python.exe is the
 * Store's alias: it opens the Microsoft Store instead of running a script.
 */
export function findPythonWindows(env: PythonEnv, probe: PythonProbe): PythonCommand {
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
  const py = lookup('py')
  if (py) return { file: py, args: ['-3'] }
  const python = lookup('python3') ?? lookup('python')
  if (python) return { file: python, args: [] }
  return { missing: coreMsg('python.windowsMissing') }
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
