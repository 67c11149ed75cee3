// The scenario host's side of a thread scenario (src/child/thread-host.child.ts
// runs it): one Host per host process. The scenario's driver starts lab threads
// and child processes through it; it keeps the thread table and reports the
// table, the driver's live data, its children and its log to the core over the
// thread protocol (src/shared/thread-protocol.ts). It never runs in ProcLab.
import { coreMsg } from '../shared/i18n/core'
import { fork, spawn, type ChildProcess } from 'node:child_process'
import type { Worker } from 'node:worker_threads'
import type {
  FromHost,
  HostLock,
  HostThread,
  LabThreadState,
  PrintedLine,
  ThreadLiveExtra,
} from '../shared/thread-protocol'
import { entry, pythonFile, threadWorker } from './entries'
import { EventEmitter } from 'node:events'
import { randomBytes } from 'node:crypto'
import { FrameSplitter, PYTHON_FLAGS, pythonEnv } from '../shared/python-protocol'
import type { Msg } from '../shared/msg'
import { writeLine, type ThreadInit } from './lab-thread'
import { nameOsThread, osThreadId } from './measure'
import { LockTable } from './sync/mutex'
import { ThreadTable } from './sync/thread-table'

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

/**
 * A refusal a driver's action handler gives the user (a thread that has
 * already ended): its words travel as a message, shown in the user's language.
 */
export class MsgError extends Error {
  constructor(readonly msg: Msg) {
    super(msg.key)
  }
}

export interface HostChild {
  readonly pid: number
  readonly role: string
  readonly child: ChildProcess
  readonly exited: Promise<{ code: number | null; signal: string | null }>
  /** Its messages: Node's IPC channel for an entry, the frames of its stdout for a Python program. */
  onMessage(listener: (m: unknown) => void): void
  /** A message to it, the same way back (stdin for Python); false when it can no longer hear. */
  send(m: unknown): boolean
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each driver names its own progress type
export type Driver = (host: Host<any>, options: Record<string, unknown>) => Promise<unknown>

/**
 * The host side of a run: one per host process. Drivers (one per scenario)
 * start threads and children through it, and it reports them to the core.
 */
export class Host<Progress = unknown> {
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

  /** A note in the run's log: a message (core.* or the scenario's), or plain text from code not yet moved to messages. */
  log(text: Msg | string, level: 'info' | 'warn' | 'error' = 'info'): void {
    this.sendRaw({ type: 'log', text, level })
  }

  /** Scenario-specific live data (phase, charts), merged into the run's live state by the core. */
  /** Adds to the run's live state: a phase, or the partial results so far (the scenario's Progress type). */
  live(live: ThreadLiveExtra & Partial<Progress>): void {
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
    worker.on('error', (err) => this.log(coreMsg('log.threadError', { thread: name, why: err.message }), 'error'))
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
    const child = fork(e.file, [...args], {
      execArgv: [...e.execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      ...{ windowsHide: true },
    })
    return this.track(child, role)
  }

  /** Starts a program (python3) as a child of the host. */
  spawnChild(file: string, args: readonly string[], role: string): HostChild {
    const child = spawn(file, [...args], { stdio: ['ignore', 'inherit', 'inherit'], windowsHide: true })
    return this.track(child, role)
  }

  /**
   * Starts one of ProcLab's Python programs (src/python/<program>.py) as a
   * child of the host, with the run's options as its first argument. It
   * speaks JSON lines over its stdio (src/shared/python-protocol.ts): its
   * messages are taken out of its stdout, and the rest, its own output, is
   * reported under its own pid (and what its children print under theirs),
   * never as the host's. Threads it names with proclab.thread()
   * join the run's thread list; every other message reaches the driver through
   * onMessage(). `python` is what the core found (the Lab platform's findPython()),
   * passed in the driver's options.
   */
  spawnPython(
    python: { readonly file: string; readonly args: readonly string[] },
    program: string,
    options: Record<string, unknown>,
    role: string,
  ): HostChild {
    const marker = randomBytes(12).toString('hex')
    const child = spawn(python.file, [...python.args, ...PYTHON_FLAGS, pythonFile(program), JSON.stringify(options)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: pythonEnv(process.env, marker),
      windowsHide: true,
    })
    const messages = new EventEmitter<{ message: [unknown] }>()
    const frames = new FrameSplitter(marker)
    const said = (pid: number | undefined, stream: 'stdout' | 'stderr', text: string): void => {
      if (pid === undefined) return
      for (const line of text.replace(/\r?\n$/, '').split(/\r?\n/))
        this.sendRaw({ type: 'child-output', pid, stream, text: line })
    }
    const take = (part: { text: string; messages: readonly unknown[] }): void => {
      if (part.text) said(child.pid, 'stdout', part.text)
      for (const m of part.messages) messages.emit('message', m)
    }
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => take(frames.push(chunk)))
    child.stdout?.on('end', () => take(frames.end()))
    // Its stderr (a traceback), under its pid too; whole lines, the last one at the end.
    let errPending = ''
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      errPending += chunk
      const cut = errPending.lastIndexOf('\n')
      if (cut < 0) return
      said(child.pid, 'stderr', errPending.slice(0, cut))
      errPending = errPending.slice(cut + 1)
    })
    child.stderr?.on('end', () => errPending && said(child.pid, 'stderr', errPending))
    child.stdin?.on('error', () => {}) // a program that ends without reading its orders is not our error
    messages.on('message', (raw) => {
      const m = (raw ?? {}) as PythonReport
      if (m.type === 'thread' && typeof m.tid === 'number' && typeof m.name === 'string')
        this.addRemoteThread(m.name, m.pid ?? child.pid ?? 0, m.tid)
      // The processes it starts (proclab.adopt / exited): only it can wait for them,
      // so the core learns of them from here and labels them in the run's tree.
      else if (m.lab === 'adopt' && typeof m.pid === 'number')
        this.sendRaw({
          type: 'child',
          pid: m.pid,
          role: typeof m.role === 'string' ? m.role : 'python child',
          ppid: m.ppid ?? child.pid,
          name: m.name ?? 'python3',
        })
      // Output reports: a forked or spawned child's lines, under its own pid.
      else if (m.lab === 'output' && typeof m.pid === 'number' && typeof m.text === 'string')
        this.sendRaw({
          type: 'child-output',
          pid: m.pid,
          stream: m.stream === 'stderr' ? 'stderr' : 'stdout',
          text: m.text,
        })
      else if (m.lab === 'exit' && typeof m.pid === 'number')
        this.sendRaw({ type: 'child-exit', pid: m.pid, code: m.code ?? null, signal: m.signal ?? null })
    })
    const stdin = child.stdin
    return this.track(child, role, {
      onMessage: (listener) => void messages.on('message', listener),
      send(m) {
        if (!stdin || stdin.destroyed || stdin.writableEnded) return false
        stdin.write(JSON.stringify(m) + '\n')
        return true
      },
    })
  }

  /**
   * Ends a child and everything it started, through the core (which knows how on this system:
   * on Windows, kill() would end python.exe alone and leave its worker processes spinning).
   * Resolves once it has ended; a child the core could not end is killed here as a last resort.
   */
  async stopTree(c: HostChild, graceMs = 3000): Promise<void> {
    this.sendRaw({ type: 'stop', pid: c.pid, graceMs })
    await Promise.race([c.exited, new Promise((r) => setTimeout(r, graceMs + 5000))])
    c.child.kill('SIGKILL')
  }

  private track(
    child: ChildProcess,
    role: string,
    channel: Pick<HostChild, 'onMessage' | 'send'> = ipcChannel(child),
  ): HostChild {
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
    const c: HostChild = { pid: child.pid ?? 0, role, child, exited, ...channel }
    if (child.pid !== undefined) {
      this.children.add(c)
      const name = child.spawnfile.split(/[\\/]/).pop() ?? 'child'
      this.sendRaw({ type: 'child', pid: child.pid, role, ppid: process.pid, name })
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

/** Node's IPC channel of an entry the host forked (none for a plain program). */
function ipcChannel(child: ChildProcess): Pick<HostChild, 'onMessage' | 'send'> {
  return {
    onMessage: (listener) => void child.on('message', listener),
    send(m) {
      if (!child.connected) return false
      child.send(m as never, () => {})
      return true
    },
  }
}

/** What a Python program says over its channel (src/python/proclab.py) that the host itself acts on. */
interface PythonReport {
  readonly type?: string
  readonly lab?: string
  readonly pid?: number
  readonly tid?: number
  readonly name?: string
  readonly role?: string
  readonly ppid?: number
  readonly code?: number | null
  readonly signal?: string | null
  readonly stream?: string
  readonly text?: string
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
