// bench/overhead: what watching a busy machine costs. Starts N idle processes,
// then runs ProcLab's sampler (at its defaults) and htop (1 s refresh, in tmux)
// side by side for S seconds, and prints the CPU seconds of each with the ratio.
//
//   npm run bench:overhead -- [--procs 1000] [--seconds 30] [--serialise] [--record] [--check]
//
// --record: the probe also records the session (as the Record button does) to
// a temporary file, and the bench prints the file's size per minute.
//
// CPU time is read from /proc/<pid>/stat: utime + stime of the process itself
// plus cutime + cstime of the helpers it spawned and reaped (ps, if any).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { USER_HZ, parseStat } from '../src/shared/procfs-parse'
import { parseArgs } from 'node:util'
import { probeBundle } from './probe-bundle'

const { values } = parseArgs({
  options: {
    procs: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    check: { type: 'boolean', default: false },
    serialise: { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
  },
})
const N = Number(values.procs)
const S = Number(values.seconds)
const here = path.dirname(fileURLToPath(import.meta.url))
/** CPU seconds of a process and of the children it waited for (a `ps` it ran counts as its cost). */
function cpuSeconds(pid: number): number {
  const s = parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'))
  if (!s) throw new Error(`cannot read /proc/${pid}/stat`)
  return (s.ticks + s.childTicks) / USER_HZ
}

function need(cmd: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' })
  } catch {
    console.error(`bench/overhead needs ${cmd} (apt-get install -y ${cmd})`)
    process.exit(2)
  }
}
need('htop')
need('tmux')

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const session = `proclab-bench-${process.pid}`
let idle: ChildProcess | undefined
let probe: ChildProcess | undefined

function cleanup(): void {
  try {
    execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' })
  } catch {
    // not started
  }
  for (const c of [probe, idle]) {
    try {
      if (c?.pid) process.kill(-c.pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
}
process.on('exit', cleanup)
process.on('SIGINT', () => process.exit(130))

async function main(): Promise<void> {
  // N idle processes in one process group, so they all go with one signal.
  idle = spawn('bash', ['-c', `for i in $(seq ${N}); do sleep 3600 & done; wait`], { detached: true, stdio: 'ignore' })
  const total = (): number => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length
  const base = total()
  for (let i = 0; i < 100 && total() < base + N * 0.98; i++) await sleep(100)
  const processes = total()

  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '200', '-y', '50', 'exec htop -d 10'])
  const htopPid = Number(
    execFileSync('tmux', ['list-panes', '-t', session, '-F', '#{pane_pid}'], { encoding: 'utf8' }).trim(),
  )

  const bundle = await probeBundle()
  const recordFile = path.join(here, '..', '.tmp', 'bench', `recording-${process.pid}.proclab.gz`)
  probe = spawn(
    process.execPath,
    [bundle, ...(values.serialise ? ['--serialise'] : []), ...(values.record ? ['--record', recordFile] : [])],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let out = ''
  probe.stdout!.on('data', (d: Buffer) => (out += d))
  for (let i = 0; i < 200 && !out.includes('ready'); i++) await sleep(50)
  // Let both settle (module loading, htop's first full scan) before measuring.
  await sleep(3000)

  const p0 = cpuSeconds(probe.pid!)
  const h0 = cpuSeconds(htopPid)
  const t0 = Date.now()
  await sleep(S * 1000)
  const p1 = cpuSeconds(probe.pid!)
  const h1 = cpuSeconds(htopPid)
  const wall = (Date.now() - t0) / 1000

  probe.kill('SIGTERM')
  await new Promise((r) => probe!.once('exit', r))
  const stats = JSON.parse(out.split('\n').find((l) => l.startsWith('{')) ?? '{}') as {
    tableIntervalMs?: number
    snapshots?: number
    recording?: { bytes: number; ms: number }
  }
  fs.rmSync(recordFile, { force: true })

  const proclab = p1 - p0
  const htop = h1 - h0
  const ratio = proclab / htop
  const mode =
    [values.serialise ? 'snapshots serialised to JSON' : '', values.record ? 'session recorded' : '']
      .filter(Boolean)
      .join(', ') || 'sampler only'
  console.log(`processes on the machine: ${processes} (${N} idle ones started), window ${wall.toFixed(1)} s, ${mode}`)
  console.log(
    `ProcLab sampler  CPU ${proclab.toFixed(2)} s  (${((proclab / wall) * 100).toFixed(2)} % of a core; ${stats.snapshots} snapshots, whole table every ${stats.tableIntervalMs} ms)`,
  )
  console.log(`htop -d 10       CPU ${htop.toFixed(2)} s  (${((htop / wall) * 100).toFixed(2)} % of a core)`)
  if (stats.recording) {
    const perMin = (stats.recording.bytes / stats.recording.ms) * 60_000
    console.log(
      `recording        ${(stats.recording.bytes / 1024).toFixed(0)} KB in ${(stats.recording.ms / 1000).toFixed(1)} s: ${(perMin / 1024).toFixed(0)} KB per minute (gzip, deltas)`,
    )
  }
  console.log(`ratio ProcLab/htop: ${ratio.toFixed(2)} (target <= 0.50)`)
  if (values.check && !(ratio <= 0.5)) process.exitCode = 1
}

await main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
cleanup()
