import { fork, type ChildProcess } from 'node:child_process'
import { entry } from '../../child/entries'
import type { Supervisor } from './supervisor'

/**
 * Starts the warden and keeps it told of the process groups the supervisor
 * leads. Unix only: Windows has no process groups to hand over.
 */
export function startWarden(supervisor: Supervisor): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined
  const e = entry('warden')
  const warden = fork(e.file, [], { execArgv: [...e.execArgv], detached: true, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  warden.unref()
  // The IPC channel must not keep ProcLab alive on its own.
  ;(warden as unknown as { channel?: { unref(): void } }).channel?.unref()
  const send = (pgids: number[]): void => {
    if (warden.connected) warden.send({ type: 'groups', pgids })
  }
  supervisor.on('groups', send)
  warden.on('exit', () => supervisor.off('groups', send))
  return warden
}
