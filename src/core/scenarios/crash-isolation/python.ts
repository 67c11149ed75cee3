// crash-isolation's Python mode: the master is a Python program
// (src/python/crash_isolation.py) with multiprocessing.Process or
// threading.Thread workers. It owns its task queue and reports each step; the
// ledger records them, with ProcLab's own clock, so the same judge reads both
// modes. How the Python process itself ended comes from the supervisor (the
// OS's word): in thread mode a fault in any thread ends it, master and all.
import type { RunOutcome } from '../../../shared/model'
import type {
  Crash,
  CrashData,
  ExitSeen,
  FromCrashPython,
  ToCrashPython,
} from '../../../shared/scenarios/crash-isolation'
import { crashIsolationMsg as msg } from '../../../shared/i18n/scenarios/crash-isolation'
import { pythonNotRun, runPythonParent } from '../../bridge/python'
import { classifyExit } from '../../supervisor/exit-reason'
import type { Started } from '../../supervisor/supervisor'
import type { ScenarioContext } from '../types'
import { Ledger } from './ledger'
import { crashKinds, type CrashKinds } from './kinds'
import { LabError } from '../../errors'
import { CRASH_WINDOW_MS, exitMsg } from './judge'

export class PythonMaster extends Ledger {
  private started: Started | undefined
  private queuedNow = 0
  private unfinishedAtEnd = 0

  constructor(
    ctx: ScenarioContext<'crash-isolation'>,
    /** The crashes a Python worker can make on this OS (no SIGKILL on Windows). */
    private readonly kinds: CrashKinds = crashKinds(ctx.platform, 'python'),
  ) {
    super(ctx, 'python')
  }

  /** Refuses, saying why, a crash this OS does not give Python; else as every master. */
  override crash(how: Crash, worker: number): void {
    const gap = this.kinds.missing.find((m) => m.how === how)
    if (gap) throw new LabError('EINVAL', msg('error.crashMissing', { worker, how: msg(`crash.${how}`), why: gap.why }))
    super.crash(how, worker)
  }

  async run(): Promise<RunOutcome<CrashData>> {
    const ctx = this.ctx
    // The same context, but keeping hold of the Python process to pass the crash orders on.
    const watched: ScenarioContext<'crash-isolation'> = {
      ...ctx,
      spawn: async (spec) => {
        this.started = await ctx.spawn(spec)
        return this.started
      },
    }
    const options = {
      mode: this.mode,
      workers: this.w,
      durationSec: ctx.options.durationSec,
      taskMs: ctx.options.taskMs,
    }
    // Said once at the start, where the run's events are read, before anyone picks it.
    for (const m of this.kinds.missing) this.note(msg('event.notOffered', { how: msg(`crash.${m.how}`), why: m.why }))
    const run = await runPythonParent(
      watched,
      'crash_isolation',
      'master',
      (m) => this.onReport(m as FromCrashPython),
      options,
    )
    if ('missing' in run) return pythonNotRun(run.missing, [msg('check.noCrash')])
    if (run.result) {
      this.unfinishedAtEnd = run.result.unfinished
    } else if (!ctx.signal.aborted) {
      // The Python process ended before its result: as the OS reports it, with every thread it held.
      const exit: ExitSeen = { reason: run.exit.reason, code: run.exit.code, signal: run.exit.signal }
      this.masterDied = true
      const alive = this.slots.filter((s) => s.state !== 'dead').map((s) => s.index)
      // The slot a recent crash was aimed at goes first, so the death is its crash's victim.
      const aimed = this.crashes.findLast((c) => !c.victim && Date.now() - c.at <= CRASH_WINDOW_MS)?.worker
      const order = aimed && alive.includes(aimed) ? [aimed, ...alive.filter((i) => i !== aimed)] : alive
      this.buried(order, exit, true)
      this.note(msg('event.masterDied', { exit: exitMsg(exit) }))
    }
    this.publish()
    return this.outcome()
  }

  protected queued(): number {
    return this.queuedNow
  }

  protected unfinished(): number {
    return this.unfinishedAtEnd
  }

  protected hostPid(): number | undefined {
    return this.mode === 'threads' ? this.started?.pid : undefined
  }

  protected order(worker: number, how: Crash): boolean {
    const order: ToCrashPython = { type: 'crash', how, worker }
    return this.started?.send(order) ?? false
  }

  private onReport(m: FromCrashPython): void {
    switch (m.type) {
      case 'spawned':
        this.spawnedIn([m.slot], m.pid)
        break
      case 'ready':
        this.readied(m.slot, m.tid, m.pid)
        break
      case 'task':
        this.queuedNow = m.queued
        this.assigned(m.slot, { id: m.task, ms: 0, attempts: 0, lost: m.retry })
        this.publishSoon()
        break
      case 'done':
        this.queuedNow = m.queued
        this.finished(m.slot, m.task)
        break
      case 'died': {
        const threadOnly = this.mode === 'threads'
        // multiprocessing's exitcode as the master saw it: -11 means killed by signal 11.
        const exit: ExitSeen = threadOnly
          ? { reason: 'error-exit', code: null, signal: null, error: m.error ?? undefined }
          : {
              reason: classifyExit(m.signal ? null : m.code, m.signal),
              code: m.signal ? null : m.code,
              signal: m.signal,
              error: m.error ?? undefined,
            }
        this.buried([m.slot], exit, false, threadOnly)
        break
      }
      case 'restarting':
        this.decided([m.slot], { restart: true, attempt: 1, delayMs: m.delayMs })
        break
    }
  }
}
