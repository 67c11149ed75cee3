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
