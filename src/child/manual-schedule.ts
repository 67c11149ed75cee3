// The host's side of "be the scheduler" for Node.js threads: the step action
// lets one thread through its gate (src/child/sync/step-gate.ts) and waits
// until every thread has come to rest again — at its next gate, finished, or
// blocked in a SharedMutex another thread holds — and only then publishes the
// run's schedule (ThreadLive.schedule) and answers. So a step's answer always
// shows where it led, and a thread woken by a release has taken its lock and
// reached its next gate before the next step is taken: the same schedule gives
// the same run.
import { coreMsg } from '../shared/i18n/core'
import { delay } from '../shared/delay'
import type { Msg } from '../shared/msg'
import type { NextStep, ScheduleLive, SteppedThread } from '../shared/scheduler'
import { MsgError, type Host, type LabWorker } from './scenario-host'
import type { StepGates } from './sync/step-gate'

/** How long a thread gets to reach its next gate after a step (a loaded machine is slow, a gate is not). */
const SETTLE_MS = 10_000
/** A step-by-step run nobody steps for this long ends: its host must not wait for ever. */
const IDLE_MS = 30 * 60_000
const WATCH_MS = 50

/** A lock as a text names it: "lock A", or "the lock" where the program has one called `lock`. */
export const lockMsg = (name: string): Msg =>
  name === 'lock' ? coreMsg('schedule.theLock') : coreMsg('schedule.lockNamed', { name })

export interface ManualConfig {
  readonly workers: readonly LabWorker[]
  readonly gates: StepGates
  /** The step names (`at`) the threads' gates index. */
  readonly steps: readonly string[]
  /** Thread i's step named steps[next], as the dashboard shows it. */
  nextOf(i: number, at: string): NextStep
  /** Thread i's own values (lock-race: its local copy of the balance). */
  locals(i: number): Record<string, number | string | null>
  /** The shared values; lock owners are added here. */
  shared(): Record<string, number | string | null>
}

export class ManualScheduler {
  private readonly steps: string[] = []
  private readonly taken: number[]
  private lastSig = ''
  private queue: Promise<unknown> = Promise.resolve()
  private lastStepAt = Date.now()

  constructor(
    private readonly host: Host,
    private readonly c: ManualConfig,
  ) {
    this.taken = c.workers.map(() => 0)
  }

  private ended(i: number): boolean {
    const state = this.host.table.read(this.c.workers[i].slot).state
    return this.c.gates.read(i).next < 0 || state === 'done' || state === 'terminated'
  }

  /** Blocked in a lock that another thread holds (a lock that is free means it is about to wake: not at rest). */
  private blockedOn(i: number): { lock: number; owner: number } | null {
    const r = this.host.table.read(this.c.workers[i].slot)
    if (r.state !== 'waiting') return null
    return { lock: r.arg, owner: this.host.locks.owner(r.arg) }
  }

  private atRest(i: number): boolean {
    if (this.ended(i) || this.c.gates.read(i).atGate) return true
    const b = this.blockedOn(i)
    return b !== null && b.owner >= 0 && b.owner !== this.c.workers[i].slot
  }

  /** Waits until every thread is at rest; false if one is not within SETTLE_MS. */
  async settle(): Promise<boolean> {
    const end = Date.now() + SETTLE_MS
    while (!this.c.workers.every((_, i) => this.atRest(i))) {
      if (Date.now() > end || this.host.signal.aborted) return false
      await delay(1)
    }
    return true
  }

  live(): ScheduleLive {
    const threads: SteppedThread[] = this.c.workers.map((w, i) => {
      const g = this.c.gates.read(i)
      const b = this.blockedOn(i)
      const ended = this.ended(i)
      return {
        name: w.name,
        tid: this.host.table.read(w.slot).tid,
        next: ended ? null : this.c.nextOf(i, this.c.steps[g.next] ?? this.c.steps[0]),
        blocked:
          !ended && b
            ? {
                lock: this.host.lockNames[b.lock] ?? String(b.lock),
                heldBy: b.owner >= 0 ? this.host.slotName(b.owner) : null,
              }
            : null,
        locals: this.c.locals(i),
        iteration: g.iteration,
        taken: this.taken[i],
      }
    })
    const owners = Object.fromEntries(
      this.host.lockNames.map((name, l) => {
        const o = this.host.locks.owner(l)
        return [`lock ${name}`, o >= 0 ? this.host.slotName(o) : null]
      }),
    )
    const left = threads.filter((t) => t.next !== null)
    return {
      threads,
      shared: { ...this.c.shared(), ...owners },
      steps: [...this.steps],
      over: left.every((t) => t.blocked !== null),
    }
  }

  /** Sends the schedule and the thread table if anything changed (or `force`). */
  publish(force = false): void {
    const live = this.live()
    const sig = JSON.stringify(live)
    if (!force && sig === this.lastSig) return
    this.lastSig = sig
    this.host.publish(true)
    this.host.live({ schedule: live })
  }

  /** The step action: one at a time, in the order they came. */
  step(thread: unknown): Promise<void> {
    const next = this.queue.then(() => this.stepNow(String(thread)))
    this.queue = next.catch(() => {})
    return next
  }

  private async stepNow(name: string): Promise<void> {
    const i = this.c.workers.findIndex((w) => w.name === name)
    if (i < 0) throw new MsgError(coreMsg('schedule.error.noThread', { thread: name }))
    await this.settle()
    if (this.ended(i)) throw new MsgError(coreMsg('schedule.error.finished', { thread: name }))
    const b = this.blockedOn(i)
    if (b) {
      const holder: Msg | string = b.owner >= 0 ? this.host.slotName(b.owner) : '—'
      throw new MsgError(
        coreMsg('schedule.error.blocked', {
          thread: name,
          lock: lockMsg(this.host.lockNames[b.lock] ?? String(b.lock)),
          holder,
        }),
      )
    }
    if (!this.c.gates.read(i).atGate) throw new MsgError(coreMsg('schedule.error.notReady', { thread: name }))
    this.steps.push(name)
    this.taken[i]++
    this.lastStepAt = Date.now()
    this.c.gates.grant(i)
    if (!(await this.settle())) throw new MsgError(coreMsg('schedule.error.notReady', { thread: name }))
    this.publish(true)
  }

  /** Something other than a step changed the threads (one was terminated): publish once they are at rest. */
  async changed(): Promise<void> {
    await this.settle()
    this.publish(true)
  }

  /**
   * Runs until every thread has ended, the run is stopped, nobody stepped for
   * IDLE_MS, or (`overForMs`) no step has been possible for that long — a
   * deadlock stays on show a while, then the run ends as a timeout.
   */
  async run(overForMs = Infinity): Promise<'completed' | 'stopped' | 'timeout'> {
    await this.settle()
    this.publish(true)
    let overSince: number | null = null
    for (;;) {
      if (this.host.signal.aborted) return 'stopped'
      if (this.c.workers.every((_, i) => this.ended(i))) {
        await Promise.all(this.c.workers.map((w) => w.exited))
        this.publish(true)
        return 'completed'
      }
      const live = this.live()
      overSince = live.over ? (overSince ?? Date.now()) : null
      if (overSince !== null && Date.now() - overSince >= overForMs) return 'timeout'
      if (Date.now() - this.lastStepAt > IDLE_MS) return 'timeout'
      // A thread that woke by itself (its lock was freed), or was terminated: the dashboard sees it.
      this.publish()
      await delay(WATCH_MS, this.host.signal).catch(() => {})
    }
  }
}
