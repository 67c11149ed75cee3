// What the monitor costs on any system, htop or not: starts N idle processes,
// runs the core as the app does (bench/sampler-probe.ts, bundled, under plain
// node) and prints its CPU over a window as a share of one core — its own CPU
// and that of any helper it runs (ps on macOS), as the probe itself counts them.
// bench/overhead.ts compares the same probe with htop where htop exists; this
// one gives the figure on Windows and macOS too (the CI workflow runs it there).
//   npm run bench:cost -- --procs 1000 --seconds 20
import { spawn, type ChildProcess } from 'node:child_process'
import { parseArgs } from 'node:util'
import { probeBundle } from './probe-bundle'
import { delay } from '../src/shared/delay'

const { values } = parseArgs({
  options: { procs: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '20' } },
})
const N = Number(values.procs)
const S = Number(values.seconds)

/** A process that sits idle for an hour, as cheap as the system offers. */
const sleeper = (): ChildProcess =>
  process.platform === 'win32'
    ? spawn('ping', ['-n', '3600', '127.0.0.1'], { stdio: 'ignore', windowsHide: true }) // loopback only, one reply a second
    : spawn('sleep', ['3600'], { stdio: 'ignore' })

const idle: ChildProcess[] = []
let probe: ChildProcess | undefined
const cleanup = (): void => {
  for (const c of [probe, ...idle]) c?.kill('SIGKILL')
}
process.on('exit', cleanup)
process.on('SIGINT', () => process.exit(130))

interface ProbeReport {
  readonly cpuSeconds: number
  readonly helperSeconds: number
  readonly snapshots: number
  readonly processes: number
}

async function main(): Promise<void> {
  for (let i = 0; i < N; i++) idle.push(sleeper())
  const bundle = await probeBundle()
  probe = spawn(process.execPath, [bundle, '--report-on-line'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    windowsHide: true,
  })
  let out = ''
  probe.stdout!.on('data', (d: Buffer) => (out += d))
  const report = async (): Promise<ProbeReport> => {
    const before = out.length
    probe!.stdin!.write('report\n')
    for (let i = 0; i < 200 && !out.slice(before).includes('\n'); i++) await delay(25)
    return JSON.parse(out.slice(before).split('\n')[0]) as ProbeReport
  }
  for (let i = 0; i < 400 && !out.includes('ready'); i++) await delay(50)
  out = ''
  await delay(3000) // module loading and the first full read of the table
  const r0 = await report()
  const t0 = Date.now()
  await delay(S * 1000)
  const r1 = await report()
  const wall = (Date.now() - t0) / 1000
  const own = r1.cpuSeconds - r0.cpuSeconds
  const helpers = r1.helperSeconds - r0.helperSeconds
  console.log(
    `${process.platform}: ${r1.processes} processes (${N} idle ones started), window ${wall.toFixed(1)} s, ${r1.snapshots - r0.snapshots} snapshots`,
  )
  console.log(
    `ProcLab sampler CPU ${(own + helpers).toFixed(2)} s = ${(((own + helpers) / wall) * 100).toFixed(2)} % of one core (own ${own.toFixed(2)} s, helpers ${helpers.toFixed(2)} s)`,
  )
}

await main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
cleanup()
