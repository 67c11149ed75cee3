// Where ProcLab keeps the user's own files when no shell names a folder (the
// web host; Electron passes its userData): the OS's per-user data or state
// folder, never a fixed name in the shared temp folder, which any other user
// could create first and own.
import os from 'node:os'
import path from 'node:path'

/** The per-user state folder of ProcLab on `system` (pure: tests pass another system's env and home). */
export function userStateDir(system: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (system === 'win32') {
    const local = env.LOCALAPPDATA && path.win32.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : undefined
    return path.win32.join(local ?? path.win32.join(home, 'AppData', 'Local'), 'ProcLab')
  }
  if (system === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'ProcLab')
  // XDG: a relative $XDG_STATE_HOME is invalid and must be ignored (XDG Base Directory spec).
  const state = env.XDG_STATE_HOME && path.posix.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : undefined
  return path.posix.join(state ?? path.posix.join(home, '.local', 'state'), 'proclab')
}

/** The default folder of recordings on this machine, for this user. */
export function defaultRecordingDir(): string {
  return path.join(userStateDir(process.platform, process.env, os.homedir()), 'recordings')
}
