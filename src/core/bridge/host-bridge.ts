// The core's side of child-kit.ts: a scenario's parent process reports the
// processes it forks, their output and their exits; the bridge turns those
// reports into supervisor calls so grandchildren are labelled in the tree,
// stream their output under their own pid and role, are joinable, and count in
// RunInfo.pids. It also checks what it is told against the OS.
import type { ExitInfo, RunOutcome } from '../../shared/model'
import { LabError } from '../errors'
import { coreMsg } from '../../shared/i18n/core'
import type { Msg } from '../../shared/msg'
import { roleMsg } from '../../shared/roles'
import type { Platform } from '../platform'
import { exitMsg } from '../../shared/exit'
import type { Started } from '../supervisor/supervisor'
import { isLabReport, isParentMessage, type LabReport } from '../../shared/child-protocol'
import type { LiveOf, ResultOf, ScenarioId } from '../../shared/scenarios'
import type { ChildSpec, RunProcesses } from '../supervisor/run-processes'
import type { ScenarioContext } from '../scenarios/types'

export interface Adopted {
  readonly pid: number
  readonly role: string
  /** The parent that reported it. */
  readonly ppid: number
  /** Its parent according to the OS at adoption (/proc), when the platform tells. */
  readonly osPpid?: number
  readonly startedAt: number
  exit?: ExitInfo
}

/** Lines held for a process before its adoption, and how many such processes (see holdEarly). */
const EARLY_LINES = 64
const EARLY_PIDS = 32

/** How long a reported process may outlive the parent that reported it before we end it ourselves. */
const ORPHAN_GRACE_MS = 3000

export class HostBridge {
  readonly adopted = new Map<number, Adopted>()

  constructor(
    private readonly ctx: RunProcesses,
    readonly host: Started,
    onMessage: (m: unknown) => void = () => {},
  ) {
    host.onMessage((m: unknown) => {
      if (isLabReport(m)) this.onReport(m)
      else onMessage(m)
    })
    void host.exited.then(() => {
      this.flushEarly()
      return this.settleOrphans()
    })
  }

  /** Adopted processes with the given role prefix, in order of adoption. */
  withRole(prefix: string): Adopted[] {
    return [...this.adopted.values()].filter((a) => a.role.startsWith(prefix))
  }

  /**
   * Output of a process not adopted yet. A forked child shares its parent's
   * channel and may speak before the parent has reported it (two processes
   * writing one socket keep no order between them): its first lines wait here
   * for the adoption, a few per process, for a few processes.
   */
  private readonly early = new Map<number, Extract<LabReport, { lab: 'output' }>[]>()

  /**
   * Lines of processes never adopted (a helper process the program did not
   * report): shown under the reporting parent's pid, as they would have been
   * without the reports, rather than lost.
   */
  private flushEarly(): void {
    for (const lines of this.early.values()) for (const o of lines) this.ctx.output(this.host.pid, o.stream, o.text)
    this.early.clear()
  }

  private holdEarly(m: Extract<LabReport, { lab: 'output' }>): void {
    let lines = this.early.get(m.pid)
    if (!lines) {
      if (this.early.size >= EARLY_PIDS) return
      lines = []
      this.early.set(m.pid, lines)
    }
    if (lines.length < EARLY_LINES) lines.push(m)
  }

  private onReport(m: LabReport): void {
    switch (m.lab) {
      case 'adopt': {
        const osPpid = this.ctx.platform.parentOf?.(m.pid)
        this.adopted.set(m.pid, { pid: m.pid, role: m.role, ppid: m.ppid, osPpid, startedAt: m.startedAt })
        this.ctx.adopt(m.pid, m.role, m.startedAt, { ppid: m.ppid, name: m.name })
        for (const o of this.early.get(m.pid) ?? []) this.ctx.output(o.pid, o.stream, o.text)
        this.early.delete(m.pid)
        break
      }
      case 'output':
        // The program itself reports its lines too when it prints from a fork or a fresh interpreter.
        if (this.adopted.has(m.pid) || m.pid === this.host.pid) this.ctx.output(m.pid, m.stream, m.text)
        else this.holdEarly(m)
        break
      case 'exit': {
        const a = this.adopted.get(m.pid)
        const exit = this.ctx.exited(m.pid, m.code, m.signal)
        if (a && exit) a.exit = exit
        break
      }
    }
  }

  /**
   * The reporting parent has ended. Its children leave on their own when their
   * IPC channel closes; wait for that, and end any that linger, so the run never
   * leaves a process behind nor a label on a pid that is gone.
   */
  private async settleOrphans(): Promise<void> {
    const open = [...this.adopted.values()].filter((a) => !a.exit)
    await Promise.all(
      open.map(async (a) => {
        const platform = this.ctx.platform
        let ended = await waitGone(platform, a.pid, ORPHAN_GRACE_MS)
        if (!ended) {
          // Its whole tree: on Windows a python.exe's own workers would otherwise outlive it.
          platform.stopTree(a.pid, 'force', false)
          ended = await waitGone(platform, a.pid, 2000)
        }
        // Nobody is left to tell us its exit status: the reason is the best we know.
        a.exit = this.ctx.exited(a.pid, null, ended ? null : 'SIGKILL', 'killed')
        this.ctx.log(coreMsg('log.orphanEnded', { pid: a.pid, role: roleMsg(a.role), parent: this.host.pid }), 'warn')
      }),
    )
  }
}

/** True once a pid no longer runs (a zombie waiting to be reaped has stopped running). */
export function isGone(platform: Platform, pid: number): boolean {
  return !platform.isRunning(pid)
}

export async function waitGone(platform: Platform, pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs
  while (!isGone(platform, pid)) {
    if (Date.now() > until) return false
    await new Promise((r) => setTimeout(r, 50))
  }
  return true
}

/** A program (not a Node entry) as the parent: Python modes (bridge/python.ts), with its full argument list. */
export type ProgramSpec = Omit<ChildSpec, 'role'> & { readonly kind: 'exec' }

export interface ParentRun<R> {
  readonly started: Started
  readonly bridge: HostBridge
  readonly exit: ExitInfo
  /** The parent's last {type:'result'} message, if it got that far. */
  readonly result?: R
}

/**
 * Runs a scenario's parent process to its end: starts it through the
 * supervisor with the run's options, relays its reports, publishes its
 * {type:'live'} messages as the run's live state, and stops it (and its tree)
 * when the run is stopped.
 */
export async function runParent<K extends ScenarioId>(
  ctx: ScenarioContext<K>,
  worker: { file: string; execArgv: readonly string[] } | ProgramSpec,
  role: string,
  onMessage: (m: unknown) => void = () => {},
): Promise<ParentRun<ResultOf<K>>> {
  const started = await ctx.spawn(
    'kind' in worker
      ? { ...worker, role }
      : { kind: 'fork', file: worker.file, execArgv: worker.execArgv, args: [JSON.stringify(ctx.options)], role },
  )
  let result: ResultOf<K> | undefined
  const bridge = new HostBridge(ctx, started, (m) => {
    // The boundary of the child protocol: the parent is this scenario's own
    // entry, which sends its shared types (publishLive / sendResult).
    if (!isParentMessage(m)) onMessage(m)
    else if (m.type === 'live') ctx.setLive(m.live as LiveOf<K>)
    else result = m.result as ResultOf<K>
  })
  const stop = (): void => void ctx.stop(started.pid, 1000)
  if (ctx.signal.aborted) stop()
  ctx.signal.addEventListener('abort', stop, { once: true })
  const exit = await started.exited
  ctx.signal.removeEventListener('abort', stop)
  return { started, bridge, exit, result }
}

/**
 * The parent ended without its result. Stopped by the user: an ordinary end,
 * reported as such. Otherwise something killed it: the run fails, saying how.
 */
export function cutShort(ctx: ScenarioContext, run: ParentRun<unknown>, role: string, before: Msg): RunOutcome<never> {
  const how = exitMsg(run.exit.reason, run.exit.code, run.exit.signal)
  if (!ctx.signal.aborted)
    throw new LabError(
      'EINTERNAL',
      coreMsg('error.cutShort', { role: roleMsg(role), pid: run.started.pid, how, before }),
    )
  return { summary: coreMsg('run.stoppedBefore', { before }), checks: [], figures: { parentPid: run.started.pid } }
}
