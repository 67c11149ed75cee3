// What a scenario's own processes use to start children and worker threads of
// their own. Only a process's parent can wait for it, so ProcLab cannot see a
// grandchild start, print or end by itself: the parent that forked it reports
// each of these over its IPC channel, and host-bridge.ts turns the reports into
// supervisor calls (adopt, output, recordExit).
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import { OPTIONS_ARG, type ExitStatus, type LabReport, type ParentMessage } from '../shared/child-protocol'
import { entry, threadWorker } from './entries'

/** Sends a message up the IPC channel; resolves once it is written (or at once without a channel). */
export function toParent<M extends object>(message: M): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve()
    process.send(message, undefined, {}, () => resolve())
  })
}

const report = (r: LabReport): Promise<void> => toParent(r)

/** A scenario parent's live state, for the run's view. */
export function publishLive<L>(live: L): Promise<void> {
  return toParent<ParentMessage<L, never>>({ type: 'live', live })
}

/** A scenario parent's result: the last thing it sends. */
export function sendResult<R>(result: R): Promise<void> {
  return toParent<ParentMessage<never, R>>({ type: 'result', result })
}

/** Messages from the parent process, in the shape the scenario's shared types give. */
export function onParentMessage<M>(cb: (m: M) => void, once = false): void {
  if (once) process.once('message', cb as (m: unknown) => void)
  else process.on('message', cb as (m: unknown) => void)
}

/** The run's options, handed to a scenario's parent as its first argument. */
export function runOptions<O>(): O {
  return JSON.parse(process.argv[OPTIONS_ARG] ?? '{}') as O
}

const children = new Set<Child>()

/**
 * A child process running one of the lab's worker files: the shape of
 * Python's multiprocessing.Process (start on construction, join, terminate).
 */
export class Child<ToChild extends object = never, FromChild = unknown> {
  readonly process: ChildProcess
  readonly pid: number
  readonly role: string
  private readonly exited: Promise<ExitStatus>

  constructor(worker: string, role: string, args: readonly string[] = [], execArgv: readonly string[] = []) {
    const e = entry(worker)
    this.role = role
    this.process = fork(e.file, [...args], {
      execArgv: [...e.execArgv, ...execArgv],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      // Windows would open a console window per child otherwise (fork passes it on to spawn; ignored elsewhere).
      ...{ windowsHide: true },
    })
    if (this.process.pid === undefined) throw new Error(`could not start ${worker}`)
    this.pid = this.process.pid
    children.add(this)
    void report({
      lab: 'adopt',
      pid: this.pid,
      ppid: process.pid,
      role,
      name: path.basename(e.file),
      startedAt: Date.now(),
    })
    for (const stream of ['stdout', 'stderr'] as const) relayLines(this.pid, stream, this.process[stream])
    this.exited = new Promise((resolve) => {
      // 'close' waits for the pipes to drain, so the last output is reported before the exit.
      this.process.once('close', (code, signal) => {
        children.delete(this)
        const status = { pid: this.pid, code, signal }
        void report({ lab: 'exit', pid: this.pid, code, signal }).then(() => resolve(status))
      })
    })
  }

  send(message: ToChild): void {
    // With a callback a failed write (the child just died) is not an 'error' event that would end us.
    if (this.process.connected) this.process.send(message, () => {})
  }

  /** Messages from the child, in the shape its entry sends (the channel carries what the child wrote). */
  onMessage(cb: (m: FromChild) => void): void {
    this.process.on('message', cb as (m: unknown) => void)
  }

  /** Waits for the child to end, like Process.join(). */
  join(): Promise<ExitStatus> {
    return this.exited
  }

  /** Like Process.terminate(): SIGTERM, which a child that never returns needs. */
  terminate(signal: NodeJS.Signals = 'SIGTERM'): void {
    try {
      this.process.kill(signal)
    } catch {
      // Already gone.
    }
  }
}

function relayLines(pid: number, stream: 'stdout' | 'stderr', s: NodeJS.ReadableStream | null): void {
  if (!s) return
  s.setEncoding('utf8')
  let pending = ''
  const send = (text: string): void => {
    if (text) void report({ lab: 'output', pid, stream, text })
  }
  s.on('data', (chunk: string) => {
    pending += chunk
    const cut = pending.lastIndexOf('\n')
    if (cut >= 0) {
      send(pending.slice(0, cut))
      pending = pending.slice(cut + 1)
    } else if (pending.length > 8192) {
      send(pending)
      pending = ''
    }
  })
  s.on('end', () => send(pending))
}

/**
 * The rule every scenario process follows: leave when the IPC channel to the
 * parent closes (the parent ended, even by SIGKILL), and on SIGTERM end our own
 * children first, so a stop reaches the whole tree and nothing is orphaned.
 */
const onDisconnect = (): void => {
  for (const c of children) c.terminate('SIGKILL')
  process.exit(0)
}

export function leaveWithParent(): void {
  process.on('disconnect', onDisconnect)
  const onTerm = (): void => {
    const waiting = [...children]
    for (const c of waiting) c.terminate('SIGTERM')
    const grace = new Promise((r) => setTimeout(r, 800).unref())
    void Promise.race([Promise.all(waiting.map((c) => c.join())), grace]).then(() => {
      for (const c of children) c.terminate('SIGKILL')
      // Without our handler SIGTERM's default action applies: the parent sees "killed by SIGTERM".
      process.off('SIGTERM', onTerm)
      process.kill(process.pid, 'SIGTERM')
    })
  }
  process.on('SIGTERM', onTerm)
}

/** Starts a worker thread running one of the lab's worker files (see threadWorker in entries.ts). */
export function startThread(worker: string, options: WorkerOptions = {}): Worker {
  return threadWorker(worker, options)
}

/**
 * Ends this process normally once its output is written: an open IPC channel
 * would keep it alive, so close it and let the event loop run dry.
 */
export function finish(code = 0): void {
  process.exitCode = code
  process.off('disconnect', onDisconnect)
  if (process.connected) process.disconnect()
}
