import { fork, type ChildProcess } from 'node:child_process'
import { entry } from '../../child/entries'
import type { Supervisor } from './supervisor'

/**
 * Starts the warden and keeps it told of what to end if ProcLab dies: the
 * process groups the supervisor leads (Unix), or the children whose trees it
 * ends with taskkill /T (Windows, which has no groups).
 */
export function startWarden(supervisor: Supervisor): ChildProcess | undefined {
  const mode = supervisor.platform.orphanGuard
  const e = entry('warden')
  const warden = fork(e.file, [], {
    execArgv: [...e.execArgv],
    ...supervisor.platform.spawnOptions(true),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  warden.unref()
  supervisor.setWarden(warden.pid)
  // The IPC channel must not keep ProcLab alive on its own.
  ;(warden as unknown as { channel?: { unref(): void } }).channel?.unref()
  const send = (pgids: number[]): void => {
    if (warden.connected) warden.send({ type: 'groups', pgids, mode })
  }
  supervisor.on('groups', send)
  warden.on('exit', () => {
    supervisor.off('groups', send)
    supervisor.setWarden(undefined)
  })
  return warden
}
