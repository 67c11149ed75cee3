// switch-cost (线程切换): first the cost of one switch, by ping-pong between
// two threads (Atomics.wait/notify) and between two processes (their IPC
// pipe); then the same total work split over 1, 2, 4, ... threads or processes. Past the number of cores, more of them cannot run at once:
// the OS has to switch between them, which it counts (involuntary context
// switches: taken off the CPU while still wanting it), and each switch costs
// a little time that the work does not get.
import { runPythonProgram, type PythonCommand } from '../../../child/python-driver'
import { parentPort } from 'node:worker_threads'
import os from 'node:os'
import { nameOsThread, ownContextSwitches } from '../../../child/measure'
import { delay } from '../../../shared/delay'
import { labThread } from '../../../child/lab-thread'
import { StartingGate } from '../../../child/sync/gate'
import type { Host } from '../../../child/scenario-host'
import { cpuWork } from '../../../child/work'
import type { PingPong, SwitchPoint, SwitchProgress, SwitchResult } from '../../../shared/scenarios/switch-cost'
import { switchCostMsg } from '../../../shared/i18n/scenarios/switch-cost'

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

interface PingData {
  readonly role: 'ping' | 'pong'
  readonly cell: SharedArrayBuffer
  readonly n: number
}

const self = labThread<SwitchData | PingData>('thread-switch-cost')
if (self && 'role' in self.data) {
  // Ping-pong: the cell counts turns; ping makes it odd, pong makes it even.
  // Each side sleeps in the kernel (Atomics.wait, a futex) until the other wakes it.
  const { role, n } = self.data
  const c = new Int32Array(self.data.cell)
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const [mine, theirs] = role === 'ping' ? [2 * i + 1, 2 * i + 2] : [2 * i + 2, 2 * i + 1]
    if (role === 'pong') waitFor(c, theirs)
    Atomics.store(c, 0, mine)
    Atomics.notify(c, 0)
    if (role === 'ping') waitFor(c, theirs)
  }
  if (role === 'ping') parentPort!.postMessage({ us: ((performance.now() - t0) * 1000) / n })
  self.set('done')
} else if (self) {
  const data = self.data as SwitchData
  const cells = new Int32Array(data.cells)
  warmUp()
  self.set('sleeping')
  new StartingGate(cells, READY, GO).arrive()
  self.set('running')
  parentPort!.postMessage({ share: doShare(data.steps) })
  self.set('done')
}

/** Sleeps until the cell holds `value`. */
function waitFor(c: Int32Array, value: number): void {
  for (let v = Atomics.load(c, 0); v !== value; v = Atomics.load(c, 0)) Atomics.wait(c, 0, v)
}

// ---- as a child process ----

if (!self && process.argv.includes('--pong-process')) {
  // The other end of the processes' ping-pong: every message straight back, over the IPC pipe.
  nameOsThread('pong')
  process.on('disconnect', () => process.exit(0))
  process.on('message', (m: number) => process.send!(m))
  process.send?.('ready')
}

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
  if (options.language === 'python') return drivePython(host, options)
  const kind = options.kind as SwitchResult['kind']
  const totalSteps = (options.workM as number) * 1_000_000
  const n = options.roundTrips as number
  const points: SwitchPoint[] = []
  host.live({ phase: switchCostMsg('live.pingThreads') })
  const threadsUs = await pingPongThreads(host, n)
  host.live({ phase: switchCostMsg('live.pingProcesses') })
  const processesUs = host.signal.aborted ? null : await pingPongProcesses(host, n)
  const pingPong: PingPong = { roundTrips: n, threadsUs, processesUs }
  const publish = (): void => host.live({ points: [...points], pingPong })
  publish()
  for (const count of counts(options.maxCount as number)) {
    if (host.signal.aborted) break
    host.live({ phase: switchCostMsg(kind === 'threads' ? 'live.sweepThreads' : 'live.sweepProcesses', { count }) })
    const steps = Math.floor(totalSteps / count)
    const p = kind === 'threads' ? await viaThreads(host, count, steps) : await viaProcesses(host, count, steps)
    if (!p) break
    points.push({ ...p, count, throughput: Math.round((steps * count) / 1000 / p.ms) })
    publish()
    await delay(200, host.signal)
  }
  return { language: 'node', kind, pingPong, totalSteps, cores: os.cpus().length, points }
}

const round1 = (n: number): number => Math.round(n * 10) / 10

/** Two worker threads hand a turn back and forth n times: microseconds per round trip. */
async function pingPongThreads(host: Host, n: number): Promise<number | null> {
  const cell = new SharedArrayBuffer(4)
  const ws = (['ping', 'pong'] as const).map((role) =>
    host.startThread('thread-switch-cost', role, { role, cell, n } satisfies PingData),
  )
  const us = new Promise<number | null>((resolve) => {
    ws[0].worker.once('message', (m: { us: number }) => resolve(m.us))
    void ws[0].exited.then(() => resolve(null))
  })
  const stop = (): void => ws.forEach((w) => void w.terminate())
  host.signal.addEventListener('abort', stop, { once: true })
  const result = await us
  await Promise.all(ws.map((w) => w.exited))
  host.signal.removeEventListener('abort', stop)
  return result === null ? null : round1(result)
}

/** This process and a child hand a message back and forth n times over their IPC pipe: microseconds per round trip. */
async function pingPongProcesses(host: Host, n: number): Promise<number | null> {
  const k = host.forkChild('thread-switch-cost', 'pong process', ['--pong-process'])
  const kill = (): void => void k.child.kill('SIGKILL')
  host.signal.addEventListener('abort', kill, { once: true })
  try {
    await new Promise<void>((resolve) => k.child.once('message', () => resolve()))
    const t0 = performance.now()
    for (let i = 0; i < n && !host.signal.aborted; i++) {
      await new Promise<void>((resolve) => {
        k.child.once('message', () => resolve())
        k.child.send(i)
      })
    }
    return host.signal.aborted ? null : round1(((performance.now() - t0) * 1000) / n)
  } finally {
    host.signal.removeEventListener('abort', kill)
    k.child.disconnect()
    await Promise.race([k.exited, delay(2000)])
    k.child.kill('SIGKILL')
  }
}

/**
 * The Python mode: src/python/switch_cost.py measures its own ping-pong
 * (threading.Semaphore between two threads, a pipe between two processes)
 * and sweeps the work over processes, reporting as it goes.
 */
async function drivePython(host: Host<SwitchProgress>, options: Record<string, unknown>): Promise<SwitchResult> {
  const points: SwitchPoint[] = []
  let pingPong: PingPong = { roundTrips: options.roundTrips as number, threadsUs: null, processesUs: null }
  const run = await runPythonProgram<Omit<SwitchResult, 'language'>>(
    host,
    options.python as PythonCommand,
    'switch_cost',
    options,
    {
      role: 'python3 switch_cost.py',
      stopSignal: 'SIGKILL',
      onMessage(raw) {
        const m = raw as PythonSwitchMessage
        if (m.type === 'live' && m.live) {
          const step = m.live.step
          host.live({
            phase:
              step === 'threads'
                ? switchCostMsg('live.pingThreads')
                : step === 'processes'
                  ? switchCostMsg('live.pingProcesses')
                  : switchCostMsg('live.sweepProcesses', { count: m.live.count ?? 0 }),
          })
        } else if (m.type === 'pingPong' && m.pingPong) {
          pingPong = m.pingPong
          host.live({ points: [...points], pingPong })
        } else if (m.type === 'point' && m.point) {
          points.push(m.point)
          host.live({ points: [...points], pingPong })
        }
      },
    },
  )
  return (
    (run.result && { ...run.result, language: 'python' }) ?? {
      language: 'python',
      kind: 'processes',
      pingPong,
      totalSteps: 0,
      cores: os.cpus().length,
      points,
    }
  )
}

type PythonSwitchMessage = {
  readonly type?: string
  readonly live?: { readonly step: 'threads' | 'processes' | 'sweep'; readonly count?: number }
  readonly pingPong?: PingPong
  readonly point?: SwitchPoint
  readonly result?: Omit<SwitchResult, 'language'>
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
    host.log(switchCostMsg('log.unreported', { n: shares.filter((s) => !s).length, count }), 'warn')
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
