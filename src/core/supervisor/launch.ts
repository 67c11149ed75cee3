// Starting one child as the supervisor wants it: a Node module with an IPC
// channel (fork) or a program with an argument list (never a shell string), in
// its own process group where the platform has groups, never with a console
// window, stdin piped only when there is something to write to it.
import { fork, spawn, type ChildProcess, type StdioOptions } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Platform } from '../platform'
import type { SpawnSpec } from './supervisor'

/** Starts the child; throws where the OS refuses at once (a spawn error arrives later as an event). */
export function launch(spec: SpawnSpec, platform: Platform): ChildProcess {
  // A program speaking JSON lines (spec.lines) hears its orders on stdin, which stays open.
  const stdin = spec.stdin === undefined && !spec.lines ? 'ignore' : 'pipe'
  const stdio: StdioOptions = spec.kind === 'fork' ? ['pipe', 'pipe', 'pipe', 'ipc'] : [stdin, 'pipe', 'pipe']
  const common = {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio,
    windowsVerbatimArguments: spec.verbatimArgs === true,
    ...platform.spawnOptions(!spec.sameGroup),
  }
  return spec.kind === 'fork'
    ? fork(spec.file, [...(spec.args ?? [])], {
        ...common,
        execArgv: [...(spec.execArgv ?? [])],
        serialization: 'advanced',
      })
    : // No IPC channel for a program: it is not Node (see SpawnSpec.lines for how it talks).
      spawn(spec.file, [...(spec.args ?? [])], common)
}

/**
 * A folder on PATH this user may not search, where a program named without a
 * folder was in none of the others: POSIX's execvp then fails with EACCES, not
 * ENOENT, though to the user the program is simply not there (seen with root's
 * PATH kept by su: /root/.local/bin). Undefined where the program exists but may
 * not be run, which EACCES rightly says.
 */
export function unsearchablePathDir(spec: SpawnSpec): string | undefined {
  if (spec.kind !== 'exec' || spec.file.includes('/') || spec.file.includes(path.sep)) return undefined
  let blocked: string | undefined
  for (const dir of (spec.env ?? process.env).PATH?.split(path.delimiter) ?? []) {
    if (!dir) continue
    try {
      fs.accessSync(dir, fs.constants.X_OK)
    } catch {
      blocked ??= dir
      continue
    }
    if (fs.existsSync(path.join(dir, spec.file))) return undefined
  }
  return blocked
}
