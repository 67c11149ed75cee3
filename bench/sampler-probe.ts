// Runs the core exactly as the app does at its defaults, in a process of its
// own so that the bench can read its CPU time from /proc. With --serialise it
// also turns every snapshot into JSON, as the web host does for a client.
import { Lab } from '../src/core/lab'

const serialise = process.argv.includes('--serialise')
const recordAt = process.argv.indexOf('--record')
const recordFile = recordAt > 0 ? process.argv[recordAt + 1] : undefined
const lab = new Lab().start()
// With --record FILE the whole session is recorded, as the record button does.
if (recordFile) lab.recordings.start(recordFile)
let bytes = 0
let snapshots = 0
lab.on('snapshot', (s) => {
  snapshots++
  if (serialise) bytes += JSON.stringify(s).length
})
process.on('SIGTERM', () => {
  void (async () => {
    const recorded = recordFile ? (await lab.recordings.stop()).current : undefined
    const recording = recorded && { bytes: recorded.bytes, ms: (recorded.stoppedAt ?? Date.now()) - recorded.startedAt }
    process.stdout.write(
      JSON.stringify({ snapshots, bytes, tableIntervalMs: lab.sampler['tableIntervalMs'], recording }) + '\n',
    )
    await lab.close()
    process.exit(0)
  })()
})
// bench/sampler-cost.ts asks for its cost on a line of stdin: its own CPU (portable) and the
// helpers' it ran (ps on macOS), as the sampler itself counts them.
if (process.argv.includes('--report-on-line')) {
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', () => {
    const u = process.cpuUsage()
    const report = {
      cpuSeconds: (u.user + u.system) / 1e6,
      helperSeconds: lab.sampler['source'].helperCpuSeconds?.() ?? 0,
      snapshots,
      processes: lab.sampler['latest']?.processes.length ?? 0,
    }
    process.stdout.write(JSON.stringify(report) + '\n')
  })
}
// The sampler's timers do not hold the event loop open; this does.
setInterval(() => {}, 1 << 30)
process.stdout.write('ready\n')
