// crash-isolation's master, inside ProcLab: it makes small tasks, hands each
// to an idle worker, counts what finishes, and when a worker dies puts the task
// it had back at the head of the queue. It records every crash the user orders
// and every death, so judge.ts can say afterwards who was taken down by what.
import type { RunOutcome } from '../../../shared/model'
import type { Writable } from '../../../shared/child-protocol'
import type {
  Crash,
  CrashData,
  CrashEvent,
  CrashMode,
  CrashRecord,
  CrashSlotState,
  Death,
} from '../../../shared/scenarios/crash-isolation'
import { LabError } from '../../errors'
import type { RestartDecision } from '../../supervisor/restart'
import type { ScenarioContext } from '../types'
import { CRASH_WINDOW_MS, crashOutcome, type Completion } from './judge'
import { workerProcesses, workerThreads, type WorkerEvents, type Workers } from './workers'

interface Task {
  readonly id: number
  readonly ms: number
  attempts: number
  lost: boolean
}

interface Slot {
  readonly index: number
  pid?: number
  threadId?: number
  state: CrashSlotState
  task?: Task
  completed: number
}

const LIVE_EVERY_MS = 250
const EVENTS_KEPT = 60
/** After the time is up, how long the last tasks (and re-queued ones) may take. */
const DRAIN_MS = 10_000

export class Master implements WorkerEvents {
  private readonly mode: CrashMode
  private readonly w: number
  private readonly taskMs: number
  private readonly slots: Slot[]
  private readonly workers: Workers
  private readonly queue: Task[] = []
  private readonly deaths: Writable<Death>[] = []
  private readonly crashes: (Writable<CrashRecord> & { collateral: Death[] })[] = []
  private readonly completions: Completion[] = []
  private readonly events: CrashEvent[] = []
  private nextId = 1
  private generating = true
  private completed = 0
  private lost = 0
  private retried = 0
  private restarts = 0
  private hostDeaths = 0
  private liveTimer: NodeJS.Timeout | undefined
  private wake: (() => void) | undefined

  constructor(private readonly ctx: ScenarioContext<'crash-isolation'>) {
    this.mode = ctx.options.mode === 'threads' ? 'threads' : 'processes'
    this.w = Number(ctx.options.workers)
    this.taskMs = Number(ctx.options.taskMs)
    this.slots = Array.from({ length: this.w }, (_, i) => ({ index: i + 1, state: 'starting', completed: 0 }))
    this.workers = (this.mode === 'processes' ? workerProcesses : workerThreads)(ctx, this.w, this)
  }

  async run(): Promise<RunOutcome<CrashData>> {
    try {
      await this.workers.start()
      const until = Date.now() + Number(this.ctx.options.durationSec) * 1000
      await this.waitUntil(() => Date.now() >= until, until - Date.now())
      this.generating = false
      this.note('time is up: no new tasks; waiting for the last ones')
      // Let re-queued and running tasks finish, unless no worker is left to run them.
      await this.waitUntil(() => this.queue.length === 0 && this.slots.every((s) => !s.task), DRAIN_MS)
    } finally {
      await this.workers.stop(1000)
      clearTimeout(this.liveTimer)
      this.publish()
    }
    return this.outcome()
  }

  crash(how: Crash, worker: number): void {
    const slot = this.slots[worker - 1]
    if (!slot) throw new LabError('EINVAL', `There is no worker ${worker}: this run has ${this.w}`)
    if (slot.state !== 'idle' && slot.state !== 'busy')
      throw new LabError('EBUSY', `Worker ${worker} is not running right now (${slot.state})`)
    const record = {
      n: this.crashes.length + 1,
      how,
      worker,
      at: Date.now(),
      pid: slot.pid,
      threadId: slot.threadId,
      collateral: [],
    }
    if (!this.workers.send(worker, { type: 'crash', how }))
      throw new LabError('EBUSY', `Worker ${worker} cannot be reached right now`)
    this.crashes.push(record)
    this.note(`crash ${record.n}: ${how} in worker ${worker}`)
    this.publishSoon()
  }

  // ---- what the workers tell us ----

  stopping(): boolean {
    return this.ctx.signal.aborted
  }

  spawned(slots: readonly number[], pid: number): void {
    for (const i of slots) Object.assign(this.slots[i - 1], { pid, state: 'starting' })
    this.publishSoon()
  }

  ready(index: number, threadId?: number): void {
    const slot = this.slots[index - 1]
    slot.threadId = threadId
    slot.state = 'idle'
    const d = this.deaths.findLast((x) => x.slot === index)
    if (d && !d.replacedBy) d.replacedBy = { pid: slot.pid, threadId, afterMs: Date.now() - d.at }
    this.dispatch()
  }

  done(index: number, id: number): void {
    const slot = this.slots[index - 1]
    const task = slot.task
    if (!task || task.id !== id) return
    this.completed++
    if (task.lost) this.retried++
    slot.completed++
    slot.task = undefined
    slot.state = 'idle'
    this.completions.push({ at: Date.now(), slot: index })
    this.dispatch()
  }

  died(indexes: readonly number[], what: string, host: boolean): void {
    if (host) this.hostDeaths++
    for (const index of indexes) {
      const slot = this.slots[index - 1]
      const task = slot.task
      if (task) {
        // The work in flight is gone with the worker; the master still has the task and queues it again, first in line.
        this.lost++
        task.lost = true
        this.queue.unshift(task)
      }
      slot.task = undefined
      slot.state = 'dead'
      const death: Death = {
        at: Date.now(),
        slot: index,
        pid: slot.pid,
        threadId: slot.threadId,
        what,
        lostTask: task?.id,
        host,
      }
      this.deaths.push(death)
      this.attribute(death)
      const who = this.mode === 'threads' ? `thread ${slot.threadId}, pid ${slot.pid}` : `pid ${slot.pid}`
      this.note(`worker ${index} (${who}): ${what}${task ? `; task ${task.id} lost and re-queued` : ''}`)
    }
    this.wake?.()
  }

  decided(indexes: readonly number[], decision: RestartDecision, why: string): void {
    for (const i of indexes) this.slots[i - 1].state = decision.restart ? 'restarting' : 'dead'
    const who = indexes.length === 1 ? `worker ${indexes[0]}` : `${indexes.length} workers`
    if (decision.restart) {
      this.restarts++
      this.note(`${who}: restarting in ${decision.delayMs} ms (attempt ${decision.attempt})`)
    } else {
      this.note(`${who}: not restarted: ${decision.why} (${why})`)
    }
    this.publishSoon()
  }

  // ---- bookkeeping ----

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.state !== 'idle') continue
      if (this.generating && this.queue.length === 0)
        this.queue.push({
          id: this.nextId++,
          ms: 20 + Math.round(Math.random() * (this.taskMs - 20)),
          attempts: 0,
          lost: false,
        })
      const task = this.queue.shift()
      if (!task) continue
      if (!this.workers.send(slot.index, { type: 'task', id: task.id, ms: task.ms })) {
        this.queue.unshift(task)
        continue
      }
      task.attempts++
      slot.task = task
      slot.state = 'busy'
    }
    this.publishSoon()
    this.wake?.()
  }

  /** Which crash a death belongs to: the one aimed at this worker, else collateral of the latest one. */
  private attribute(death: Death): void {
    const recent = this.crashes.filter((c) => death.at - c.at <= CRASH_WINDOW_MS)
    const aimed = recent.find((c) => c.worker === death.slot && !c.victim)
    if (aimed) aimed.victim = death
    else recent.at(-1)?.collateral.push(death)
  }

  private note(text: string): void {
    this.events.push({ at: Date.now(), text })
    if (this.events.length > EVENTS_KEPT) this.events.splice(0, this.events.length - EVENTS_KEPT)
    this.ctx.log(text)
  }

  private publishSoon(): void {
    // Tasks finish many times a second: a few updates a second are enough to watch.
    this.liveTimer ??= setTimeout(() => {
      this.liveTimer = undefined
      this.publish()
    }, LIVE_EVERY_MS)
  }

  private publish(): void {
    this.ctx.setLive({
      mode: this.mode,
      hostPid: this.workers.hostPid,
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
      queued: this.queue.length,
      crashes: this.crashes.map((c) => ({ n: c.n, how: c.how, worker: c.worker, at: c.at })),
      events: this.events.slice(-30),
    })
  }

  private waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer)
        this.ctx.signal.removeEventListener('abort', finish)
        this.wake = undefined
        resolve()
      }
      const timer = setTimeout(finish, Math.max(0, timeoutMs))
      this.ctx.signal.addEventListener('abort', finish, { once: true })
      this.wake = () => done() && finish()
      if (done() || this.ctx.signal.aborted) finish()
    })
  }

  private outcome(): RunOutcome<CrashData> {
    return crashOutcome({
      mode: this.mode,
      workers: this.w,
      completed: this.completed,
      lost: this.lost,
      retried: this.retried,
      unfinished: this.queue.filter((t) => t.lost).length,
      restarts: this.restarts,
      hostDeaths: this.hostDeaths,
      stopped: this.ctx.signal.aborted,
      completions: this.completions,
      data: { crashes: this.crashes, deaths: this.deaths, events: this.events },
    })
  }
}
