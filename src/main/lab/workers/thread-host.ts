// The scenario host: the process that holds a thread scenario's threads, so a
// deadlocked or spinning thread never lives inside ProcLab itself. The core
// (scenarios/thread-kit.ts) forks it, sends one `start`, and receives the
// thread table, live data and finally the result over IPC. When that channel
// closes, for whatever reason, the host ends: it must never outlive the lab.
import { Host, useBundles, type Driver, type FromHost, type ToHost } from '../scenarios/thread-runtime'
import { drive as asyncIo } from './thread-async-io'
import { drive as cpuVsIo } from './thread-cpu-vs-io'
import { drive as deadlock } from './thread-deadlock'
import { drive as local } from './thread-local'
import { drive as lockRace } from './thread-lock-race'
import { drive as loop } from './thread-loop'
import { drive as spin } from './thread-spin'
import { drive as switchCost } from './thread-switch-cost'

const DRIVERS: Record<string, Driver> = {
  threads: loop,
  'thread-local': local,
  'lock-race': lockRace,
  deadlock,
  spin,
  'switch-cost': switchCost,
  'cpu-vs-io': cpuVsIo,
  'async-io': asyncIo,
}

function send(m: FromHost): void {
  if (process.connected) process.send!(m)
}

let exitCode = 0

let host: Host | undefined

async function run(driverName: string, options: Record<string, unknown>): Promise<void> {
  const driver = DRIVERS[driverName]
  if (!driver) {
    return finish({ type: 'error', message: `no thread scenario "${driverName}"` }, 2)
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
  }
  else if (m.type === 'stop') host?.stop()
  else if (m.type === 'action') {
    host?.action(m.action, m.options).catch((err: Error) => send({ type: 'log', text: err.message, level: 'error' }))
  }
})
// ProcLab went away (quit, crash, SIGKILL): nothing here may keep running.
process.on('disconnect', () => process.exit(exitCode))
if (!process.connected) process.exit(0)
