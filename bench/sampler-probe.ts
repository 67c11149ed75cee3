// Runs the core exactly as the app does at its defaults, in a process of its
// own so that the bench can read its CPU time from /proc. With --serialise it
// also turns every snapshot into JSON, as the web host does for a client.
import { Lab } from '../src/core/lab'

const serialise = process.argv.includes('--serialise')
const lab = new Lab().start()
let bytes = 0
let snapshots = 0
lab.on('snapshot', (s) => {
  snapshots++
  if (serialise) bytes += JSON.stringify(s).length
})
process.on('SIGTERM', () => {
  process.stdout.write(JSON.stringify({ snapshots, bytes, tableIntervalMs: lab.sampler['tableIntervalMs'] }) + '\n')
  void lab.close().then(() => process.exit(0))
})
// The sampler's timers do not hold the event loop open; this does.
setInterval(() => {}, 1 << 30)
process.stdout.write('ready\n')
