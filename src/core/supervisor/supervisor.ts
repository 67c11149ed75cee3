// The supervisor starts, labels, tracks, signals and joins the processes
// ProcLab runs. Each child it starts leads its own process group, so a stop
// reaches the child's whole tree, and the warden (see warden.child.ts) can end every
// group if this process dies without a chance to clean up.
import type { ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import type { ExitInfo, JoinResult, LabEvent, OutputStream, ProcessLabel, SignalName } from '../../shared/model'
import { LabError, plainMsg } from '../errors'
import { coreMsg } from '../../shared/i18n/core'
import { attributeKill, classifyExit } from './exit-reason'
import { hostPlatform, type Platform } from '../platform'
import { OutputLimiter, pipeOutput } from './output-limiter'
import { launch, unsearchablePathDir } from './launch'
import { FrameSplitter } from '../../shared/python-protocol'

export type Label = ProcessLabel

/** How long an exited child's output may take to drain before its exit is recorded without it (see start()). */
const STDIO_GRACE_MS = 250

export interface SpawnSpec extends Label {
  /** 'fork' runs a Node module with an IPC channel; 'exec' runs a program with arguments (never a shell string). */
  readonly kind: 'fork' | 'exec'
  readonly file: string
  readonly args?: readonly string[]
  readonly execArgv?: readonly string[]
  readonly env?: NodeJS.ProcessEnv
  readonly cwd?: string
  /** Written to stdin, then stdin is closed (communicate()). */
  readonly stdin?: string
  /** Keep the child in this process's group instead of a new one. */
  readonly sameGroup?: boolean
  /**
   * 'exec' only: the program speaks the child protocol as JSON lines over its
   * stdio (src/shared/python-protocol.ts): its messages are the lines of its
   * stdout that start with this marker (the rest is its output), and messages
   * to it are JSON lines on its stdin, which stays open. Never Node's IPC
   * channel, which is framed differently on Windows and unsupported for
   * programs that are not Node. The marker also goes in its environment
   * (the caller's env, PROTOCOL_ENV).
   */
  readonly lines?: { readonly marker: string }
  /** 'exec' on Windows: pass args as written, unquoted by Node (cmd.exe's `/s /c "…"`, see platform/shell.ts). */
  readonly verbatimArgs?: boolean
}

interface Tracked extends Label {
  readonly pid: number
  readonly child?: ChildProcess
  readonly startedAt: number
  exit?: ExitInfo
  readonly waiters: ((e: ExitInfo) => void)[]
  stderrTail: string
  /** Leads its own process group (signals to stop it go to -pid). */
  readonly group: boolean
  /** Rate limiters for output a parent relays for this process (reportOutput). */
  relayed?: Partial<Record<OutputStream, OutputLimiter>>
  /** The last signal ProcLab sent it: on Windows its exit shows no signal, only TerminateProcess's code. */
  sent?: SignalName
  /** A program speaking JSON lines (SpawnSpec.lines): asked to stop on its stdin before any signal. */
  lines?: Channel
}

type Channel = Pick<Started, 'onMessage' | 'send'>

/** Node's IPC channel (a forked Node entry; none for a plain program). */
function ipcChannel(child: ChildProcess): Channel {
  return {
    onMessage: (listener) => void child.on('message', listener),
    send(m) {
      if (!child.connected) return false
      child.send(m as never, () => {}) // a child that just ended is not our error
      return true
    },
  }
}

/** JSON lines: the frames of its stdout in, one line on its stdin out (see SpawnSpec.lines). */
function linesChannel(child: ChildProcess, messages: EventEmitter<{ message: [unknown] }>): Channel {
  const stdin = child.stdin
  stdin?.on('error', () => {}) // a program that exits without reading stdin is not our error
  return {
    onMessage: (listener) => void messages.on('message', listener),
    send(m) {
      if (!stdin || stdin.destroyed || stdin.writableEnded) return false
      stdin.write(JSON.stringify(m) + '\n')
      return true
    },
  }
}

export interface Started {
  readonly pid: number
  readonly child: ChildProcess
  readonly exited: Promise<ExitInfo>
  /** The child's messages: over Node's IPC channel (fork), or the frames of its stdout (`lines`). */
  onMessage(listener: (m: unknown) => void): void
  /** Sends a message the same way back (stdin for `lines`); false when the child can no longer hear it. */
  send(m: unknown): boolean
}

/** How long an ended child stays joinable. */
const KEEP_EXITED_MS = 10 * 60_000

export class Supervisor extends EventEmitter<{ event: [LabEvent]; groups: [number[]] }> {
  private readonly tracked = new Map<number, Tracked>()
  private readonly labelMap = new Map<number, Label>()
  /** Live processes (started and adopted) at which start() refuses another; the Lab sets it from limits.ts. */
  maxLive = Infinity

  constructor(readonly platform: Platform = hostPlatform()) {
    super()
  }

  /** Live processes ProcLab started (and those its scenario hosts reported), with labels. */
  labels(): ReadonlyMap<number, Label> {
    return this.labelMap
  }

  private helperPids: ReadonlySet<number> = new Set()
  private wardenPid: number | undefined

  /**
   * Processes that are part of ProcLab itself but not children it supervises:
   * Electron's renderer, GPU and utility processes (the shell registers them
   * from app.getAppMetrics()). They must never be signalled from the UI.
   */
  setHelpers(pids: Iterable<number>): void {
    this.helperPids = new Set(pids)
  }

  setWarden(pid: number | undefined): void {
    this.wardenPid = pid
  }

  isHelper(pid: number): boolean {
    return pid === this.wardenPid || this.helperPids.has(pid)
  }

  knows(pid: number): boolean {
    return this.tracked.has(pid)
  }

  /**
   * What the warden ends if ProcLab dies: process groups, one per child that
   * leads its own (Unix); or, where there are no groups (Windows), every live
   * process of ours, its children and the processes they reported starting
   * (a Python program's workers, which nothing ends with python.exe), each
   * with its tree where taskkill /T exists.
   */
  groups(): number[] {
    const byTree = this.platform.orphanGuard === 'tree'
    return [...this.tracked.values()].filter((t) => !t.exit && (byTree || t.group)).map((t) => t.pid)
  }

  start(spec: SpawnSpec): Promise<Started> {
    if (this.labelMap.size >= this.maxLive) {
      return Promise.reject(new LabError('EBUSY', coreMsg('error.tooManyProcesses', { max: this.maxLive })))
    }
    const startedAt = Date.now()
    let child: ChildProcess
    try {
      child = launch(spec, this.platform)
    } catch (err) {
      return Promise.reject(
        new LabError(
          'EINVAL',
          coreMsg('error.couldNotStart', { file: spec.file, why: plainMsg((err as Error).message) }),
        ),
      )
    }
    const ownGroup = !spec.sameGroup && this.platform.spawnOptions(true).detached
    return new Promise<Started>((resolve, reject) => {
      // 'on', not 'once': a later error (a failed IPC send) must not go unhandled and crash ProcLab.
      child.on('error', (err: NodeJS.ErrnoException) => {
        if (child.pid === undefined) {
          const blocked = err.code === 'EACCES' ? unsearchablePathDir(spec) : undefined
          const what =
            err.code === 'ENOENT'
              ? coreMsg('error.programNotFound', { file: spec.file })
              : blocked !== undefined
                ? coreMsg('error.programNotFoundBlocked', { file: spec.file, dir: blocked })
                : plainMsg(err.message)
          this.emit('event', {
            type: 'log',
            at: Date.now(),
            level: 'error',
            text: coreMsg('log.launchFailed', { file: spec.file, why: what }),
            runId: spec.runId,
          })
          reject(new LabError('ENOENT', coreMsg('error.couldNotStart', { file: spec.file, why: what })))
        }
      })
      child.once('spawn', () => {
        const pid = child.pid!
        const t: Tracked = {
          pid,
          child,
          startedAt,
          runId: spec.runId,
          role: spec.role,
          waiters: [],
          stderrTail: '',
          group: ownGroup,
        }
        this.tracked.set(pid, t)
        this.labelMap.set(pid, { runId: spec.runId, role: spec.role })
        this.emit('event', {
          type: 'spawn',
          at: startedAt,
          pid,
          ppid: process.pid,
          name: spec.file.split(/[\\/]/).pop() ?? spec.file,
          runId: spec.runId,
          role: spec.role,
        })
        this.emit('groups', this.groups())
        const messages = new EventEmitter<{ message: [unknown] }>()
        pipeOutput(
          child,
          (chunk) => {
            t.stderrTail = (t.stderrTail + chunk).slice(-4000)
          },
          (stream, text) =>
            this.emit('event', { type: 'output', at: Date.now(), pid, stream, text, runId: t.runId, role: t.role }),
          spec.lines && new FrameSplitter(spec.lines.marker),
          (m) => messages.emit('message', m),
        )
        const channel = spec.lines ? linesChannel(child, messages) : ipcChannel(child)
        if (spec.lines) t.lines = channel
        if (spec.stdin !== undefined && child.stdin) {
          child.stdin.on('error', () => {}) // a child that exits without reading stdin is not our error
          child.stdin.end(spec.stdin)
        }
        const exited = new Promise<ExitInfo>((res) => t.waiters.push(res))
        // 'close' waits for stdio to drain, so the last output line precedes the exit event.
        child.once('close', (code, signal) => this.recordExit(pid, code, signal))
        // But a descendant that inherited the pipes (a Python os.fork() child, a
        // shell's background job) holds them open after the process has ended:
        // its end must not wait for theirs. Once it has exited, give its last
        // output a moment, then record the exit (a later 'close' changes nothing).
        child.once('exit', (code, signal) => {
          const late = setTimeout(() => this.recordExit(pid, code, signal), STDIO_GRACE_MS)
          child.once('close', () => clearTimeout(late))
        })
        resolve({ pid, child, exited, ...channel })
      })
    })
  }

  /**
   * Adopts a process started by one of our children (a scenario host's worker),
   * so it is labelled, joinable and counted as ProcLab's own.
   */
  adopt(pid: number, label: Label, startedAt = Date.now(), origin?: { ppid: number; name: string }): void {
    if (this.tracked.has(pid) && !this.tracked.get(pid)!.exit) {
      this.labelMap.set(pid, label)
      return
    }
    this.tracked.set(pid, { pid, startedAt, ...label, waiters: [], stderrTail: '', group: false })
    this.labelMap.set(pid, label)
    // Where the warden ends processes one tree at a time, it must know of this one too.
    if (this.platform.orphanGuard === 'tree') this.emit('groups', this.groups())
    // With its origin known, a grandchild's start reaches the UI as promptly as a child's.
    if (origin)
      this.emit('event', { type: 'spawn', at: startedAt, pid, ppid: origin.ppid, name: origin.name, ...label })
  }

  /**
   * Output of an adopted process, relayed by the parent that holds its pipes:
   * streamed under the process's own pid and role, and kept for the exit reason.
   */
  reportOutput(pid: number, stream: OutputStream, text: string): void {
    const t = this.tracked.get(pid)
    if (!t || !text) return
    if (stream === 'stderr') t.stderrTail = (t.stderrTail + text).slice(-4000)
    let limiter = t.relayed?.[stream]
    if (!limiter) {
      limiter = new OutputLimiter((out) =>
        this.emit('event', { type: 'output', at: Date.now(), pid, stream, text: out, runId: t.runId, role: t.role }),
      )
      t.relayed = { ...t.relayed, [stream]: limiter }
    }
    // Relayed text arrives in whole lines; the limiter only bounds its rate.
    limiter.push(text + '\n')
  }

  /** Records the end of a process, from our own child's 'close' or a host's report. */
  recordExit(
    pid: number,
    code: number | null,
    signal: string | null,
    reasonOverride?: ExitInfo['reason'],
  ): ExitInfo | undefined {
    const t = this.tracked.get(pid)
    if (!t || t.exit) return t?.exit
    // Its last words come before its end.
    for (const limiter of Object.values(t.relayed ?? {})) limiter.flush(true)
    const endedAt = Date.now()
    ;({ code, signal } = attributeKill(code, signal, t.sent, this.platform.terminateExitCode))
    const exit: ExitInfo = {
      pid,
      code,
      signal,
      reason: reasonOverride ?? classifyExit(code, signal, t.stderrTail),
      startedAt: t.startedAt,
      endedAt,
      runtimeMs: endedAt - t.startedAt,
    }
    t.exit = exit
    this.labelMap.delete(pid)
    this.emit('event', { type: 'exit', at: endedAt, exit, runId: t.runId, role: t.role })
    this.emit('groups', this.groups())
    for (const w of t.waiters.splice(0)) w(exit)
    setTimeout(() => {
      if (this.tracked.get(pid) === t) this.tracked.delete(pid)
    }, KEEP_EXITED_MS).unref()
    return exit
  }

  /** Waits for a process ProcLab started to end. */
  join(pid: number, timeoutMs?: number): Promise<JoinResult> {
    const t = this.tracked.get(pid)
    if (!t) {
      return Promise.reject(new LabError('EINVAL', coreMsg('error.notOwnChild', { pid })))
    }
    if (t.exit) return Promise.resolve(t.exit)
    return new Promise<JoinResult>((resolve) => {
      // The monotonic clock: Date.now() steps with the wall clock, and a timer
      // measured with it could report 999 ms for a 1,000 ms wait.
      const begun = performance.now()
      let timer: NodeJS.Timeout | undefined
      const done = (e: ExitInfo): void => {
        clearTimeout(timer)
        resolve(e)
      }
      t.waiters.push(done)
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const i = t.waiters.indexOf(done)
          if (i >= 0) t.waiters.splice(i, 1)
          // A timer never fires before its time is up; what it measured is at least that.
          resolve({ pid, timedOut: true, waitedMs: Math.max(timeoutMs, Math.round(performance.now() - begun)) })
        }, timeoutMs)
      }
    })
  }

  /** Sends a signal to one process (or, for a group leader we started, its whole group). */
  signal(pid: number, signal: SignalName, wholeGroup = false): void {
    const t = this.tracked.get(pid)
    this.platform.signal(pid, signal, wholeGroup && t?.group === true)
    if (t && !t.exit) t.sent = signal
  }

  /**
   * Stops a child and its tree: SIGTERM to its group, then SIGKILL after
   * graceMs if it is still there.
   */
  async stop(pid: number, graceMs = 2000): Promise<ExitInfo | undefined> {
    const t = this.tracked.get(pid)
    if (!t) return undefined
    if (t.exit) {
      this.killGroupQuietly(t, 'SIGKILL') // grandchildren may outlive their leader
      return t.exit
    }
    // Asked in words first: where "graceful" is TerminateProcess (Windows), this is
    // the only way a program can end its own workers (src/python/proclab.py, listen()).
    t.lines?.send({ type: 'stop' })
    this.killGroupQuietly(t, 'SIGTERM')
    const r = await this.join(pid, graceMs)
    if ('timedOut' in r && r.timedOut) {
      this.killGroupQuietly(t, 'SIGKILL')
      const e = await this.join(pid, 5000)
      return 'timedOut' in e ? undefined : e
    }
    this.killGroupQuietly(t, 'SIGKILL')
    return r as ExitInfo
  }

  private killGroupQuietly(t: Tracked, sig: 'SIGTERM' | 'SIGKILL'): void {
    // A leader that has exited without a group of its own leaves nothing we can still find.
    if (!t.group && t.exit) return
    if (!t.exit) t.sent = sig
    this.platform.stopTree(t.pid, sig === 'SIGTERM' ? 'graceful' : 'force', t.group)
  }

  /** Ends everything ProcLab started. Used at shutdown. */
  async stopAll(graceMs = 1500): Promise<void> {
    // A leader that ended long ago may have had its pid, and so its group id, reused by
    // an unrelated process: only recent ones are swept for grandchildren left behind.
    const now = Date.now()
    const leaders = [...this.tracked.values()].filter(
      (t) => t.child && (!t.exit || (t.group && now - t.exit.endedAt < 5000)),
    )
    await Promise.all(leaders.map((t) => this.stop(t.pid, graceMs)))
  }
}
