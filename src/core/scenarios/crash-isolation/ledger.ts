// What crash-isolation records of a run, whoever runs the master: the slots
// and their states, every task finished (when, by which slot and process),
// every crash the user ordered and every death, as the OS reported it. The Node
// master (master.ts) and the Python mode (python.ts) feed it; judge.ts reads it.
import { crashIsolationMsg as msg } from '../../../shared/i18n/scenarios/crash-isolation'
import type { Writable } from '../../../shared/child-protocol'
import type { RunOutcome } from '../../../shared/model'
import type { Msg } from '../../../shared/msg'
import type {
  Completion,
  Crash,
  CrashData,
  CrashEvent,
  CrashLanguage,
  CrashMode,
  CrashRecord,
  CrashSlotState,
  Death,
  ExitSeen,
} from '../../../shared/scenarios/crash-isolation'
import { LabError } from '../../errors'
import type { RestartDecision } from '../../supervisor/restart'
import type { ScenarioContext } from '../types'
import { CRASH_WINDOW_MS, crashOutcome, exitMsg } from './judge'

export interface LedgerTask {
  readonly id: number
  readonly ms: number
  attempts: number
  lost: boolean
}

export interface Slot {
  readonly index: number
  pid?: number
  threadId?: number
  state: CrashSlotState
  task?: LedgerTask
  completed: number
}

const LIVE_EVERY_MS = 250
const EVENTS_KEPT = 60

export abstract class Ledger {
  protected readonly mode: CrashMode
  protected readonly w: number
  protected readonly slots: Slot[]
  protected readonly deaths: Writable<Death>[] = []
  protected readonly crashes: (Writable<CrashRecord> & { collateral: Death[] })[] = []
  protected readonly completions: Completion[] = []
  protected readonly events: CrashEvent[] = []
  protected completed = 0
  protected lost = 0
  protected retried = 0
  protected restarts = 0
  protected hostDeaths = 0
  protected masterDied = false
  private liveTimer: NodeJS.Timeout | undefined

  constructor(
    protected readonly ctx: ScenarioContext<'crash-isolation'>,
    protected readonly language: CrashLanguage,
  ) {
    this.mode = ctx.options.mode === 'threads' ? 'threads' : 'processes'
    this.w = Number(ctx.options.workers)
    this.slots = Array.from({ length: this.w }, (_, i) => ({ index: i + 1, state: 'starting', completed: 0 }))
  }

  /** Tasks waiting in the master's queue. */
  protected abstract queued(): number
  /** Lost tasks still queued when the run ended. */
  protected abstract unfinished(): number
  /** The process holding the worker threads, or the Python master. */
  protected abstract hostPid(): number | undefined
  /** Sends the crash order to the worker; false when it cannot be reached. */
  protected abstract order(worker: number, how: Crash): boolean

  crash(how: Crash, worker: number): void {
    const slot = this.slots[worker - 1]
    if (!slot) throw new LabError('EINVAL', msg('error.noWorker', { worker, count: this.w }))
    if (slot.state !== 'idle' && slot.state !== 'busy')
      throw new LabError('EBUSY', msg('error.notRunning', { worker, state: slot.state }))
    const record = {
      n: this.crashes.length + 1,
      how,
      worker,
      at: Date.now(),
      pid: slot.pid,
      threadId: slot.threadId,
      collateral: [],
    }
    if (!this.order(worker, how)) throw new LabError('EBUSY', msg('error.unreachable', { worker }))
    this.crashes.push(record)
    this.note(msg('event.crash', { n: record.n, how: msg(`crash.${how}`), worker }))
    this.publishSoon()
  }

  protected spawnedIn(slots: readonly number[], pid: number): void {
    for (const i of slots) Object.assign(this.slots[i - 1], { pid, state: 'starting' })
    this.publishSoon()
  }

  protected readied(index: number, threadId?: number, pid?: number): void {
    const slot = this.slots[index - 1]
    if (pid !== undefined) slot.pid = pid
    slot.threadId = threadId
    slot.state = 'idle'
    const d = this.deaths.findLast((x) => x.slot === index)
    if (d && !d.replacedBy) d.replacedBy = { pid: slot.pid, threadId, afterMs: Date.now() - d.at }
    this.publishSoon()
  }

  protected assigned(index: number, task: LedgerTask): void {
    const slot = this.slots[index - 1]
    task.attempts++
    slot.task = task
    slot.state = 'busy'
  }

  /** A task finished; false when the slot was not doing it. */
  protected finished(index: number, id: number): boolean {
    const slot = this.slots[index - 1]
    const task = slot.task
    if (!task || task.id !== id) return false
    this.completed++
    if (task.lost) this.retried++
    slot.completed++
    slot.task = undefined
    slot.state = 'idle'
    this.completions.push({ at: Date.now(), slot: index, pid: slot.pid })
    this.publishSoon()
    return true
  }

  /** Slots died; `host`: the whole process holding them went. Returns the tasks they had. */
  protected buried(indexes: readonly number[], exit: ExitSeen, host: boolean, threadOnly = false): LedgerTask[] {
    if (host) this.hostDeaths++
    const lostTasks: LedgerTask[] = []
    for (const index of indexes) {
      const slot = this.slots[index - 1]
      const task = slot.task
      if (task) {
        this.lost++
        task.lost = true
        lostTasks.push(task)
      }
      slot.task = undefined
      slot.state = 'dead'
      const death: Death = {
        at: Date.now(),
        slot: index,
        pid: slot.pid,
        threadId: slot.threadId,
        exit,
        threadOnly,
        lostTask: task?.id,
        host,
      }
      this.deaths.push(death)
      this.attribute(death)
      const e = exitMsg(exit, threadOnly)
      this.note(
        this.mode === 'threads'
          ? msg('event.diedThread', { worker: index, tid: slot.threadId ?? '?', pid: slot.pid ?? '?', exit: e })
          : msg('event.diedProcess', { worker: index, pid: slot.pid ?? '?', exit: e }),
      )
      if (task && !this.masterDied) this.note(msg('event.taskLost', { worker: index, task: task.id }))
    }
    this.publishSoon()
    return lostTasks
  }

  protected decided(indexes: readonly number[], decision: RestartDecision): void {
    for (const i of indexes) this.slots[i - 1].state = decision.restart ? 'restarting' : 'dead'
    const who =
      indexes.length === 1
        ? msg('event.oneWorker', { worker: indexes[0] })
        : msg('event.allWorkers', { n: indexes.length })
    if (decision.restart) {
      this.restarts++
      this.note(msg('event.restarting', { who, ms: decision.delayMs, attempt: decision.attempt }))
    } else {
      // The restart policy's reason, as a message: it failed at startup, exited cleanly, crashed too often, or the run is stopping.
      const reason = decision.stopped
        ? 'stopped'
        : /before it was ready/.test(decision.why)
          ? 'beforeReady'
          : /exited cleanly/.test(decision.why)
            ? 'clean'
            : 'gaveUp'
      this.note(msg('event.notRestarted', { who, why: msg(`why.${reason}`) }))
    }
    this.publishSoon()
  }

  /** Which crash a death belongs to: the one aimed at this worker, else collateral of the latest one. */
  private attribute(death: Death): void {
    const recent = this.crashes.filter((c) => death.at - c.at <= CRASH_WINDOW_MS)
    const aimed = recent.find((c) => c.worker === death.slot && !c.victim)
    if (aimed) aimed.victim = death
    else recent.at(-1)?.collateral.push(death)
  }

  protected note(m: Msg): void {
    this.events.push({ at: Date.now(), msg: m })
    if (this.events.length > EVENTS_KEPT) this.events.splice(0, this.events.length - EVENTS_KEPT)
    this.ctx.log(m)
  }

  protected publishSoon(): void {
    // Tasks finish many times a second: a few updates a second are enough to watch.
    this.liveTimer ??= setTimeout(() => {
      this.liveTimer = undefined
      this.publish()
    }, LIVE_EVERY_MS)
  }

  protected publish(): void {
    clearTimeout(this.liveTimer)
    this.liveTimer = undefined
    this.ctx.setLive({
      mode: this.mode,
      language: this.language,
      hostPid: this.hostPid(),
      slots: this.slots.map((s) => ({
        index: s.index,
        pid: s.pid,
        threadId: s.threadId,
        state: s.state,
        task: s.task?.id,
        completed: s.completed,
      })),
      completed: this.completed,
      lost: this.lost,
      retried: this.retried,
      restarts: this.restarts,
      queued: this.queued(),
      crashes: this.crashes.map((c) => ({ n: c.n, how: c.how, worker: c.worker, at: c.at })),
      events: this.events.slice(-30),
    })
  }

  protected outcome(): RunOutcome<CrashData> {
    return crashOutcome({
      language: this.language,
      mode: this.mode,
      workers: this.w,
      completed: this.completed,
      lost: this.lost,
      retried: this.retried,
      unfinished: this.unfinished(),
      restarts: this.restarts,
      hostDeaths: this.hostDeaths,
      masterDied: this.masterDied,
      stopped: this.ctx.signal.aborted,
      completions: this.completions,
      data: { language: this.language, crashes: this.crashes, deaths: this.deaths, events: this.events },
    })
  }
}
