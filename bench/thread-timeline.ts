// What the thread timeline costs: a Python process with N threads that sleep,
// take a shared lock and work a little in turn (so their states change all the
// time) is watched the way the dashboard watches it (getThreadTimeline once a
// second, the reply serialized as the transport would), and this process's own
// CPU (process.cpuUsage) over the window is printed as a share of one core,
// beside the same window without the timeline. It samples that one process
// only: the machine sampler's figures (bench:overhead, bench:cost) do not
// include it and are not changed by it.
//   npx tsx bench/thread-timeline.ts --threads 10,100 --seconds 5
import { spawn, type ChildProcess } from 'node:child_process'
import readline from 'node:readline'
import { parseArgs } from 'node:util'
import { hostPlatform } from '../src/core/platform'
import { ThreadTimelines } from '../src/core/thread-timeline'
import { delay } from '../src/shared/delay'

const { values } = parseArgs({
  options: { threads: { type: 'string', default: '10,100' }, seconds: { type: 'string', default: '5' } },
})
const COUNTS = values.threads.split(',').map(Number)
const S = Number(values.seconds)

const TARGET = `
import os, random, sys, threading, time
lock = threading.Lock()
def work():
    while True:
        time.sleep(random.uniform(0.02, 0.2))
        with lock:
            end = time.perf_counter() + 0.001
            while time.perf_counter() < end:
                pass
for _ in range(int(sys.argv[1])):
    threading.Thread(target=work, daemon=True).start()
print(os.getpid(), flush=True)
sys.stdin.read()
`

let target: ChildProcess | undefined
process.on('exit', () => target?.kill('SIGKILL'))
process.on('SIGINT', () => process.exit(130))

/** CPU of this process over `seconds` (share of one core) while `during` runs once a second. */
async function cpuOver(seconds: number, during: () => void): Promise<number> {
  const before = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < seconds; i++) {
    during()
    await delay(1000)
  }
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000 / (performance.now() - t0)
}

async function main(): Promise<void> {
  const platform = hostPlatform()
  const py = platform.findPython()
  if (!('file' in py)) throw new Error('this bench needs Python 3 (its target is a Python process with N threads)')
  if (platform.info.timelineWhy) throw new Error('no thread timeline on this system')
  console.log(`thread timeline cost, ${S} s windows, this process's CPU as % of one core`)
  for (const n of COUNTS) {
    target = spawn(py.file, [...py.args, '-c', TARGET, String(n)], { stdio: ['pipe', 'pipe', 'inherit'] })
    const pid = Number(
      await new Promise<string>((r) => readline.createInterface({ input: target!.stdout! }).once('line', r)),
    )
    await delay(500)
    const idle = await cpuOver(S, () => {})
    const tl = new ThreadTimelines(platform)
    let bytes = 0
    let rows = 0
    let segments = 0
    let interval = 0
    const busy = await cpuOver(S, () => {
      const t = tl.get(pid)
      bytes = JSON.stringify(t).length
      rows = t.threads.length
      segments = t.threads.reduce((k, r) => k + r.segments.length, 0)
      interval = t.intervalMs
    })
    tl.close()
    target.kill('SIGKILL')
    target = undefined
    console.log(
      `${String(n).padStart(4)} threads: ${(busy * 100).toFixed(1)} % with the timeline, ${(idle * 100).toFixed(1)} % without` +
        ` (timeline ≈ ${((busy - idle) * 100).toFixed(1)} % of one core); sampled every ${interval} ms;` +
        ` last reply ${rows} rows, ${segments} segments, ${(bytes / 1024).toFixed(0)} KiB`,
    )
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  },
)
