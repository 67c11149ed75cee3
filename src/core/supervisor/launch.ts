// Starting one child as the supervisor wants it: a Node module with an IPC
// channel (fork) or a program with an argument list (never a shell string), in
// its own process group where the platform has groups, never with a console
// window, stdin piped only when there is something to write to it.
import { fork, spawn, type ChildProcess, type StdioOptions } from 'node:child_process'
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
