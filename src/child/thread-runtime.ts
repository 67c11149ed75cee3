// What runs inside the scenario host process and its worker threads: the
// host's side of the IPC protocol with the core, the thread table every lab
// thread reports into, and the small helpers each thread body uses. It never
// runs in ProcLab's own process: the core talks to it through thread-kit.ts.
import { fork, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { entry, threadWorker } from './entries'
import { LockTable } from './sync/mutex'
import { ThreadTable, type LabThreadState } from './sync/thread-table'

// ---- the protocol (core <-> host) ----

export type ToHost =
  | {
      readonly type: 'start'
      readonly driver: string
      readonly options: Record<string, unknown>
      /** From source only: each thread entry bundled to JavaScript (see newWorker). */
      readonly bundles?: Readonly<Record<string, string>>
    }
  | { readonly type: 'action'; readonly action: string; readonly options: Record<string, unknown> }
  | { readonly type: 'stop' }

export interface HostThread {
  readonly slot: number
  readonly name: string
  readonly pid: number
  readonly tid: number
  readonly state: LabThreadState
  /** Lock index ('waiting') or thread slot ('joining'), else -1. */
  readonly arg: number
  readonly progress: number
  readonly since: number
}

export interface HostLock {
  readonly index: number
  readonly name: string
  /** Slot of the owning thread, -1 when free. */
  readonly owner: number
}

export type FromHost =
  | { readonly type: 'table'; readonly at: number; readonly threads: readonly HostThread[]; readonly locks: readonly HostLock[] }
  | { readonly type: 'live'; readonly live: Record<string, unknown> }
  | { readonly type: 'child'; readonly pid: number; readonly role: string }
  | { readonly type: 'child-exit'; readonly pid: number; readonly code: number | null; readonly signal: string | null }
  | { readonly type: 'log'; readonly text: string; readonly level: 'info' | 'warn' | 'error' }
  | { readonly type: 'result'; readonly result: unknown }
  | { readonly type: 'error'; readonly message: string }

// ---- inside a thread ----

/** The OS's id for the calling thread (Linux), 0 elsewhere. */
export function osThreadId(): number {
  try {
    return Number(fs.readFileSync('/proc/thread-self/stat', 'latin1').split(' ', 1)[0]) || 0
  } catch {
    return 0
  }
}

/**
 * Gives the calling OS thread a name (Linux keeps 15 bytes), so htop, ps -L
 * and ProcLab's own thread list show "LoopThread" rather than "node".
 */
export function nameOsThread(name: string): void {
  try {
    fs.writeFileSync('/proc/thread-self/comm', name.slice(0, 15))
  } catch {
    // Not Linux, or not allowed: the name is cosmetic.
  }
}

const napBuffer = new Int32Array(new SharedArrayBuffer(4))

/** Blocks this thread (not just its event loop), as time.sleep() does in the seed. */
export function sleepBlocking(ms: number): void {
  Atomics.wait(napBuffer, 0, 0, ms)
}

/** Reads this thread's context switch counts from /proc (Linux). */
export function ownContextSwitches(): { voluntary: number; involuntary: number } {
  try {
    const s = fs.readFileSync('/proc/thread-self/status', 'latin1')
    const num = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0)
    return { voluntary: num('voluntary_ctxt_switches'), involuntary: num('nonvoluntary_ctxt_switches') }
  } catch {
    return { voluntary: 0, involuntary: 0 }
  }
}

interface ThreadInit {
  readonly entry: string
  readonly slot: number
  readonly name: string
  readonly table: SharedArrayBuffer
  readonly locks?: SharedArrayBuffer
  readonly data: unknown
}

export interface LabThreadSelf<D> {
  readonly slot: number
  readonly name: string
  readonly table: ThreadTable
  readonly locks?: LockTable
  readonly data: D
  set(state: LabThreadState, arg?: number): void
  /** Prints like the seed's print(): a line on the process's stdout, which every thread shares. */
  print(text: string): void
}

export interface PrintedLine {
  readonly thread: string
  readonly text: string
  readonly at: number
}

/**
 * Writes straight to file descriptor 1. A worker's process.stdout is relayed
 * through its own event loop, which does not turn while the thread sleeps or
 * waits for a lock, so its lines would arrive in a burst at the end; the
 * descriptor, like every descriptor, belongs to the whole process.
 */
function writeLine(text: string): void {
  try {
    fs.writeSync(1, `${text}\n`)
  } catch {
    process.stdout.write(`${text}\n`)
  }
}

/**
 * The context of a lab thread started for `entryName`, or null when this
 * module was loaded some other way (by the host's main thread, or in another
 * entry's thread). Registers the OS thread id and name in the table.
 */
export function labThread<D>(entryName: string): LabThreadSelf<D> | null {
  if (isMainThread) return null
  const init = workerData as ThreadInit | null
  if (!init || init.entry !== entryName) return null
  const table = new ThreadTable(init.table)
  nameOsThread(init.name)
  table.setTid(init.slot, osThreadId())
  table.set(init.slot, 'running')
  return {
    slot: init.slot,
    name: init.name,
    table,
    locks: init.locks ? new LockTable(init.locks) : undefined,
    data: init.data as D,
    set: (state, arg) => table.set(init.slot, state, arg),
    print: (text) => {
      writeLine(text)
      parentPort?.postMessage({ labPrint: text, at: Date.now() })
    },
  }
}

// ---- the host's main thread ----

const MAX_SLOTS = 520
const MAX_LINES = 5000
const TABLE_EVERY_MS = 100
const TABLE_HEARTBEAT_MS = 1000

export interface LabWorker {
  readonly slot: number
  readonly name: string
  readonly worker: Worker
  /** Resolves with the exit code when the thread has ended, however it ended. */
  readonly exited: Promise<number>
  /** Waits for the thread as the seed's t.join() does, recording that in the table. */
  join(): Promise<number>
  terminate(): Promise<void>
}

export interface HostChild {
  readonly pid: number
  readonly role: string
  readonly child: ChildProcess
  readonly exited: Promise<{ code: number | null; signal: string | null }>
}

export type Driver = (host: Host, options: Record<string, unknown>) => Promise<unknown>

/**
 * The host side of a run: one per host process. Drivers (one per scenario)
 * start threads and children through it, and it reports them to the core.
 */
export class Host {
  readonly table = ThreadTable.create(MAX_SLOTS)
  locks: LockTable = LockTable.create(1)
  lockNames: string[] = []
  /** Every line printed by a lab thread, in order (the first few thousand). */
  readonly lines: PrintedLine[] = []
  private readonly names: string[] = ['MainThread']
  private readonly pids: number[] = [process.pid]
  private readonly workers = new Set<LabWorker>()
  private readonly children = new Set<HostChild>()
  private readonly abort = new AbortController()
  private lastSig = ''
  private lastSent = 0
  private timer: NodeJS.Timeout | undefined
  private actionHandler: ((action: string, options: Record<string, unknown>) => Promise<void> | void) | undefined

  constructor(private readonly sendRaw: (m: FromHost) => void) {
    nameOsThread('MainThread')
    this.table.setTid(0, osThreadId() || process.pid)
    this.table.set(0, 'running')
    this.timer = setInterval(() => this.publish(), TABLE_EVERY_MS)
    this.timer.unref()
  }

  /** Aborted when the user stops the run. */
  get signal(): AbortSignal {
    return this.abort.signal
  }

  stop(): void {
    this.abort.abort()
  }

  send(m: FromHost): void {
    this.sendRaw(m)
  }

  log(text: string, level: 'info' | 'warn' | 'error' = 'info'): void {
    this.sendRaw({ type: 'log', text, level })
  }

  /** Scenario-specific live data (phase, charts), merged into the run's live state by the core. */
  live(live: Record<string, unknown>): void {
    this.sendRaw({ type: 'live', live })
  }

  /** The main thread's print(). */
  print(text: string): void {
    writeLine(text)
    this.record('MainThread', text, Date.now())
  }

  private record(thread: string, text: string, at: number): void {
    if (this.lines.length < MAX_LINES) this.lines.push({ thread, text, at })
  }

  /** The main thread's own state in the table. */
  setMain(state: LabThreadState, arg = -1): void {
    this.table.set(0, state, arg)
    this.publish(true)
  }

  useLocks(names: readonly string[]): LockTable {
    this.locks = LockTable.create(names.length)
    this.lockNames = [...names]
    return this.locks
  }

  onAction(handler: (action: string, options: Record<string, unknown>) => Promise<void> | void): void {
    this.actionHandler = handler
  }

  async action(action: string, options: Record<string, unknown>): Promise<void> {
    if (!this.actionHandler) throw new Error(`this run takes no action "${action}"`)
    await this.actionHandler(action, options)
    this.publish(true)
  }

  /** Starts a worker thread running the entry `entryName` (a `*.child.ts` that calls labThread). */
  startThread(entryName: string, name: string, data: unknown = null): LabWorker {
    const slot = this.names.length
    if (slot >= MAX_SLOTS) throw new Error(`at most ${MAX_SLOTS - 1} lab threads per run`)
    this.names.push(name)
    this.pids.push(process.pid)
    this.table.set(slot, 'new')
    const init: ThreadInit = { entry: entryName, slot, name, table: this.table.buffer, locks: this.locks.buffer, data }
    const worker = newWorker(entryName, init)
    let code: number | undefined
    const exited = new Promise<number>((resolve) => {
      worker.once('exit', (c) => {
        code = c
        const r = this.table.read(slot)
        if (r.state !== 'done') this.table.set(slot, 'terminated')
        this.workers.delete(w)
        this.publish(true)
        resolve(c)
      })
    })
    worker.on('error', (err) => this.log(`${name}: ${err.message}`, 'error'))
    worker.on('message', (m: { labPrint?: string; at?: number }) => {
      if (typeof m?.labPrint === 'string') this.record(name, m.labPrint, m.at ?? Date.now())
    })
    const w: LabWorker = {
      slot,
      name,
      worker,
      exited,
      join: async () => {
        if (code !== undefined) return code
        const prev = this.table.read(0)
        this.setMain('joining', slot)
        const c = await exited
        this.setMain(prev.state === 'joining' ? 'running' : prev.state, prev.state === 'joining' ? -1 : prev.arg)
        return c
      },
      terminate: async () => {
        await worker.terminate()
        await exited
      },
    }
    this.workers.add(w)
    return w
  }

  /** Starts a child process running an entry, reported to the core so it joins the run's tree. */
  forkChild(entryName: string, role: string, args: readonly string[] = []): HostChild {
    const e = entry(entryName)
    // windowsHide: no console window per child on Windows (fork passes it on to spawn; ignored elsewhere).
    const child = fork(e.file, [...args], { execArgv: [...e.execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced', ...{ windowsHide: true } })
    return this.track(child, role)
  }

  /** Starts a program (python3) as a child of the host. */
  spawnChild(file: string, args: readonly string[], role: string): HostChild {
    const child = spawn(file, [...args], { stdio: ['ignore', 'inherit', 'inherit'], windowsHide: true })
    return this.track(child, role)
  }

  private track(child: ChildProcess, role: string): HostChild {
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
      child.once('error', (err) => {
        if (child.pid === undefined) reject(err)
      })
      child.once('exit', (code, signal) => {
        this.children.delete(c)
        for (let slot = 1; slot < this.pids.length; slot++) {
          if (this.pids[slot] === child.pid) this.table.set(slot, code === 0 ? 'done' : 'terminated')
        }
        if (child.pid !== undefined) this.sendRaw({ type: 'child-exit', pid: child.pid, code, signal })
        resolve({ code, signal })
      })
    })
    const c: HostChild = { pid: child.pid ?? 0, role, child, exited }
    if (child.pid !== undefined) {
      this.children.add(c)
      this.sendRaw({ type: 'child', pid: child.pid, role })
    }
    return c
  }

  /**
   * Lists a thread of a child process (a spin process, python3's threads) in
   * the run's thread list. Its state follows the child: running, then done.
   */
  addRemoteThread(name: string, pid: number, tid = pid): number {
    const slot = this.names.length
    if (slot >= MAX_SLOTS) return -1
    this.names.push(name)
    this.pids.push(pid)
    this.table.setTid(slot, tid)
    this.table.set(slot, 'running')
    return slot
  }

  threadCount(): number {
    return this.names.length
  }

  slotName(slot: number): string {
    return this.names[slot] ?? `slot ${slot}`
  }

  /** Sends the table if it changed (or once a second): blocked threads are reported by their records alone. */
  publish(force = false): void {
    const threads: HostThread[] = []
    for (let slot = 0; slot < this.names.length; slot++) {
      threads.push({ ...this.table.read(slot), name: this.names[slot], pid: this.pids[slot] })
    }
    const locks: HostLock[] = this.lockNames.map((name, index) => ({ index, name, owner: this.locks.owner(index) }))
    const sig = threads.map((t) => `${t.tid}:${t.state}:${t.arg}`).join(',') + '|' + locks.map((l) => l.owner).join(',')
    const now = Date.now()
    if (!force && sig === this.lastSig && now - this.lastSent < TABLE_HEARTBEAT_MS) return
    this.lastSig = sig
    this.lastSent = now
    this.sendRaw({ type: 'table', at: now, threads, locks })
  }

  /** Ends every thread and child still running. */
  async shutdown(): Promise<void> {
    clearInterval(this.timer)
    for (const c of this.children) c.child.kill('SIGKILL')
    await Promise.allSettled([...this.workers].map((w) => w.terminate()))
    await Promise.allSettled([...this.children].map((c) => c.exited))
    this.publish(true)
  }
}

let bundles: Readonly<Record<string, string>> = {}

/** Entry name → plain JavaScript for each thread-*.ts, compiled by the core when it runs from source. */
export function useBundles(b: Readonly<Record<string, string>> | undefined): void {
  bundles = b ?? {}
}

/** new Worker() for an entry; from source, with the code the core compiled and sent. */
export function newWorker(entryName: string, init: unknown): Worker {
  if (entry(entryName).file.endsWith('.ts') && bundles[entryName] === undefined) {
    throw new Error(`no compiled code for ${entryName}: the core sends it with the start message`)
  }
  return threadWorker(entryName, { workerData: init }, bundles[entryName])
}

/** Runs after a blocking (sync) stretch so the host's event loop can reply. */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

/**
 * A fixed amount of pure CPU work (xorshift steps): the same machine code for
 * whoever runs it, with a result the optimiser cannot drop.
 */
export function cpuWork(steps: number): number {
  let x = 2463534242
  for (let i = 0; i < steps; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
  }
  return x
}

export const delay = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done(): void {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
