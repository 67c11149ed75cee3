// spin (多核CPU / GIL): N busy loops, three ways, in Node.js or in Python.
// Node.js: as worker threads they run in parallel, one per core; as child
// processes, likewise; as tasks on one event loop they take turns on a single
// thread and never use more than one core. Python (src/python/spin.py, the
// tutorial's own loop): as threads they share one GIL and use about one core
// however many there are; as processes, each with its own GIL, they fill the
// cores — the tutorial's remedy. The CPU is the OS's count either way.
import os from 'node:os'
import { cpuSecondsOf, nameOsThread, ownCpuSeconds } from '../../../child/measure'
import { delay } from '../../../shared/delay'
import { labThread } from '../../../child/lab-thread'
import type { Host } from '../../../child/scenario-host'
import { tick } from '../../../child/work'
import { cpuPercent } from '../../../shared/procfs-parse'
import type { SpinLanguage, SpinMode, SpinPhase, SpinProgress, SpinResult } from '../../../shared/scenarios/spin'
import { spinMsg } from '../../../shared/i18n/scenarios/spin'

interface SpinData {
  readonly stop: SharedArrayBuffer
}

/** The seed's loop(): x = x ^ 1 for ever, here in slices so a stop request is seen. */
function spinSlice(ms: number): number {
  let x = 0
  const end = Date.now() + ms
  while (Date.now() < end) for (let i = 0; i < 100_000; i++) x = x ^ 1
  return x
}

// ---- as a worker thread ----

const self = labThread<SpinData>('thread-spin')
if (self) {
  const stop = new Int32Array(self.data.stop)
  while (Atomics.load(stop, 0) === 0) {
    spinSlice(20)
    self.table.addProgress(self.slot)
  }
  self.set('done')
}

// ---- as a child process ----

if (!self && process.argv.includes('--spin-process')) {
  nameOsThread(process.argv[process.argv.indexOf('--spin-process') + 1] ?? 'spin')
  let stopping = false
  process.on('message', (m: string) => void (stopping ||= m === 'stop'))
  process.on('disconnect', () => process.exit(0))
  process.send?.('ready')
  const spin = (): void => {
    if (stopping) return process.exit(0)
    spinSlice(20)
    setImmediate(spin) // lets the stop message in
  }
  spin()
}

// ---- the host's main thread ----

/** CPU seconds of a set of processes so far: our own portably, others' where the OS lets us read them. */
function cpuSecondsOfAll(pids: readonly number[]): number | null {
  let sum = 0
  for (const p of pids) {
    const s = p === process.pid ? ownCpuSeconds() : cpuSecondsOf(p)
    if (s === null) return null
    sum += s
  }
  return sum
}

function coreTimes(): { busy: number; total: number }[] {
  return os.cpus().map(({ times: t }) => {
    const busy = t.user + t.nice + t.sys + t.irq
    return { busy, total: busy + t.idle }
  })
}

/** Measures CPU of `pids` and every core over `ms`, from the kernel's counters. */
async function measure(
  pids: readonly number[],
  ms: number,
  signal: AbortSignal,
): Promise<{ cpu: number | null; perCore: number[]; windowMs: number }> {
  const c0 = coreTimes()
  const t0 = performance.now()
  const before = cpuSecondsOfAll(pids)
  await delay(ms, signal)
  const after = cpuSecondsOfAll(pids)
  const windowMs = performance.now() - t0
  const perCore = coreTimes().map((t, i) => {
    const total = t.total - (c0[i]?.total ?? t.total)
    return total > 0 ? Math.round(((t.busy - c0[i].busy) / total) * 1000) / 10 : 0
  })
  const cpu = before === null || after === null ? null : cpuPercent(after - before, windowMs / 1000)
  return { cpu, perCore, windowMs: Math.round(windowMs) }
}

type Python = { readonly file: string; readonly args: readonly string[] }

export async function drive(host: Host<SpinProgress>, options: Record<string, unknown>): Promise<SpinResult> {
  const count = options.count as number
  const ms = (options.durationS as number) * 1000
  const language = options.language as SpinLanguage
  // Found by the core's platform layer (the interpreter itself, never a launcher or Apple's stub); the core runs no Python mode without it.
  const python = options.python as Python | undefined
  const wanted = (options.mode === 'all' ? ['threads', 'processes', 'event-loop'] : [options.mode]) as SpinMode[]
  const phases: SpinPhase[] = []
  for (const mode of wanted) {
    if (host.signal.aborted) break
    host.live({ phase: spinMsg(`live.${language}.${mode}`, { count }) })
    const phase =
      language === 'python' && python
        ? await pythonPhase(host, python, mode, count, ms)
        : await PHASES[mode](host, count, ms)
    if (phase) {
      phases.push(phase)
      host.live({ phases: [...phases] })
    }
    await delay(300, host.signal) // let the cores settle between modes
  }
  return { language, cores: os.cpus().length, phases }
}

/**
 * One way of src/python/spin.py: it starts the loops and says which processes
 * spin; the CPU of those is measured here, by the OS's count; then SIGTERM
 * ends it (and, through multiprocessing's daemon flag, its processes).
 */
async function pythonPhase(
  host: Host,
  python: Python,
  mode: SpinMode,
  count: number,
  ms: number,
): Promise<SpinPhase | undefined> {
  const c = host.spawnPython(python, 'spin', { mode, count, seconds: ms / 1000 + 5 }, `python3 spin.py (${mode})`)
  const spinning = new Promise<number[] | undefined>((resolve) => {
    c.onMessage((raw) => {
      const m = raw as { type?: string; pids?: number[] } | null
      if (m?.type === 'spinning') resolve(m.pids)
    })
    void c.exited.then(() => resolve(undefined))
  })
  try {
    const pids = await Promise.race([spinning, delay(20_000, host.signal).then(() => undefined)])
    if (!pids || host.signal.aborted) return undefined
    await delay(200, host.signal) // every loop under way
    const m = await measure(pids, ms, host.signal)
    return host.signal.aborted ? undefined : { mode, count, ...m, pids }
  } finally {
    // Asked on its stdin first: spin.py then ends its processes itself. Then the
    // whole tree through the core: on Windows a signal would end python.exe alone.
    c.send({ type: 'stop' })
    await Promise.race([c.exited, delay(2000)])
    await host.stopTree(c)
  }
}

type PhaseRunner = (host: Host, count: number, ms: number) => Promise<SpinPhase | undefined>

const PHASES: Record<SpinMode, PhaseRunner> = {
  async threads(host, count, ms) {
    const stop = new SharedArrayBuffer(4)
    const ws = Array.from({ length: count }, (_, i) =>
      host.startThread('thread-spin', `spin-${i + 1}`, { stop } satisfies SpinData),
    )
    const end = (): void => {
      Atomics.store(new Int32Array(stop), 0, 1)
    }
    host.signal.addEventListener('abort', end, { once: true })
    // Measure once every loop is spinning, not while threads start.
    while (ws.some((w) => host.table.read(w.slot).progress === 0) && !host.signal.aborted) await delay(20)
    const m = await measure([process.pid], ms, host.signal)
    end()
    await Promise.all(ws.map((w) => w.exited))
    host.signal.removeEventListener('abort', end)
    return host.signal.aborted ? undefined : { mode: 'threads', count, ...m, pids: [process.pid] }
  },

  async processes(host, count, ms) {
    const kids = Array.from({ length: count }, (_, i) => {
      const name = `spin-proc-${i + 1}`
      const c = host.forkChild('thread-spin', `spin process ${i + 1}`, ['--spin-process', name])
      const ready = new Promise<void>((r) => c.child.once('message', () => r()))
      return { c, ready, name }
    })
    await Promise.race([Promise.all(kids.map((k) => k.ready)), delay(30_000, host.signal)])
    for (const k of kids) host.addRemoteThread(k.name, k.c.pid)
    await delay(100, host.signal)
    const pids = kids.map((k) => k.c.pid)
    const m = await measure(pids, ms, host.signal)
    for (const k of kids) if (k.c.child.connected) k.c.child.send('stop')
    await Promise.race([Promise.all(kids.map((k) => k.c.exited)), delay(3000)])
    for (const k of kids) k.c.child.kill('SIGKILL')
    return host.signal.aborted ? undefined : { mode: 'processes', count, ...m, pids }
  },

  async 'event-loop'(host, count, ms) {
    // N tasks on this one thread: each spins a slice, then yields to the next.
    let running = true
    const task = async (): Promise<void> => {
      while (running && !host.signal.aborted) {
        spinSlice(10)
        await tick()
      }
    }
    const tasks = Array.from({ length: count }, task)
    // The measuring timer fires between slices: the loop is shared with it too.
    const m = await measure([process.pid], ms, host.signal)
    running = false
    await Promise.all(tasks)
    return host.signal.aborted ? undefined : { mode: 'event-loop', count, ...m, pids: [process.pid] }
  },
}
