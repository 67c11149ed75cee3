// `npm run start:web -- [--port N] [--host ADDR [--allow-remote]]`: the dashboard
// in a browser. Prints one line with the URL (token included), stops cleanly on
// Ctrl-C or SIGTERM, ending everything it started.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Lab } from '../core/lab'
import { startWarden } from '../core/supervisor/warden-client'
import { isLoopback, startWebHost, type WebHost } from './server'
import { recordMaxBytes, SESSION_OPTIONS, startSession, type Session, type SessionValues } from './session-options'

const here = path.dirname(fileURLToPath(import.meta.url))

function fail(message: string): never {
  process.stderr.write(`proclab web: ${message}\n`)
  process.exit(2)
}

let values: { port?: string; host?: string; static?: string; 'allow-remote'?: boolean } & SessionValues
try {
  ;({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      static: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      ...SESSION_OPTIONS,
    },
    strict: true,
  }))
} catch (err) {
  fail(
    `${(err as Error).message}\nusage: start:web -- [--port N (0 = any free port)] [--host 127.0.0.1 [--allow-remote]]`,
  )
}
const port = values.port === undefined ? 0 : Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got ${values.port}`)

const host = values.host ?? '127.0.0.1'
const remote = !isLoopback(host)
if (remote && !values['allow-remote']) {
  fail(
    `--host ${host} is not a loopback address: anyone who can reach it and learns the URL could signal your processes and run programs as you, ` +
      `and the token would cross the network in clear text.\n` +
      `To use ProcLab on another machine, keep the default and reach it through an SSH tunnel: ssh -L 8080:127.0.0.1:PORT you@that-machine, then open http://127.0.0.1:8080/?token=...\n` +
      `To bind ${host} anyway, add --allow-remote.`,
  )
}

let lab: Lab
try {
  lab = new Lab({ recordingMaxBytes: recordMaxBytes(values) })
} catch (err) {
  fail((err as Error).message)
}
let hostInfo: WebHost | undefined = undefined
let session: Session | undefined = undefined
let stopping = false
async function shutdown(): Promise<void> {
  if (stopping) return
  stopping = true
  await hostInfo?.close().catch(() => {})
  await session?.close().catch(() => {})
  await lab.close()
  process.exit(0)
}
// Handlers first: a SIGTERM that arrives right after the URL line must still clean up.
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())

session = await startSession(lab, values).catch((err: Error) => fail(err.message))
startWarden(lab.supervisor)
// A replay shows only the file: the machine is not sampled.
if (!values.replay) lab.start()

hostInfo = await startWebHost({
  lab,
  port,
  host,
  allowRemote: remote,
  staticDir: values.static ?? path.resolve(here, '../renderer'),
  metrics: session.metrics,
}).catch((err: Error) => fail(`cannot start: ${err.message}`))

if (remote) {
  process.stderr.write(
    `proclab web: WARNING: listening on ${host}, which is not loopback: anyone on the network who gets the URL controls your processes, ` +
      `and the token travels in clear text (no TLS). Prefer an SSH tunnel to 127.0.0.1 (see README).\n`,
  )
}
process.stdout.write(`ProcLab web host: ${hostInfo.url}\n`)
for (const note of session.notes) process.stdout.write(`${note}\n`)
