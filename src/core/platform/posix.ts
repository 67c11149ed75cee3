// What Linux and macOS share: real signals, process groups (a child leads its
// own, so one signal to -pid reaches its whole tree), and the warden ending
// those groups if ProcLab dies.
import fs from 'node:fs'
import type { PlatformInfo, SignalName } from '../../shared/model'
import type { Platform, SpawnOptions } from './types'
import { shellCommand, shellProgram, shellQuote } from './shell'

export const POSIX_SIGNALS: PlatformInfo['signals'] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL', 'SIGSTOP', 'SIGCONT']

export const posixSignalling: Pick<
  Platform,
  'spawnOptions' | 'signal' | 'stopTree' | 'orphanGuard' | 'shell' | 'quoteForShell' | 'shellProgram'
> = {
  orphanGuard: 'group',
  shell: (line) => shellCommand(line, 'linux'),
  // Single quotes take everything literally; a quote inside closes, escapes and reopens.
  quoteForShell: (arg) => shellQuote(arg, 'linux'),
  shellProgram: (file) => shellProgram(file, 'linux'),
  spawnOptions(ownGroup: boolean): SpawnOptions {
    return { detached: ownGroup, windowsHide: true }
  },
  signal(pid: number, signal: SignalName, group: boolean): void {
    if (group) {
      try {
        process.kill(-pid, signal)
        return
      } catch {
        // The group may be gone already while its leader is a zombie: signal the pid itself.
      }
    }
    process.kill(pid, signal)
  },
  stopTree(pid: number, how: 'graceful' | 'force', group: boolean): void {
    try {
      process.kill(group ? -pid : pid, how === 'graceful' ? 'SIGTERM' : 'SIGKILL')
    } catch {
      // Already gone: the outcome we wanted.
    }
  },
}

/** kill(pid, 0): whether the pid exists (EPERM: it does, but is another user's). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile()
  } catch {
    return false
  }
}
