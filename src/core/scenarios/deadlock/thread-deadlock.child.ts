// deadlock (Lock, 死锁): two threads take two locks in opposite order. Thread-1
// holds A and wants B; Thread-2 holds B and wants A; neither can go on, and
// neither will give up what it holds. Both sleep in the kernel (Atomics.wait)
// for ever, using no CPU. The 'ordered' variant takes A before B in both
// threads, which can never deadlock; the 'timeout' variant gives up the second
// lock after a while, releases the first and tries again. In Python
// (src/python/deadlock.py) the same program runs with threading.Lock, whose
// holders and waiters it reports so the lab can draw the same graph.
import { SharedMutex } from '../../../child/sync/mutex'
import { delay } from '../../../shared/delay'
import { labThread, sleepBlocking } from '../../../child/lab-thread'
import { MsgError, type Host, type HostChild, type LabWorker } from '../../../child/scenario-host'
import type { DeadlockResult, DeadlockVariant } from '../../../shared/scenarios/deadlock'
import { deadlockMsg } from '../../../shared/i18n/scenarios/deadlock'
import { lockMsg, ManualScheduler } from '../../../child/manual-schedule'
import { StepGate, StepGates } from '../../../child/sync/step-gate'
import { coreMsg } from '../../../shared/i18n/core'
import { STEP_ACTION, type NextStep } from '../../../shared/scheduler'
import { PythonSchedule, type ProgramStep, type StepTexts } from '../../../child/python-steps'

/** schedule: manual — the steps a thread stops before; each is the line below marked `step: <name>`. */
const STEPS = ['acquire-first', 'acquire-second', 'release']

interface DeadlockData {
  readonly first: number
  readonly second: number
  readonly lockNames: readonly string[]
  readonly holdMs: number
  /** timeout variant: how long to wait for the second lock before backing off; 0 = for ever. */
  readonly timeoutMs: number
  /** Counts back-offs (Int32Array cell 0). */
  readonly retries: SharedArrayBuffer
  /** schedule: manual — the threads' gates (src/child/sync/step-gate.ts); this thread's index in them. */
  readonly gates?: SharedArrayBuffer
  readonly index?: number
}

// ---- each thread ----

const self = labThread<DeadlockData>('thread-deadlock')
if (self?.data.gates) stepByStep(self.data, self.data.gates)
else if (self) {
  const { first, second, lockNames, holdMs, timeoutMs } = self.data
  const a = new SharedMutex(self.locks!, first, self.table, self.slot)
  const b = new SharedMutex(self.locks!, second, self.table, self.slot)
  for (;;) {
    self.print(`${self.name}: taking lock ${lockNames[first]}`)
    a.lock()
    self.print(`${self.name}: holds ${lockNames[first]}, working`)
    // While we work, the other thread takes its first lock: the trap is set.
    self.set('sleeping')
    sleepBlocking(holdMs)
    self.set('running')
    self.print(`${self.name}: taking lock ${lockNames[second]}`)
    if (!timeoutMs) {
      b.lock()
      break
    }
    if (lockWithin(b, second, timeoutMs)) break
    // The remedy: give back what we hold so the other thread can go on, and try again later.
    self.print(`${self.name}: could not get ${lockNames[second]} in ${timeoutMs} ms: releasing ${lockNames[first]}`)
    Atomics.add(new Int32Array(self.data.retries), 0, 1)
    a.unlock()
    sleepBlocking(50 + Math.random() * 250)
  }
  self.print(`${self.name}: holds ${lockNames[first]} and ${lockNames[second]}`)
  b.unlock()
  a.unlock()
  self.print(`${self.name}: released both locks, done`)
  self.set('done')
}

/** lock.acquire(timeout=...): tries for `ms`, showing the wait in the table meanwhile. */
function lockWithin(m: SharedMutex, index: number, ms: number): boolean {
  const end = performance.now() + ms
  self!.set('waiting', index)
  while (!m.tryLock()) {
    if (performance.now() >= end) {
      self!.set('running')
      return false
    }
    sleepBlocking(2)
  }
  self!.set('running')
  return true
}

// ---- each thread, when you are the scheduler (schedule: manual) ----

/** The same two locks, one step at a time as you let the thread go. */
function stepByStep(data: DeadlockData, gates: SharedArrayBuffer): void {
  const me = self!
  const gate = new StepGate(gates, data.index ?? 0, STEPS, (waiting) => me.set(waiting ? 'sleeping' : 'running'))
  const firstLock = new SharedMutex(me.locks!, data.first, me.table, me.slot)
  const secondLock = new SharedMutex(me.locks!, data.second, me.table, me.slot)
  gate.before('acquire-first', 1)
  firstLock.lock() // step: acquire-first
  gate.before('acquire-second', 1)
  secondLock.lock() // step: acquire-second
  gate.before('release', 1)
  secondLock.unlock() // step: release
  firstLock.unlock()
  gate.finish()
  me.print(`${me.name}: held ${data.lockNames[data.first]} and ${data.lockNames[data.second]}, released both, done`)
  me.set('done')
}

// ---- the host's main thread ----

type Python = { readonly file: string; readonly args: readonly string[] }

export async function drive(host: Host, options: Record<string, unknown>): Promise<DeadlockResult> {
  const lockNames = ['A', 'B']
  host.useLocks(lockNames)
  const variant = options.variant as DeadlockVariant
  const python = options.python as Python | undefined
  if (options.language === 'python' && python) return drivePython(host, python, variant, lockNames, options)
  if (options.schedule === 'manual') return driveManual(host, variant, lockNames, options)
  const ordered = variant === 'ordered'
  const plans = ordered
    ? [
        [0, 1],
        [0, 1],
      ]
    : [
        [0, 1],
        [1, 0],
      ]
  const holdMs = options.holdMs as number
  const retries = new SharedArrayBuffer(4)
  const ws = (options.threadNames as string[]).map((name, i) =>
    host.startThread('thread-deadlock', name, {
      first: plans[i][0],
      second: plans[i][1],
      lockNames,
      holdMs,
      timeoutMs: variant === 'timeout' ? holdMs * 2 : 0,
      retries,
    } satisfies DeadlockData),
  )
  let broken: DeadlockResult['broken'] = null
  host.onAction(async (action, opts) => {
    if (action === STEP_ACTION) throw new MsgError(coreMsg('schedule.error.notManual'))
    if (action === 'end-process') throw new MsgError(deadlockMsg('error.nodeNoEndProcess'))
    if (action !== 'break') throw new Error(`unknown action ${action}`)
    broken = await breakThread(host, ws, lockNames, opts.thread)
  })
  host.setMain('joining', ws[0].slot)
  let finished = false
  const both = Promise.all(ws.map((w) => w.exited)).then(() => void (finished = true))
  // A deadlock never ends by itself: the run does, after timeoutS at most.
  await Promise.race([both, delay((options.timeoutS as number) * 1000, host.signal)])
  const endedBy: DeadlockResult['endedBy'] = finished ? 'completed' : host.signal.aborted ? 'stopped' : 'timeout'
  // Snapshot states before ending whatever is still stuck.
  const threads = ws.map((w) => ({ name: w.name, state: host.table.read(w.slot).state }))
  host.publish(true)
  await Promise.all(ws.map((w) => w.terminate()))
  host.setMain('running')
  return {
    language: 'node',
    variant,
    endedBy,
    broken,
    threads,
    retries: Atomics.load(new Int32Array(retries), 0),
  }
}

/**
 * schedule: manual. Thread-1 and Thread-2 each acquire their first lock, then
 * their second, then release both, one step at a time as you let them: in
 * opposite order, two steps into each other's held lock leave both really
 * blocked in the kernel, and the wait-for graph finds the cycle as ever.
 */
async function driveManual(
  host: Host,
  variant: DeadlockVariant,
  lockNames: readonly string[],
  options: Record<string, unknown>,
): Promise<DeadlockResult> {
  const plans =
    variant === 'ordered'
      ? [
          [0, 1],
          [0, 1],
        ]
      : [
          [0, 1],
          [1, 0],
        ]
  const gates = StepGates.create(2)
  const ws = (options.threadNames as string[]).map((name, i) =>
    host.startThread('thread-deadlock', name, {
      first: plans[i][0],
      second: plans[i][1],
      lockNames,
      holdMs: 0,
      timeoutMs: 0,
      retries: new SharedArrayBuffer(4),
      gates: gates.buffer,
      index: i,
    } satisfies DeadlockData),
  )
  const nextOf = (i: number, at: string): NextStep => {
    if (at === 'release') return { kind: 'release', at, label: coreMsg('schedule.step.releaseBoth') }
    const lock = lockNames[at === 'acquire-first' ? plans[i][0] : plans[i][1]]
    return { kind: 'acquire', at, label: coreMsg('schedule.step.acquire', { lock: lockMsg(lock) }), lock }
  }
  const manual = new ManualScheduler(host, {
    workers: ws,
    gates,
    steps: STEPS,
    nextOf,
    locals: () => ({}),
    shared: () => ({}),
  })
  let broken: DeadlockResult['broken'] = null
  host.onAction(async (action, opts) => {
    if (action === STEP_ACTION) return manual.step(opts.thread)
    if (action === 'end-process') throw new MsgError(deadlockMsg('error.nodeNoEndProcess'))
    if (action !== 'break') throw new Error(`unknown action ${action}`)
    broken = await breakThread(host, ws, lockNames, opts.thread)
    // The other thread takes the freed lock by itself and comes to its next gate.
    await manual.changed()
  })
  // A deadlock stays on show for timeoutS, then the run ends, as without you.
  const how = await manual.run((options.timeoutS as number) * 1000)
  const threads = ws.map((w) => ({ name: w.name, state: host.table.read(w.slot).state }))
  host.publish(true)
  await Promise.all(ws.map((w) => w.terminate()))
  return { language: 'node', variant, endedBy: how, broken, threads, retries: 0 }
}

interface LockReport {
  readonly type?: string
  readonly thread?: string
  readonly lock?: string
  readonly event?: 'waiting' | 'held' | 'gave-up' | 'released' | 'done'
  readonly result?: { readonly retries: number }
}

/**
 * The Python mode. Python's threading.Lock keeps no books the lab could read,
 * so deadlock.py says who waits for and who holds each lock; here those
 * reports are mirrored into the host's lock and thread tables, from which the
 * core draws the wait-for graph exactly as for the Node threads. Python cannot
 * terminate a thread: the way out is ending the process.
 */
async function drivePython(
  host: Host,
  python: Python,
  variant: DeadlockVariant,
  lockNames: readonly string[],
  options: Record<string, unknown>,
): Promise<DeadlockResult> {
  host.live({ notice: deadlockMsg('notice.python') })
  const manual = options.schedule === 'manual'
  const c: HostChild = host.spawnPython(
    python,
    'deadlock',
    { variant, holdMs: options.holdMs, schedule: manual ? 'manual' : 'os' },
    'python3 deadlock.py',
  )
  // The manual schedule: its threads stop at a gate before every step (proclab.py's Scheduler).
  const schedule = manual ? new PythonSchedule(host, c, deadlockStepTexts) : null
  const slotOf = (name: string): number => {
    for (let slot = 1; slot < host.threadCount(); slot++) if (host.slotName(slot) === name) return slot
    return -1
  }
  const mirrors = new Map<string, SharedMutex>()
  const mirror = (slot: number, lock: number): SharedMutex => {
    const key = `${slot}:${lock}`
    if (!mirrors.has(key)) mirrors.set(key, new SharedMutex(host.locks, lock, host.table, slot))
    return mirrors.get(key)!
  }
  let retries = 0
  c.onMessage((raw) => {
    const m = raw as LockReport
    if (schedule?.take(m)) return
    if (m?.type === 'result') retries = m.result?.retries ?? 0
    if (m?.type !== 'lock' || !m.thread) return
    const slot = slotOf(m.thread)
    const lock = lockNames.indexOf(m.lock ?? '')
    if (slot < 0) return
    if (m.event === 'done') host.table.set(slot, 'done')
    else if (lock < 0) return
    else if (m.event === 'waiting') host.table.set(slot, 'waiting', lock)
    else if (m.event === 'held') {
      mirror(slot, lock).tryLock()
      host.table.set(slot, 'running')
    } else if (m.event === 'gave-up') host.table.set(slot, 'running')
    else if (m.event === 'released') mirror(slot, lock).unlock()
    host.publish(true)
  })
  let killed = false
  host.onAction(async (action, opts) => {
    if (action === 'step') {
      if (!schedule) throw new MsgError(coreMsg('schedule.error.notManual'))
      return schedule.step(opts.thread)
    }
    if (action === 'break') {
      // Nothing in Python can do it: say so where the learner looks, and leave the threads as they are.
      host.live({ notice: deadlockMsg('notice.refused', { thread: String(opts.thread) }) })
      return
    }
    if (action !== 'end-process') throw new Error(`unknown action ${action}`)
    killed = true
    c.child.kill('SIGKILL')
  })
  const exited = c.exited.then(() => true)
  const ended = await Promise.race([
    exited,
    (schedule
      ? stuckFor(schedule, (options.timeoutS as number) * 1000, host.signal)
      : delay((options.timeoutS as number) * 1000, host.signal)
    ).then(() => false),
  ])
  const endedBy: DeadlockResult['endedBy'] = ended
    ? killed
      ? 'killed'
      : 'completed'
    : host.signal.aborted
      ? 'stopped'
      : 'timeout'
  const threads = ['Thread-1', 'Thread-2'].map((name) => ({
    name,
    state: slotOf(name) < 0 ? 'new' : host.table.read(slotOf(name)).state,
  }))
  host.publish(true)
  c.child.kill('SIGKILL')
  await c.exited
  return { language: 'python', variant, endedBy, broken: null, threads, retries }
}

/** deadlock's words for the manual schedule's steps and refusals. */
export const deadlockStepTexts: StepTexts = {
  label: (step: ProgramStep) =>
    step.at === 'release'
      ? coreMsg('schedule.step.releaseBoth')
      : deadlockMsg(
          step.at === 'back-off'
            ? 'stepping.step.backOff'
            : step.kind === 'done'
              ? 'stepping.step.done'
              : `stepping.step.${step.kind === 'release' ? 'release' : 'acquire'}`,
          { lock: step.lock ?? '' },
        ),
}

/**
 * Resolves once no step has been possible for `ms` while a thread is still
 * unfinished: the learner made it deadlock. The run's timeout counts from
 * there, not from the start (a learner takes the time a learner takes), and
 * starts again if the state moves on (a timeout variant's thread gives up).
 */
function stuckFor(schedule: PythonSchedule, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined
    const check = (s: PythonSchedule['last']): void => {
      const stuck = !!s?.over && s.threads.some((t) => t.next !== null)
      if (stuck && !timer) timer = setTimeout(resolve, ms)
      else if (!stuck && timer) timer = void clearTimeout(timer)
    }
    check(schedule.last)
    schedule.onChange(check)
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })
}

/**
 * The 'break' action, with the OS or you scheduling: terminates one thread and
 * frees the locks it held. A thread that dies holding locks would keep them for
 * ever; they are freed as a robust mutex does, so the other thread can go on.
 */
async function breakThread(
  host: Host,
  ws: readonly LabWorker[],
  lockNames: readonly string[],
  thread: unknown,
): Promise<NonNullable<DeadlockResult['broken']>> {
  const w = ws.find((x) => x.name === thread)
  if (!w) throw new MsgError(deadlockMsg('error.noThread', { thread: String(thread) }))
  const state = host.table.read(w.slot).state
  if (state === 'done' || state === 'terminated') throw new MsgError(deadlockMsg('error.ended', { thread: w.name }))
  await w.terminate()
  const freed = host.locks.releaseAllOf(w.slot).map((l) => lockNames[l])
  host.log(deadlockMsg('log.terminated', { thread: w.name, locks: freed.join(', ') || deadlockMsg('log.noLocks') }))
  return { thread: w.name, at: Date.now(), freed }
}
