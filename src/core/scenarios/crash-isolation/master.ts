// crash-isolation's Node master, inside ProcLab: it makes small tasks, hands
// each to an idle worker, counts what finishes, and when a worker dies puts the
// task it had back at the head of the queue. The ledger records every crash the
// user orders and every death, so judge.ts can say afterwards who was taken
// down by what.
import type { RunOutcome } from '../../../shared/model'
import type { Crash, CrashData, ExitSeen } from '../../../shared/scenarios/crash-isolation'
import { crashIsolationMsg as msg } from '../../../shared/i18n/scenarios/crash-isolation'
import type { RestartDecision } from '../../supervisor/restart'
import type { ScenarioContext } from '../types'
import { Ledger, type LedgerTask } from './ledger'
import { workerProcesses, workerThreads, type WorkerEvents, type Workers } from './workers'

/** After the time is up, how long the last tasks (and re-queued ones) may take. */
const DRAIN_MS = 10_000

export class Master extends Ledger implements WorkerEvents {
  private readonly taskMs: number
  private readonly workers: Workers
  private readonly queue: LedgerTask[] = []
  private nextId = 1
  private generating = true
  private wake: (() => void) | undefined

  constructor(ctx: ScenarioContext<'crash-isolation'>) {
    super(ctx, 'node')
    this.taskMs = Number(ctx.options.taskMs)
    this.workers = (this.mode === 'processes' ? workerProcesses : workerThreads)(ctx, this.w, this)
  }

  async run(): Promise<RunOutcome<CrashData>> {
    try {
      await this.workers.start()
      const until = Date.now() + Number(this.ctx.options.durationSec) * 1000
      await this.waitUntil(() => Date.now() >= until, until - Date.now())
      this.generating = false
      this.note(msg('event.timeUp'))
      // Let re-queued and running tasks finish, unless no worker is left to run them.
      await this.waitUntil(() => this.queue.length === 0 && this.slots.every((s) => !s.task), DRAIN_MS)
    } finally {
      await this.workers.stop(1000)
      this.publish()
    }
    return this.outcome()
  }

  protected queued(): number {
    return this.queue.length
  }

  protected unfinished(): number {
    return this.queue.filter((t) => t.lost).length
  }

  protected hostPid(): number | undefined {
    return this.workers.hostPid
  }

  protected order(worker: number, how: Crash): boolean {
    return this.workers.send(worker, { type: 'crash', how })
  }

  // ---- what the workers tell us ----

  stopping(): boolean {
    return this.ctx.signal.aborted
  }

  spawned(slots: readonly number[], pid: number): void {
    this.spawnedIn(slots, pid)
  }

  ready(index: number, threadId?: number): void {
    this.readied(index, threadId)
    this.dispatch()
  }

  done(index: number, id: number): void {
    if (this.finished(index, id)) this.dispatch()
  }

  died(indexes: readonly number[], exit: ExitSeen, host: boolean, threadOnly = false): void {
    // The work in flight is gone with the worker; the master still has the task and queues it again, first in line.
    this.queue.unshift(...this.buried(indexes, exit, host, threadOnly))
    this.wake?.()
  }

  override decided(indexes: readonly number[], decision: RestartDecision): void {
    super.decided(indexes, decision)
  }

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
      this.assigned(slot.index, task)
    }
    this.publishSoon()
    this.wake?.()
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
}
