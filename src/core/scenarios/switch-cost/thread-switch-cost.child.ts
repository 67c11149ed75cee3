// switch-cost (线程切换): first the cost of one switch, by ping-pong between
// two threads (Atomics.wait/notify: a futex, the nearest Node.js gets to the
// OS's bare wake-up and switch) and between two processes (Node.js IPC
// messages, process.send: what Node's own primitive costs, serialising
// included); then the same total work split over 1, 2, 4, ... threads or
// processes. Past the number of cores, more of them cannot run at once: the OS
// has to switch between them, which it counts (involuntary context switches:
// taken off the CPU while still wanting it), and each switch costs a little
// time that the work does not get. Far past it, creating and ending them costs
// more than the switches. Each point also measures the whole machine's CPU, so
// the verdicts can tell when other programs took the cores.
import { runPythonProgram, type PythonCommand } from '../../../child/python-driver'
import { parentPort } from 'node:worker_threads'
import os from 'node:os'
import { cpuPercent } from '../../../shared/procfs-parse'
import {
  cpuSecondsOf,
  machineWindow,
  nameOsThread,
  ownContextSwitches,
  ownCpuSeconds,
  ownThreadCpuMs,
} from '../../../child/measure'
import { delay } from '../../../shared/delay'
import { labThread } from '../../../child/lab-thread'
import { StartingGate } from '../../../child/sync/gate'
import type { Host } from '../../../child/scenario-host'
import { cpuWork } from '../../../child/work'
import type {
  PingPong,
  SwitchPoint,
  SwitchProgress,
  SwitchResult,
  Trip,
  TripId,
} from '../../../shared/scenarios/switch-cost'
import type { MachineWindow } from '../../../shared/machine-window'
import { switchCostMsg } from '../../../shared/i18n/scenarios/switch-cost'

/** A fixed amount of pure CPU work, the same whoever does it. */
const work = cpuWork

interface Share {
  readonly ms: number
  /** Null where the OS does not count a thread's switches. */
  readonly voluntary: number | null
  readonly involuntary: number | null
  readonly x: number
  /** CPU ms the work itself took (this thread's own), or null where the OS does not say. */
  readonly workCpuMs: number | null
  /** CPU seconds of the whole process (a child process's own, start included); 0 for a thread, whose host measures. */
  readonly cpuS: number
}

/** The sum, or null when any part could not be measured. */
function sumOrNull(xs: readonly (number | null)[]): number | null {
  return xs.some((x) => x === null) ? null : xs.reduce<number>((s, x) => s + (x ?? 0), 0)
}

function doShare(steps: number): Share {
  const s0 = ownContextSwitches()
  // A child process does nothing else meanwhile: its whole CPU is the work's where the OS has no per-thread count.
  const c0 = ownThreadCpuMs(!self)
  const t0 = performance.now()
  const x = work(steps)
  const ms = performance.now() - t0
  const c1 = ownThreadCpuMs(!self)
  const s1 = ownContextSwitches()
  const cpuS = self ? 0 : ownCpuSeconds()
  const workCpuMs = c0 === null || c1 === null ? null : c1 - c0
  if (!s0 || !s1) return { ms, voluntary: null, involuntary: null, x, cpuS, workCpuMs }
  return {
    ms,
    voluntary: s1.voluntary - s0.voluntary,
    involuntary: s1.involuntary - s0.involuntary,
    x,
    cpuS,
    workCpuMs,
  }
}

interface SwitchData {
  readonly cells: SharedArrayBuffer
  readonly steps: number
}

const READY = 0
const GO = 1

// ---- as a worker thread ----

/**
 * Compiles work() before the clock starts, so every share runs the same
 * machine code. Kept small (100k steps, well past where V8 optimises the
 * loop): it counts in the start, and 32 workers' warm-ups must not pass for
 * the cost of having 32 of them.
 */
function warmUp(): void {
  for (let i = 0; i < 5; i++) work(20_000)
}

interface PingData {
  readonly role: 'ping' | 'pong'
  readonly cell: SharedArrayBuffer
  readonly n: number
}

interface EchoData {
  readonly role: 'echo'
}

const self = labThread<SwitchData | PingData | EchoData>('thread-switch-cost')
if (self && 'role' in self.data && self.data.role === 'echo') {
  // The other end of the postMessage ping-pong: every message straight back to the main thread.
  self.set('sleeping')
  parentPort!.on('message', (m: number) => {
    if (m < 0) {
      self.set('done')
      parentPort!.close()
    } else parentPort!.postMessage(m)
  })
} else if (self && 'role' in self.data) {
  // Ping-pong: the cell counts turns; ping makes it odd, pong makes it even.
  // Each side sleeps in the kernel (Atomics.wait, a futex) until the other wakes it.
  const { role, n, cell } = self.data as PingData
  const c = new Int32Array(cell)
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
  const trips: Trip[] = []
  for (const [id, measure] of [
    ['atomics', pingPongThreads],
    ['workerMessage', pingPongMessages],
    ['nodeIpc', pingPongProcesses],
  ] as const) {
    if (host.signal.aborted) break
    host.live({ phase: switchCostMsg('live.ping', { trip: switchCostMsg(`trip.${id}`) }) })
    const machine = machineWindow()
    const cpu0 = ownCpuSeconds()
    const t0 = performance.now()
    const { us, otherEndS } = await measure(host, n)
    const ours =
      otherEndS === null ? null : cpuPercent(ownCpuSeconds() - cpu0 + otherEndS, (performance.now() - t0) / 1000)
    trips.push({ id, us, machine: { machine: machine(), ours } })
  }
  const pingPong: PingPong = { roundTrips: n, raw: 'atomics', trips }
  const publish = (): void => host.live({ points: [...points], pingPong })
  publish()
  for (const count of counts(options.maxCount as number)) {
    if (host.signal.aborted) break
    host.live({ phase: switchCostMsg(kind === 'threads' ? 'live.sweepThreads' : 'live.sweepProcesses', { count }) })
    const steps = Math.floor(totalSteps / count)
    const p = kind === 'threads' ? await viaThreads(host, count, steps) : await viaProcesses(host, count, steps)
    if (!p) break
    const { wholeMs, ...measured } = p
    points.push({
      ...measured,
      count,
      throughput: Math.round((steps * count) / 1000 / p.ms),
      overall: Math.round((steps * count) / 1000 / wholeMs),
    })
    publish()
    await delay(200, host.signal)
  }
  return { language: 'node', kind, pingPong, totalSteps, cores: os.cpus().length, points }
}

const round1 = (n: number): number => Math.round(n * 10) / 10

/**
 * A ping-pong's microseconds per round trip, and the CPU seconds of its other
 * end when that is another process (0 for threads, which this process's own
 * CPU counts; null when the OS does not say).
 */
interface Measured1 {
  readonly us: number | null
  readonly otherEndS: number | null
}

/** Two worker threads hand a turn back and forth n times: microseconds per round trip. */
async function pingPongThreads(host: Host, n: number): Promise<Measured1> {
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
  return { us: result === null ? null : round1(result), otherEndS: 0 }
}

/** The main thread and a worker thread hand a message back and forth n times (postMessage): microseconds per round trip. */
async function pingPongMessages(host: Host, n: number): Promise<Measured1> {
  const w = host.startThread('thread-switch-cost', 'echo', { role: 'echo' } satisfies EchoData)
  const stop = (): void => void w.terminate()
  host.signal.addEventListener('abort', stop, { once: true })
  try {
    const next = (i: number): Promise<void> =>
      new Promise<void>((resolve) => {
        w.worker.once('message', () => resolve())
        w.worker.postMessage(i)
      })
    await next(0) // the worker is up and listening before the clock starts
    const t0 = performance.now()
    for (let i = 1; i <= n && !host.signal.aborted; i++) await next(i)
    return { us: host.signal.aborted ? null : round1(((performance.now() - t0) * 1000) / n), otherEndS: 0 }
  } finally {
    host.signal.removeEventListener('abort', stop)
    w.worker.postMessage(-1)
    await Promise.race([w.exited, delay(2000)])
    void w.terminate()
  }
}

/** This process and a child hand a message back and forth n times over their IPC pipe: microseconds per round trip. */
async function pingPongProcesses(host: Host, n: number): Promise<Measured1> {
  const k = host.forkChild('thread-switch-cost', 'pong process', ['--pong-process'])
  const kill = (): void => void k.child.kill('SIGKILL')
  host.signal.addEventListener('abort', kill, { once: true })
  try {
    await new Promise<void>((resolve) => k.child.once('message', () => resolve()))
    const other0 = cpuSecondsOf(k.pid)
    const t0 = performance.now()
    for (let i = 0; i < n && !host.signal.aborted; i++) {
      await new Promise<void>((resolve) => {
        k.child.once('message', () => resolve())
        k.child.send(i)
      })
    }
    const us = host.signal.aborted ? null : round1(((performance.now() - t0) * 1000) / n)
    const other1 = cpuSecondsOf(k.pid)
    return { us, otherEndS: other0 === null || other1 === null ? null : other1 - other0 }
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
  let pingPong: PingPong = { roundTrips: options.roundTrips as number, raw: 'rawPipe', trips: [] }
  // The machine over each ping-pong and each point, from the program's "starting" to
  // the next step or the point: its own CPU the program measures itself.
  let window: (() => number) | undefined
  const tripMachine: number[] = []
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
          // A new step closes the previous ping-pong's window (the last one closes at the pingPong report).
          if (window && step !== 'sweep') tripMachine.push(window())
          window = machineWindow()
          host.live({
            phase:
              step === 'sweep'
                ? switchCostMsg('live.sweepProcesses', { count: m.live.count ?? 0 })
                : switchCostMsg('live.ping', { trip: switchCostMsg(`trip.${PY_TRIPS[step]}`) }),
          })
        } else if (m.type === 'pingPong' && m.pingPong) {
          if (window) tripMachine.push(window())
          window = undefined
          const trips = m.pingPong.trips.map(({ oursCpu, ...t }, i) => ({
            ...t,
            machine: tripMachine[i] === undefined ? null : { machine: tripMachine[i], ours: oursCpu ?? null },
          }))
          pingPong = { ...m.pingPong, trips }
          host.live({ points: [...points], pingPong })
        } else if (m.type === 'point' && m.point) {
          const { oursCpu, ...p } = m.point
          const machine: MachineWindow | null = window ? { machine: window(), ours: oursCpu ?? null } : null
          window = undefined
          points.push({ ...p, machine })
          host.live({ points: [...points], pingPong })
        }
      },
    },
  )
  // The result's points are the ones reported one by one, with the machine measured here.
  return (
    (run.result && { ...run.result, pingPong, points, language: 'python' }) ?? {
      language: 'python',
      kind: 'processes',
      pingPong,
      totalSteps: 0,
      cores: os.cpus().length,
      points,
    }
  )
}

/** The Python program's ping-pong steps, and the trip each measures. */
const PY_TRIPS: Record<'raw' | 'threads' | 'processes', TripId> = {
  raw: 'rawPipe',
  threads: 'pySemaphore',
  processes: 'mpPipe',
}

type PythonSwitchMessage = {
  readonly type?: string
  readonly live?: { readonly step: 'raw' | 'threads' | 'processes' | 'sweep'; readonly count?: number }
  readonly pingPong?: Omit<PingPong, 'trips'> & {
    readonly trips: readonly (Omit<Trip, 'machine'> & { readonly oursCpu?: number | null })[]
  }
  /** A point, with its own CPU (this process and its children, getrusage; null on Windows) in place of the machine. */
  readonly point?: Omit<SwitchPoint, 'machine'> & { readonly oursCpu?: number | null }
  readonly result?: Omit<SwitchResult, 'language'>
}

type Measured = Omit<SwitchPoint, 'count' | 'throughput' | 'overall'> & { readonly wholeMs: number }

async function viaThreads(host: Host, count: number, steps: number): Promise<Measured | undefined> {
  const cells = new SharedArrayBuffer(8)
  const c = new Int32Array(cells)
  const machine = machineWindow()
  const cpu0 = ownCpuSeconds()
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
  const wholeMs = performance.now() - t0
  // The threads run in this process: its CPU over the point is theirs (and the little the main thread adds).
  const window = { machine: machine(), ours: cpuPercent(ownCpuSeconds() - cpu0, wholeMs / 1000) }
  host.signal.removeEventListener('abort', stop)
  if (host.signal.aborted || shares.length < count) return undefined
  return total(shares, ms, startMs, wholeMs, window)
}

async function viaProcesses(host: Host, count: number, steps: number): Promise<Measured | undefined> {
  const machine = machineWindow()
  const cpu0 = ownCpuSeconds()
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
  const wholeMs = performance.now() - t0
  host.signal.removeEventListener('abort', kill)
  if (host.signal.aborted) return undefined
  if (shares.some((s) => !s)) {
    host.log(switchCostMsg('log.unreported', { n: shares.filter((s) => !s).length, count }), 'warn')
    return undefined
  }
  // Ours: each child's own CPU as it reported it at the end (its start included), and this host's (forking them).
  const kidsS = (shares as Share[]).reduce((s, x) => s + x.cpuS, 0)
  const window = { machine: machine(), ours: cpuPercent(kidsS + ownCpuSeconds() - cpu0, wholeMs / 1000) }
  return total(shares as Share[], ms, startMs, wholeMs, window)
}

function total(
  shares: readonly Share[],
  ms: number,
  startMs: number,
  wholeMs: number,
  machine: MachineWindow,
): Measured {
  return {
    ms: Math.round(ms),
    startMs: Math.round(startMs),
    wholeMs,
    voluntary: sumOrNull(shares.map((x) => x.voluntary)),
    involuntary: sumOrNull(shares.map((x) => x.involuntary)),
    workCpuMs: sumOrNull(shares.map((x) => x.workCpuMs)),
    machine,
  }
}
