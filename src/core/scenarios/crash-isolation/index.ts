// crash-isolation: a master handing a stream of small tasks to W workers, as
// worker processes or as worker threads in one host process. The master is
// this module, inside ProcLab; the user crashes a worker and the outcome shows
// who survived, what was lost and what was retried.
import type { ExitInfo, OutcomeCheck, RunOutcome } from '../../../shared/model'
import { entry } from '../../../child/entries'
import { LabError } from '../../errors'
import { describeExit } from '../../../shared/exit'
import { KeptChild, RestartPolicy, type RestartDecision } from '../../supervisor/restart'
import type { Started } from '../../supervisor/supervisor'
import type { Scenario, ScenarioContext, ScenarioOptions } from '../types'

export const CRASHES = ['exception', 'abort', 'segfault', 'sigkill', 'oom'] as const
type Crash = (typeof CRASHES)[number]
type Mode = 'processes' | 'threads'

/** Native crashes end a process, whichever thread causes them. */
const KILLS_HOST: ReadonlySet<Crash> = new Set(['abort', 'segfault', 'sigkill'])
const PROCESS_HEAP_MB = 64
const THREAD_HEAP_MB = 32
/** How long after a crash a death still counts as caused by it, and the others are watched. */
const CRASH_WINDOW_MS = 2500

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
  state: 'starting' | 'idle' | 'busy' | 'restarting' | 'dead'
  task?: Task
  completed: number
  send?: (m: object) => void
}

interface Death {
  readonly at: number
  readonly slot: number
  readonly pid?: number
  readonly threadId?: number
  readonly what: string
  readonly lostTask?: number
  /** The whole host process died (thread mode). */
  readonly host: boolean
  /** What took the slot over once it was ready again. */
  replacedBy?: { pid?: number; threadId?: number; afterMs: number }
}

interface CrashRecord {
  readonly n: number
  readonly how: Crash
  readonly worker: number
  readonly at: number
  readonly pid?: number
  readonly threadId?: number
  /** The death of the worker it was aimed at. */
  victim?: Death
  /** Other workers that died with it. */
  readonly collateral: Death[]
}

interface Completion {
  readonly at: number
  readonly slot: number
}

export const crashIsolationScenario: Scenario = {
  info: {
    id: 'crash-isolation',
    title: 'Crash isolation: processes vs threads',
    section: '进程 vs 线程',
    kind: 'process',
    summary:
      'The seed\'s master-worker comparison: with processes, a crashing worker takes only itself down, the master and the other workers carry on; with threads, ' +
      '"any thread that dies can take the whole process with it, because all threads share its memory". Here a master (inside ProcLab) feeds small tasks to W workers, ' +
      'as W processes or as W threads in one host process. Crash a worker with the action below and watch who survives: in process mode only that worker dies, ' +
      'the supervisor restarts it with backoff and re-queues its task. In thread mode a JavaScript exception (or, with a per-thread heap limit, running out of memory) ends only its thread, ' +
      'but abort, segfault and SIGKILL end the host process and every thread in it, losing all their tasks in flight. Completed, lost and retried tasks are counted; ProcLab itself survives every case.',
    options: [
      { key: 'mode', label: 'Workers are', type: 'choice', default: 'processes', choices: ['processes', 'threads'] },
      { key: 'workers', label: 'Workers', type: 'integer', default: 3, min: 2, max: 8 },
      { key: 'durationSec', label: 'Run for (s)', type: 'integer', default: 60, min: 2, max: 600, help: 'Then the master stops handing out new tasks, lets the last ones finish and ends.' },
      { key: 'taskMs', label: 'Longest task (ms)', type: 'integer', default: 400, min: 20, max: 5000, help: 'Each task takes a random time up to this.' },
    ],
    actions: [
      {
        id: 'crash',
        label: 'Crash a worker',
        options: [
          { key: 'how', label: 'How', type: 'choice', default: 'exception', choices: CRASHES, help: 'exception: uncaught error; abort: SIGABRT; segfault: SIGSEGV; sigkill: kill -9; oom: allocate until the heap limit.' },
          { key: 'worker', label: 'Worker', type: 'integer', default: 1, min: 1, max: 8 },
        ],
      },
    ],
  },
  sources: ['crash-worker', 'crash-host'],
  run: (ctx) => new Master(ctx).run(),
  action: async (ctx, action, options) => {
    const m = masters.get(ctx.runId)
    if (!m) throw new LabError('EINVAL', `Run ${ctx.runId} is not running`)
    if (action === 'crash') m.crash(options)
  },
}

const masters = new Map<string, Master>()

/**
 * A worker may die between our check and the write. Its exit is handled
 * elsewhere; the failed write must not become an 'error' event nobody listens to.
 */
function sendQuietly(s: Started, m: object): void {
  if (s.child.connected) s.child.send(m, () => {})
}

class Master {
  private readonly mode: Mode
  private readonly w: number
  private readonly taskMs: number
  private readonly slots: Slot[]
  private readonly queue: Task[] = []
  private readonly keepers: KeptChild[] = []
  private readonly threadPolicies = new Map<number, RestartPolicy>()
  private readonly deaths: Death[] = []
  private readonly crashes: CrashRecord[] = []
  private readonly completions: Completion[] = []
  private readonly events: { at: number; text: string }[] = []
  private nextId = 1
  private generating = true
  private completed = 0
  private lost = 0
  private retried = 0
  private restarts = 0
  private hostDeaths = 0
  private hostPid: number | undefined
  private liveTimer: NodeJS.Timeout | undefined
  private wake: (() => void) | undefined

  constructor(private readonly ctx: ScenarioContext) {
    this.mode = ctx.options.mode as Mode
    this.w = Number(ctx.options.workers)
    this.taskMs = Number(ctx.options.taskMs)
    this.slots = Array.from({ length: this.w }, (_, i) => ({ index: i + 1, state: 'starting', completed: 0 }))
  }

  async run(): Promise<RunOutcome> {
    masters.set(this.ctx.runId, this)
    try {
      if (this.mode === 'processes') await this.startProcesses()
      else await this.startThreadHost()
      const until = Date.now() + Number(this.ctx.options.durationSec) * 1000
      await this.waitUntil(() => Date.now() >= until, until - Date.now())
      this.generating = false
      this.note('time is up: no new tasks; waiting for the last ones')
      // Let re-queued and running tasks finish, unless no worker is left to run them.
      await this.waitUntil(() => this.queue.length === 0 && this.slots.every((s) => !s.task), 10_000)
    } finally {
      masters.delete(this.ctx.runId)
      await Promise.all(this.keepers.map((k) => k.stop(1000)))
      clearTimeout(this.liveTimer)
      this.publish()
    }
    return this.outcome()
  }

  // ---- workers as processes: each kept alive by the supervisor's restart policy ----

  private async startProcesses(): Promise<void> {
    const e = entry('crash-worker')
    await Promise.all(
      this.slots.map((slot) => {
        const keeper = new KeptChild({
          supervisor: this.ctx.supervisor,
          spec: {
            kind: 'fork',
            file: e.file,
            execArgv: [...e.execArgv, `--max-old-space-size=${PROCESS_HEAP_MB}`],
            runId: this.ctx.runId,
            role: `worker ${slot.index}`,
          },
          onStart: (s) => {
            slot.pid = s.pid
            slot.state = 'starting'
            slot.send = (m) => sendQuietly(s, m)
            s.child.on('message', (m: { type: string; id: number }) => {
              if (m.type === 'done') this.done(slot, m.id)
            })
            this.publishSoon()
          },
          onReady: () => {
            slot.state = 'idle'
            this.replaced(slot)
            this.dispatch()
          },
          onExit: (exit, decision) => {
            if (this.ctx.signal.aborted || (!decision.restart && decision.stopped)) return
            this.died(slot, describeExit(exit.reason, exit.code, exit.signal), false)
            this.afterDeath([slot], decision, exit)
          },
        })
        this.keepers.push(keeper)
        return keeper.start()
      }),
    )
  }

  // ---- workers as threads: one host process, kept alive by the same policy ----

  private async startThreadHost(): Promise<void> {
    const e = entry('crash-host')
    const keeper = new KeptChild({
      supervisor: this.ctx.supervisor,
      spec: {
        kind: 'fork',
        file: e.file,
        execArgv: e.execArgv,
        args: [JSON.stringify({ workers: this.w, threadHeapMb: THREAD_HEAP_MB })],
        runId: this.ctx.runId,
        role: 'thread host',
      },
      onStart: (s) => this.attachHost(s),
      onExit: (exit, decision) => {
        if (this.ctx.signal.aborted || (!decision.restart && decision.stopped)) return
        this.hostDeaths++
        const what = `the host ${describeExit(exit.reason, exit.code, exit.signal)}, with every thread in it`
        for (const slot of this.slots) this.died(slot, what, true)
        this.afterDeath(this.slots, decision, exit)
      },
    })
    this.keepers.push(keeper)
    await keeper.start()
  }

  private attachHost(s: Started): void {
    this.hostPid = s.pid
    const send = (m: object): void => sendQuietly(s, m)
    for (const slot of this.slots) {
      slot.pid = s.pid
      slot.state = 'starting'
      slot.send = (m) => send({ ...m, slot: slot.index })
    }
    s.child.on('message', (m: { type: string; slot: number; id: number; threadId: number; code: number; error?: string }) => {
      const slot = this.slots[m.slot - 1]
      if (!slot) return
      if (m.type === 'ready') {
        slot.threadId = m.threadId
        slot.state = 'idle'
        this.replaced(slot)
        this.dispatch()
      } else if (m.type === 'done') {
        this.done(slot, m.id)
      } else if (m.type === 'thread-exit') {
        if (this.ctx.signal.aborted) return
        this.died(slot, `thread ${slot.threadId} ended (${m.error ?? `exit code ${m.code}`}); the host lives on`, false)
        const policy = this.threadPolicies.get(slot.index) ?? new RestartPolicy()
        this.threadPolicies.set(slot.index, policy)
        const decision = policy.decide({ reason: m.error?.includes('OUT_OF_MEMORY') ? 'out-of-memory' : 'error-exit', code: m.code, signal: null }, true)
        if (decision.restart) {
          slot.state = 'restarting'
          this.restarts++
          this.ctx.supervisor.emit('event', { type: 'restart', at: Date.now(), runId: this.ctx.runId, role: `thread ${slot.index}`, oldPid: s.pid, attempt: decision.attempt, delayMs: decision.delayMs })
          this.note(`thread ${slot.index}: restarting in ${decision.delayMs} ms`)
          setTimeout(() => !this.ctx.signal.aborted && send({ type: 'respawn', slot: slot.index }), decision.delayMs)
        } else {
          slot.state = 'dead'
          this.note(`thread ${slot.index}: not restarted (${decision.why})`)
        }
      }
      this.publishSoon()
    })
    this.publishSoon()
  }

  // ---- the master's bookkeeping ----

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.state !== 'idle' || !slot.send) continue
      if (this.generating && this.queue.length === 0) this.queue.push({ id: this.nextId++, ms: 20 + Math.round(Math.random() * (this.taskMs - 20)), attempts: 0, lost: false })
      const task = this.queue.shift()
      if (!task) continue
      task.attempts++
      slot.task = task
      slot.state = 'busy'
      slot.send({ type: 'task', id: task.id, ms: task.ms })
    }
    this.publishSoon()
    this.wake?.()
  }

  private done(slot: Slot, id: number): void {
    const task = slot.task
    if (!task || task.id !== id) return
    this.completed++
    if (task.lost) this.retried++
    slot.completed++
    slot.task = undefined
    slot.state = 'idle'
    this.completions.push({ at: Date.now(), slot: slot.index })
    this.dispatch()
  }

  private died(slot: Slot, what: string, host: boolean): void {
    const task = slot.task
    if (task) {
      // The work in flight is gone with the worker; the master still has the task and queues it again, first in line.
      this.lost++
      task.lost = true
      this.queue.unshift(task)
    }
    slot.task = undefined
    slot.state = 'dead'
    slot.send = undefined
    const death: Death = { at: Date.now(), slot: slot.index, pid: slot.pid, threadId: slot.threadId, what, lostTask: task?.id, host }
    this.deaths.push(death)
    this.attribute(death)
    this.note(`worker ${slot.index} (${this.mode === 'threads' ? `thread ${slot.threadId}, pid ${slot.pid}` : `pid ${slot.pid}`}): ${what}${task ? `; task ${task.id} lost and re-queued` : ''}`)
    this.wake?.()
  }

  /** Which crash a death belongs to: the one aimed at this worker, else collateral of the latest one. */
  private attribute(death: Death): void {
    const recent = this.crashes.filter((c) => death.at - c.at <= CRASH_WINDOW_MS)
    const aimed = recent.find((c) => c.worker === death.slot && !c.victim)
    if (aimed) aimed.victim = death
    else recent.at(-1)?.collateral.push(death)
  }

  private replaced(slot: Slot): void {
    const d = [...this.deaths].reverse().find((x) => x.slot === slot.index)
    if (d && !d.replacedBy) d.replacedBy = { pid: slot.pid, threadId: slot.threadId, afterMs: Date.now() - d.at }
  }

  private afterDeath(slots: Slot[], decision: RestartDecision, exit: ExitInfo): void {
    for (const slot of slots) slot.state = decision.restart ? 'restarting' : 'dead'
    if (decision.restart) {
      this.restarts++
      this.note(`restarting in ${decision.delayMs} ms (attempt ${decision.attempt})`)
    } else {
      this.note(`not restarted: ${decision.why} (${exit.reason})`)
    }
    this.publishSoon()
  }

  crash(options: ScenarioOptions): void {
    const how = options.how as Crash
    const worker = Number(options.worker)
    const slot = this.slots[worker - 1]
    if (!slot) throw new LabError('EINVAL', `There is no worker ${worker}: this run has ${this.w}`)
    if ((slot.state !== 'idle' && slot.state !== 'busy') || !slot.send) {
      throw new LabError('EBUSY', `Worker ${worker} is not running right now (${slot.state})`)
    }
    const record: CrashRecord = { n: this.crashes.length + 1, how, worker, at: Date.now(), pid: slot.pid, threadId: slot.threadId, collateral: [] }
    this.crashes.push(record)
    this.note(`crash ${record.n}: ${how} in worker ${worker}`)
    slot.send({ type: 'crash', how })
    this.publishSoon()
  }

  // ---- live state and outcome ----

  private note(text: string): void {
    this.events.push({ at: Date.now(), text })
    if (this.events.length > 60) this.events.splice(0, this.events.length - 60)
    this.ctx.log(text)
  }

  private publishSoon(): void {
    // Tasks finish many times a second: a few updates a second are enough to watch.
    this.liveTimer ??= setTimeout(() => {
      this.liveTimer = undefined
      this.publish()
    }, 250)
  }

  private publish(): void {
    this.ctx.setLive({
      mode: this.mode,
      hostPid: this.hostPid,
      slots: this.slots.map((s) => ({ index: s.index, pid: s.pid, threadId: s.threadId, state: s.state, task: s.task?.id, completed: s.completed })),
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

  private outcome(): RunOutcome {
    const checks: OutcomeCheck[] = this.crashes.map((c) => this.judge(c))
    const unfinished = this.queue.filter((t) => t.lost).length
    const lostTasks = new Set(this.deaths.flatMap((d) => (d.lostTask === undefined ? [] : [d.lostTask])))
    if (lostTasks.size > 0) {
      checks.push({
        label: 'Every task lost in a crash was re-queued and done again',
        ok: unfinished === 0 || this.ctx.signal.aborted,
        detail: `${this.lost} lost, ${this.retried} done on a retry${unfinished ? `, ${unfinished} still waiting when the run ended` : ''}`,
      })
    }
    if (this.crashes.length === 0) {
      checks.push({ label: 'Crash a worker (action "Crash a worker") to test isolation', ok: false, detail: 'no crash was ordered in this run' })
    }
    const hostDeaths = this.hostDeaths
    return {
      summary:
        `${this.mode === 'processes' ? `${this.w} worker processes` : `${this.w} worker threads in one host process`}: ${this.completed} tasks done, ` +
        `${this.lost} lost to ${this.crashes.length} crash${this.crashes.length === 1 ? '' : 'es'}, ${this.retried} retried, ${this.restarts} restart${this.restarts === 1 ? '' : 's'}` +
        (this.mode === 'threads' ? `, the host died ${hostDeaths} time${hostDeaths === 1 ? '' : 's'}` : '') +
        `. ProcLab (pid ${process.pid}) carried on throughout.`,
      checks,
      figures: {
        mode: this.mode,
        workers: this.w,
        completed: this.completed,
        lost: this.lost,
        retried: this.retried,
        unfinished,
        crashes: this.crashes.length,
        restarts: this.restarts,
        hostDeaths,
        proclabPid: process.pid,
      },
      data: { crashes: this.crashes, deaths: this.deaths, events: this.events },
    }
  }

  /** Did this crash do what the seed says it should, for this mode and this kind of crash? */
  private judge(c: CrashRecord): OutcomeCheck {
    const label = `Crash ${c.n}: ${c.how} in worker ${this.mode === 'processes' ? 'process' : 'thread'} ${c.worker}`
    const victim = c.victim
    if (!victim) return { label, ok: false, detail: `worker ${c.worker} did not die within ${CRASH_WINDOW_MS / 1000} s` }
    const back = victim.replacedBy
    const all = [victim, ...c.collateral]
    const lostHere = all.filter((d) => d.lostTask !== undefined).length
    if (this.mode === 'threads' && KILLS_HOST.has(c.how)) {
      return {
        label,
        ok: victim.host && c.collateral.length === this.w - 1,
        detail:
          `${victim.what}: ${c.collateral.length + 1} of ${this.w} threads died, ${lostHere} task${lostHere === 1 ? '' : 's'} in flight lost and re-queued` +
          (back ? `; ProcLab restarted the host as pid ${back.pid}, its threads ready ${back.afterMs} ms after the crash` : '; the host was not restarted'),
      }
    }
    // Tasks the other workers finished while the victim was down: proof they kept working.
    const othersDone = this.completions.filter((x) => x.slot !== c.worker && x.at > victim.at && x.at <= victim.at + CRASH_WINDOW_MS).length
    const survivors = this.w - 1 - c.collateral.length
    return {
      label,
      ok: !victim.host && c.collateral.length === 0 && othersDone > 0,
      detail:
        `${this.mode === 'processes' ? `pid ${c.pid} ` : ''}${victim.what}; ` +
        `the master and ${survivors} other worker${survivors === 1 ? '' : 's'} kept running and finished ${othersDone} task${othersDone === 1 ? '' : 's'} in the next ${CRASH_WINDOW_MS / 1000} s` +
        `${victim.lostTask !== undefined ? `; task ${victim.lostTask} was lost and re-queued` : '; it was idle, no task lost'}` +
        (back ? `; restarted as ${this.mode === 'processes' ? `pid ${back.pid}` : `thread ${back.threadId}`}, ready ${back.afterMs} ms after it died` : '; not restarted'),
    }
  }

}
