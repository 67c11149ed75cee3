// switch-cost (线程切换): the same total work split over 1, 2, 4, ... threads
// or processes. Past the number of cores, more of them cannot run at once:
// the OS has to switch between them, which it counts (involuntary context
// switches: taken off the CPU while still wanting it), and each switch costs
// a little time that the work does not get.
import { parentPort } from 'node:worker_threads'
import os from 'node:os'
import { nameOsThread, ownContextSwitches } from '../../../child/measure'
import { delay } from '../../../shared/delay'
import { labThread } from '../../../child/lab-thread'
import { StartingGate } from '../../../child/sync/gate'
import type { Host } from '../../../child/scenario-host'
import { cpuWork } from '../../../child/work'
import type { SwitchPoint, SwitchProgress, SwitchResult } from '../../../shared/scenarios/switch-cost'

/** A fixed amount of pure CPU work, the same whoever does it. */
const work = cpuWork

interface Share {
  readonly ms: number
  /** Null where the OS does not count a thread's switches. */
  readonly voluntary: number | null
  readonly involuntary: number | null
  readonly x: number
}

/** The sum, or null when any part could not be measured. */
function sumOrNull(xs: readonly (number | null)[]): number | null {
  return xs.some((x) => x === null) ? null : xs.reduce<number>((s, x) => s + (x ?? 0), 0)
}

function doShare(steps: number): Share {
  const s0 = ownContextSwitches()
  const t0 = performance.now()
  const x = work(steps)
  const ms = performance.now() - t0
  const s1 = ownContextSwitches()
  if (!s0 || !s1) return { ms, voluntary: null, involuntary: null, x }
  return { ms, voluntary: s1.voluntary - s0.voluntary, involuntary: s1.involuntary - s0.involuntary, x }
}

interface SwitchData {
  readonly cells: SharedArrayBuffer
  readonly steps: number
}

const READY = 0
const GO = 1

// ---- as a worker thread ----

/** Compiles work() fully before the clock starts, so every share runs the same machine code. */
function warmUp(): void {
  for (let i = 0; i < 20; i++) work(50_000)
}

const self = labThread<SwitchData>('thread-switch-cost')
if (self) {
  const cells = new Int32Array(self.data.cells)
  warmUp()
  self.set('sleeping')
  new StartingGate(cells, READY, GO).arrive()
  self.set('running')
  parentPort!.postMessage({ share: doShare(self.data.steps) })
  self.set('done')
}

// ---- as a child process ----

if (!self && process.argv.includes('--switch-process')) {
  nameOsThread(process.argv[process.argv.indexOf('--switch-process') + 1] ?? 'worker')
  process.on('disconnect', () => process.exit(0))
  process.on('message', (m: { steps?: number }) => {
    if (typeof m?.steps !== 'number') return
    process.send!({ share: doShare(m.steps) }, undefined, {}, () => process.exit(0))
  })
  warmUp()
  process.send?.('ready')
}

// ---- the host's main thread ----

export function counts(max: number): number[] {
  const out: number[] = []
  for (let c = 1; c < max; c *= 2) out.push(c)
  out.push(max)
  return out
}

export async function drive(host: Host<SwitchProgress>, options: Record<string, unknown>): Promise<SwitchResult> {
  const kind = options.kind as SwitchResult['kind']
  const totalSteps = (options.workM as number) * 1_000_000
  const points: SwitchPoint[] = []
  const publish = (): void => host.live({ points: [...points] })
  for (const count of counts(options.maxCount as number)) {
    if (host.signal.aborted) break
    host.live({ phase: `${count} ${kind}` })
    const steps = Math.floor(totalSteps / count)
    const p = kind === 'threads' ? await viaThreads(host, count, steps) : await viaProcesses(host, count, steps)
    if (!p) break
    points.push({ ...p, count, throughput: Math.round((steps * count) / 1000 / p.ms) })
    publish()
    await delay(200, host.signal)
  }
  return { kind, totalSteps, cores: os.cpus().length, points }
}

type Measured = Omit<SwitchPoint, 'count' | 'throughput'>

async function viaThreads(host: Host, count: number, steps: number): Promise<Measured | undefined> {
  const cells = new SharedArrayBuffer(8)
  const c = new Int32Array(cells)
  const t0 = performance.now()
  const ws = Array.from({ length: count }, (_, i) =>
    host.startThread('thread-switch-cost', `worker-${count}.${i + 1}`, { cells, steps } satisfies SwitchData),
  )
  const shares: Share[] = []
  for (const w of ws) w.worker.on('message', (m: { share?: Share }) => m.share && shares.push(m.share))
  const stop = (): void => ws.forEach((w) => void w.terminate())
  host.signal.addEventListener('abort', stop, { once: true })
  await new StartingGate(c, READY, GO).open(count, host.signal)
  const startMs = performance.now() - t0
  const go = performance.now()
  await Promise.all(ws.map((w) => w.exited))
  const ms = performance.now() - go
  host.signal.removeEventListener('abort', stop)
  if (host.signal.aborted || shares.length < count) return undefined
  return total(shares, ms, startMs)
}

async function viaProcesses(host: Host, count: number, steps: number): Promise<Measured | undefined> {
  const t0 = performance.now()
  const kids = Array.from({ length: count }, (_, i) => {
    const name = `proc-${count}.${i + 1}`
    const k = host.forkChild('thread-switch-cost', `switch-cost process ${i + 1}/${count}`, ['--switch-process', name])
    const ready = new Promise<void>((r) => k.child.once('message', () => r()))
    const share = new Promise<Share | undefined>((r) => {
      k.child.on('message', (m: { share?: Share }) => m?.share && r(m.share))
      // 'disconnect', not 'exit': the exit can be seen before the last message is read.
      k.child.once('disconnect', () => r(undefined))
    })
    return { k, ready, share, name }
  })
  const kill = (): void => kids.forEach(({ k }) => k.child.kill('SIGKILL'))
  host.signal.addEventListener('abort', kill, { once: true })
  await Promise.race([Promise.all(kids.map((k) => k.ready)), delay(60_000, host.signal)])
  for (const k of kids) host.addRemoteThread(k.name, k.k.pid)
  const startMs = performance.now() - t0
  const go = performance.now()
  for (const { k } of kids) if (k.child.connected) k.child.send({ steps })
  const shares = await Promise.all(kids.map((k) => k.share))
  const ms = performance.now() - go
  await Promise.all(kids.map(({ k }) => k.exited))
  host.signal.removeEventListener('abort', kill)
  if (host.signal.aborted) return undefined
  if (shares.some((s) => !s)) {
    host.log(`${shares.filter((s) => !s).length} of ${count} processes ended without reporting`, 'warn')
    return undefined
  }
  return total(shares as Share[], ms, startMs)
}

function total(shares: readonly Share[], ms: number, startMs: number): Measured {
  return {
    ms: Math.round(ms),
    startMs: Math.round(startMs),
    voluntary: sumOrNull(shares.map((x) => x.voluntary)),
    involuntary: sumOrNull(shares.map((x) => x.involuntary)),
  }
}
