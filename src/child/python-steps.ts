// "Be the scheduler" for ProcLab's Python programs (issue 21), in the scenario
// host: the program's threads stop at their gates (src/python/proclab.py's
// Scheduler); here a `step` action becomes an order on the program's stdin,
// and the action is done when the program reports its state again with that
// order's id, or refused when the program refuses it. What the program
// reports is published as the run's live `schedule` (src/shared/scheduler.ts),
// its step labels turned into messages.
//
// The program → host messages (one JSON line each, src/shared/python-protocol.ts):
//   {type:'schedule', schedule: ProgramSchedule, step: <order id> | null}
//       every time all threads stand still again (at a gate, finished, or
//       blocked in a lock another thread holds); `step` names the order that
//       led there, null for a change no order made (the start, a timeout).
//   {type:'step-refused', step: <order id>, thread, why: 'unknown' | 'finished'
//       | 'blocked' | 'busy', blocked: {lock, heldBy} | null}
// host → program: {type:'step', thread: 'Thread-1', id: <order id>}.
import { coreMsg } from '../shared/i18n/core'
import type { Msg, MsgParams } from '../shared/msg'
import type { ScheduleLive, SteppedThread, StepKind } from '../shared/scheduler'
import type { LabThreadState } from '../shared/thread-protocol'
import { MsgError, type Host, type HostChild } from './scenario-host'

/** A thread's next step as the program reports it: its label is made here, as a message. */
export interface ProgramStep {
  readonly kind: StepKind
  readonly at: string
  readonly lock?: string
  /** Values for the label ("add {amount} to local"). */
  readonly params?: Readonly<Record<string, number | string>>
}

/** A thread as the program reports it: the contract's, with its next step unlabelled (labels are built here). */
type ProgramThread = Omit<SteppedThread, 'next'> & { readonly next: ProgramStep | null }

/** The schedule as the program reports it (the core adds the challenge). */
export type ProgramSchedule = Omit<ScheduleLive, 'threads' | 'challenge'> & {
  readonly threads: readonly ProgramThread[]
}

/** Why a step is refused: the program's reasons, and the host's own (the program ended, or never answered). */
export type Refusal = 'unknown' | 'finished' | 'blocked' | 'busy' | 'ended' | 'noAnswer'

/** The scenario's words for each step (the refusals are the core's, the same for every scenario). */
export interface StepTexts {
  label(step: ProgramStep): Msg
}

const refusedMsg = (why: Refusal, params: MsgParams): Msg => coreMsg(`schedule.refused.${why}`, params)

interface ProgramMessage {
  readonly type?: string
  readonly schedule?: ProgramSchedule
  readonly step?: number | null
  readonly thread?: string
  readonly why?: string
  readonly blocked?: { readonly lock: string; readonly heldBy: string | null } | null
}

const REFUSALS: readonly string[] = ['unknown', 'finished', 'blocked', 'busy']

/** A step the program must answer within this (a step is microseconds of Python; the machine may be loaded). */
const ANSWER_MS = 15_000

export class PythonSchedule {
  /** The last state the program reported, as published. */
  last: ScheduleLive | null = null
  private seq = 0
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>()
  /** Steps go one at a time, in the order they were asked for (a replay sends them back to back). */
  private queue: Promise<void> = Promise.resolve()
  private readonly ready: Promise<void>
  private gotFirst!: () => void
  private ended = false
  private readonly listeners: ((s: ScheduleLive) => void)[] = []

  constructor(
    private readonly host: Host,
    private readonly child: HostChild,
    private readonly texts: StepTexts,
  ) {
    this.ready = new Promise((resolve) => (this.gotFirst = resolve))
    void child.exited.then(() => this.end())
  }

  /** Takes the program's scheduler messages; false for any other message. */
  take(raw: unknown): boolean {
    const m = (raw ?? {}) as ProgramMessage
    if (m.type === 'schedule' && m.schedule) {
      this.last = this.toLive(m.schedule)
      this.mirror(m.schedule)
      // Published before the step's answer: whoever awaited the step sees its result.
      this.host.live({ schedule: this.last })
      this.gotFirst()
      for (const l of this.listeners) l(this.last)
      if (typeof m.step === 'number') this.settle(m.step)
      return true
    }
    if (m.type === 'step-refused') {
      const why = REFUSALS.includes(m.why ?? '') ? (m.why as Refusal) : 'busy'
      const params: MsgParams = {
        thread: String(m.thread ?? ''),
        lock: m.blocked?.lock ?? '',
        holder: m.blocked?.heldBy ?? coreMsg('schedule.nobody'),
      }
      if (typeof m.step === 'number') this.settle(m.step, new MsgError(refusedMsg(why, params)))
      return true
    }
    return false
  }

  /** Each new state the program reports. */
  onChange(listener: (s: ScheduleLive) => void): void {
    this.listeners.push(listener)
  }

  /** Lets one thread take one step: resolves once the program reports the state after it. */
  step(thread: unknown): Promise<void> {
    const one = this.queue.then(() => this.one(String(thread)))
    this.queue = one.catch(() => {})
    return one
  }

  private async one(thread: string): Promise<void> {
    // Orders before the threads stand at their first gates would be refused as busy.
    await this.ready
    if (this.ended) throw new MsgError(refusedMsg('ended', { thread }))
    const id = ++this.seq
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id)
        reject(new MsgError(refusedMsg('noAnswer', { thread, s: ANSWER_MS / 1000 })))
      }, ANSWER_MS)
      this.waiting.set(id, {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e) => (clearTimeout(timer), reject(e)),
      })
      if (!this.child.send({ type: 'step', thread, id })) this.settle(id, new MsgError(refusedMsg('ended', { thread })))
    })
  }

  private settle(id: number, error?: Error): void {
    const w = this.waiting.get(id)
    if (!w) return
    this.waiting.delete(id)
    if (error) w.reject(error)
    else w.resolve()
  }

  /** The program has ended: no step can be taken, and none is still answered. */
  private end(): void {
    this.ended = true
    this.gotFirst()
    for (const id of [...this.waiting.keys()]) this.settle(id, new MsgError(refusedMsg('ended', {})))
  }

  /**
   * The run's thread list says what the OS would: a thread at its gate is
   * asleep on its Event, a blocked one waits for its lock (when the host
   * knows the lock by that name), a finished one is done. Only changes are
   * written, so `since` keeps the moment a thread blocked.
   */
  private mirror(s: ProgramSchedule): void {
    const { host } = this
    for (const t of s.threads) {
      let slot = -1
      for (let i = 1; i < host.threadCount() && slot < 0; i++) if (host.slotName(i) === t.name) slot = i
      if (slot < 0) continue
      const lock = t.blocked ? host.lockNames.indexOf(t.blocked.lock) : -1
      if (t.blocked && lock < 0) continue
      const state: LabThreadState = t.blocked ? 'waiting' : t.next === null ? 'done' : 'sleeping'
      const now = host.table.read(slot)
      if (now.state !== state || now.arg !== lock) host.table.set(slot, state, lock)
    }
    host.publish(true)
  }

  private toLive(s: ProgramSchedule): ScheduleLive {
    return {
      threads: s.threads.map((t) => ({
        name: t.name,
        tid: t.tid,
        next: t.next
          ? {
              kind: t.next.kind,
              at: t.next.at,
              label: this.texts.label(t.next),
              ...(t.next.lock !== undefined ? { lock: t.next.lock } : {}),
            }
          : null,
        blocked: t.blocked,
        locals: t.locals,
        iteration: t.iteration,
        taken: t.taken,
      })),
      shared: s.shared,
      steps: s.steps,
      over: s.over,
    }
  }
}
