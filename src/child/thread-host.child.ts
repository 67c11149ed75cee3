// The scenario host: the process that holds a thread scenario's threads, so a
// deadlocked or spinning thread never lives inside ProcLab itself. The core
// (src/core/bridge/thread-kit.ts) forks it, sends one `start`, and receives the
// thread table, live data and finally the result over IPC. When that channel
// closes, for whatever reason, the host ends: it must never outlive the lab.
import { pathToFileURL } from 'node:url'
import { entry } from './entries'
import type { FromHost, ToHost } from '../shared/thread-protocol'
import { isMsg, type Msg } from '../shared/msg'
import { coreMsg } from '../shared/i18n/core'
import { Host, useBundles, type Driver } from './scenario-host'

/**
 * A thread scenario's driver is the `drive` export of its own child entry
 * (src/core/scenarios/<id>/thread-*.child.ts), loaded by name: the host knows
 * no scenario, so adding one touches only its folder.
 */
async function loadDriver(name: string): Promise<Driver> {
  const mod = (await import(pathToFileURL(entry(name).file).href)) as { drive?: unknown }
  if (typeof mod.drive !== 'function') throw new Error(`${name} has no drive() export`)
  return mod.drive as Driver
}

function send(m: FromHost): void {
  if (process.connected) process.send!(m)
}

let exitCode = 0

let host: Host | undefined

async function run(driverName: string, options: Record<string, unknown>): Promise<void> {
  let driver: Driver
  try {
    driver = await loadDriver(driverName)
  } catch (err) {
    return finish({ type: 'error', message: `no thread scenario driver "${driverName}": ${(err as Error).message}` }, 2)
  }
  host = new Host(send)
  try {
    const result = await driver(host, options)
    host.setMain('done')
    await host.shutdown()
    finish({ type: 'result', result }, 0)
  } catch (err) {
    await host.shutdown().catch(() => {})
    finish({ type: 'error', message: err instanceof Error ? err.message : String(err) }, 1)
  }
}

/** Sends the last message and exits once it has been written. */
function finish(last: FromHost, code: number): void {
  exitCode = code
  if (!process.connected) process.exit(code)
  process.send!(last, undefined, {}, () => process.exit(code))
}

process.on('message', (m: ToHost) => {
  if (m.type === 'start' && !host) {
    useBundles(m.bundles)
    void run(m.driver, m.options)
  } else if (m.type === 'stop') host?.stop()
  else if (m.type === 'action') {
    const answer = (error?: Msg | string): void => {
      if (m.id !== undefined) send({ type: 'action-done', id: m.id, error })
      // An action nobody waits for (no id) can only be refused in the log.
      else if (error !== undefined) send({ type: 'log', text: error, level: 'error' })
    }
    if (!host) return answer(coreMsg('error.hostNotRunning'))
    host.action(m.action, m.options).then(
      () => answer(),
      // By its shape, not instanceof: a driver bundled on its own has its own copy of MsgError.
      (err: Error & { msg?: unknown }) => answer(isMsg(err.msg) ? err.msg : err.message),
    )
  }
})
// ProcLab went away (quit, crash, SIGKILL): nothing here may keep running.
process.on('disconnect', () => process.exit(exitCode))
if (!process.connected) process.exit(0)
