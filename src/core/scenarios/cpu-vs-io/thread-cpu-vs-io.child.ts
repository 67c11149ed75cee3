// cpu-vs-io (计算密集型 vs IO密集型): how many tasks at once is worth it?
// CPU-bound tasks (pure computation, one worker thread each) stop getting
// faster at the core count: there is nothing left to run them on. I/O-bound
// tasks (requests to a loopback server that answers after a delay, like a
// disk or a remote service) spend their time waiting, so more of them at once
// keep finishing more per second, and hardly use the CPU.
import { runPythonProgram, type PythonCommand } from '../../../child/python-driver'
import net from 'node:net'
import os from 'node:os'
import { parentPort } from 'node:worker_threads'
import { machineWindow, ownCpuSeconds } from '../../../child/measure'
import { delay } from '../../../shared/delay'
import { labThread } from '../../../child/lab-thread'
import type { Host } from '../../../child/scenario-host'
import { cpuWork } from '../../../child/work'
import { cpuPercent } from '../../../shared/procfs-parse'
import type { LoopRates, SweepPoint, SweepProgress, SweepResult } from '../../../shared/scenarios/cpu-vs-io'
import type { MachineWindow } from '../../../shared/machine-window'
import { cpuVsIoMsg } from '../../../shared/i18n/scenarios/cpu-vs-io'

const GEN = 0
const ACTIVE = 1
const DONE = 2
const STOP = 3
const ACKS = 4

/** One CPU-bound task: a fixed amount of arithmetic, a few milliseconds. */
const cpuTask = cpuWork

interface PoolData {
  readonly role: 'cpu'
  readonly index: number
  readonly cells: SharedArrayBuffer
  readonly steps: number
}

interface ServerData {
  readonly role: 'io-server'
  readonly delayMs: number
}

// ---- the threads ----

const self = labThread<PoolData | ServerData>('thread-cpu-vs-io')
if (self?.data.role === 'cpu') {
  // A pool thread: sleeps until a level starts; if it is one of the active
  // ones, runs tasks until the level ends.
  const { index, steps } = self.data
  const c = new Int32Array(self.data.cells)
  let gen = 0
  cpuTask(steps) // compile before the first level
  for (;;) {
    self.set('sleeping')
    Atomics.wait(c, GEN, gen)
    gen = Atomics.load(c, GEN)
    if (gen < 0) break
    if (index < Atomics.load(c, ACTIVE)) {
      self.set('running')
      while (Atomics.load(c, STOP) !== gen) {
        cpuTask(steps)
        Atomics.add(c, DONE, 1)
      }
    }
    Atomics.add(c, ACKS, 1)
    Atomics.notify(c, ACKS)
  }
  self.set('done')
} else if (self?.data.role === 'io-server') {
  // The slow service: answers each line after delayMs, many at once.
  const { delayMs } = self.data
  const server = net.createServer((sock) => {
    sock.setNoDelay(true)
    sock.on('error', () => {})
    sock.on('data', (buf) => {
      for (let i = 0; i < buf.length; i++)
        if (buf[i] === 10) setTimeout(() => sock.writable && sock.write('.\n'), delayMs)
    })
  })
  server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as net.AddressInfo).port }))
  self.set('blocked-io')
  parentPort!.on('message', (m) => {
    if (m !== 'close') return
    self.set('done')
    server.close(() => process.exit(0))
  })
}

// ---- the host's main thread ----

export function levels(max: number): number[] {
  const out: number[] = []
  for (let c = 1; c < max; c *= 2) out.push(c)
  out.push(max)
  return out
}

async function window<T>(
  ms: number,
  signal: AbortSignal,
  during: () => Promise<T>,
): Promise<{ value: T; cpu: number; seconds: number; machine: MachineWindow }> {
  const machine = machineWindow()
  const t0 = performance.now()
  const cpu0 = ownCpuSeconds()
  const value = await during()
  const seconds = (performance.now() - t0) / 1000
  const cpu = signal.aborted ? 0 : cpuPercent(ownCpuSeconds() - cpu0, seconds)
  return { value, seconds, cpu, machine: { machine: machine(), ours: cpu } }
}

export async function drive(host: Host<SweepProgress>, options: Record<string, unknown>): Promise<SweepResult> {
  if (options.language === 'python') return drivePython(host, options)
  const max = options.maxConcurrency as number
  const levelMs = options.levelMs as number
  const ioDelayMs = options.ioDelayMs as number
  const steps = (options.taskK as number) * 1000
  const cpu: SweepPoint[] = []
  const io: SweepPoint[] = []
  const publish = (): void => host.live({ cpuPoints: [...cpu], ioPoints: [...io], processPoints: [] })

  // CPU-bound: a pool of `max` threads, `k` of them busy at each level.
  const cells = new SharedArrayBuffer(4 * 5)
  const c = new Int32Array(cells)
  const pool = Array.from({ length: max }, (_, index) =>
    host.startThread('thread-cpu-vs-io', `cpu-${index + 1}`, { role: 'cpu', index, cells, steps } satisfies PoolData),
  )
  const endPool = (): void => {
    Atomics.store(c, GEN, -1)
    Atomics.notify(c, GEN)
  }
  host.signal.addEventListener('abort', endPool, { once: true })
  while (pool.some((w) => host.table.read(w.slot).state !== 'sleeping') && !host.signal.aborted) await delay(10)
  for (const k of levels(max)) {
    if (host.signal.aborted) break
    host.live({ phase: cpuVsIoMsg('live.cpu', { k }) })
    Atomics.store(c, ACTIVE, k)
    Atomics.store(c, DONE, 0)
    Atomics.store(c, ACKS, 0)
    const m = await window(levelMs, host.signal, async () => {
      Atomics.add(c, GEN, 1)
      Atomics.notify(c, GEN)
      await delay(levelMs, host.signal)
      // Count what finished inside the window; tasks still running are not counted.
      const done = Atomics.load(c, DONE)
      Atomics.store(c, STOP, Atomics.load(c, GEN))
      return done
    })
    while (Atomics.load(c, ACKS) < max && !host.signal.aborted) await delay(2)
    cpu.push({ concurrency: k, perSecond: Math.round(m.value / (levelMs / 1000)), cpu: m.cpu, machine: m.machine })
    publish()
  }
  endPool()
  await Promise.all(pool.map((w) => w.exited))
  host.signal.removeEventListener('abort', endPool)

  // I/O-bound: k requests in flight at a time against the slow loopback server.
  if (!host.signal.aborted) {
    const server = host.startThread('thread-cpu-vs-io', 'io-server', {
      role: 'io-server',
      delayMs: ioDelayMs,
    } satisfies ServerData)
    const port = await new Promise<number>((r) => server.worker.once('message', (m: { port: number }) => r(m.port)))
    for (const k of levels(max)) {
      if (host.signal.aborted) break
      host.live({ phase: cpuVsIoMsg('live.io', { k }) })
      const socks = await Promise.all(Array.from({ length: k }, () => connect(port)))
      let done = 0
      let open = true
      const m = await window(levelMs, host.signal, async () => {
        const clients = socks.map(async (s) => {
          while (open) {
            await request(s)
            if (open) done++
          }
        })
        await delay(levelMs, host.signal)
        const counted = done
        open = false
        await Promise.all(clients)
        return counted
      })
      for (const s of socks) s.destroy()
      io.push({ concurrency: k, perSecond: Math.round(m.value / (levelMs / 1000)), cpu: m.cpu, machine: m.machine })
      publish()
    }
    server.worker.postMessage('close')
    await Promise.race([server.exited, delay(2000)])
  }
  return { language: 'node', cores: os.cpus().length, levelMs, ioDelayMs, cpu, io, processes: [], loopRates: null }
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s))
    s.setNoDelay(true)
    s.once('error', reject)
  })
}

function request(s: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      s.off('data', done)
      s.off('close', done)
      resolve()
    }
    s.once('data', done)
    s.once('close', done)
    s.write('?\n')
  })
}

/** Steps of cpuWork per second on this thread, timed over about `ms`: V8's side of the Python comparison. */
function nodeLoopRate(ms = 300): number {
  const steps = 1_000_000
  cpuWork(steps) // compiled before the clock starts
  let done = 0
  const t0 = performance.now()
  while (performance.now() - t0 < ms) {
    cpuWork(steps)
    done += steps
  }
  return Math.round(done / ((performance.now() - t0) / 1000))
}

/**
 * The Python mode: src/python/cpu_vs_io.py runs the same sweep with Python
 * threads, then the CPU-bound tasks with processes, and reports each level as
 * it finishes. Each level's window over the whole machine is measured here,
 * from the program's "level k starts" to its point (its own CPU it measures
 * itself), so the verdicts can tell when other programs took the cores.
 */
async function drivePython(host: Host<SweepProgress>, options: Record<string, unknown>): Promise<SweepResult> {
  const cpu: SweepPoint[] = []
  const io: SweepPoint[] = []
  const processes: SweepPoint[] = []
  const node = nodeLoopRate()
  let python: number | undefined
  let window: (() => number) | undefined
  const run = await runPythonProgram<Omit<SweepResult, 'language' | 'loopRates'> & { readonly pythonRate?: number }>(
    host,
    options.python as PythonCommand,
    'cpu_vs_io',
    options,
    {
      role: 'python3 cpu_vs_io.py',
      stopSignal: 'SIGKILL',
      onMessage(raw) {
        const m = raw as PythonSweepMessage
        if (m.type === 'live' && m.live) {
          window = machineWindow()
          host.live({ phase: cpuVsIoMsg(`live.${m.live.kind}`, { k: m.live.concurrency }) })
        } else if (m.type === 'loopRate' && typeof m.rate === 'number') {
          python = m.rate
        } else if (m.type === 'point' && m.point) {
          const machine = window ? { machine: window(), ours: m.point.cpu } : null
          window = undefined
          ;(m.kind === 'io' ? io : m.kind === 'processes' ? processes : cpu).push({ ...m.point, machine })
          host.live({ cpuPoints: [...cpu], ioPoints: [...io], processPoints: [...processes] })
        }
      },
    },
  )
  const loopRates: LoopRates | null = python ? { python, node } : null
  if (!run.result)
    return { language: 'python', cores: os.cpus().length, levelMs: 0, ioDelayMs: 0, cpu, io, processes, loopRates }
  // The points as reported one by one, with the machine measured here.
  const { pythonRate: _, ...result } = run.result
  return { ...result, cpu, io, processes, loopRates, language: 'python' }
}

type PythonSweepMessage = {
  readonly type?: string
  readonly live?: { readonly kind: 'cpu' | 'io' | 'processes'; readonly concurrency: number }
  readonly kind?: 'cpu' | 'io' | 'processes'
  readonly point?: SweepPoint
  readonly rate?: number
  readonly result?: Omit<SweepResult, 'language'>
}
