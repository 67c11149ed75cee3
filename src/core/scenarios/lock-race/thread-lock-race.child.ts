// lock-race (Lock): T threads change one shared balance by +n then -n, I times
// each. Without a lock, "balance = balance + n" is a load, an add and a store,
// and another thread's store can land between our load and our store: that
// update is lost and the balance drifts from 0. With the mutex only one
// thread at a time runs change_it(), and the balance ends at 0, at a price.
import { SharedMutex } from '../../../child/sync/mutex'
import { StartingGate } from '../../../child/sync/gate'
import { labThread } from '../../../child/lab-thread'
import type { Host } from '../../../child/scenario-host'
import { runPythonProgram, type PythonCommand } from '../../../child/python-driver'
import { tick } from '../../../child/work'
import { lockMsg, ManualScheduler } from '../../../child/manual-schedule'
import { StepGate, StepGates } from '../../../child/sync/step-gate'
import { coreMsg } from '../../../shared/i18n/core'
import { STEP_ACTION, type NextStep } from '../../../shared/scheduler'
import { MsgError } from '../../../child/scenario-host'
import { PythonSchedule, type ProgramStep, type StepTexts } from '../../../child/python-steps'
import type { RaceProgress, RaceResult, RaceRound } from '../../../shared/scenarios/lock-race'
import { lockRaceMsg } from '../../../shared/i18n/scenarios/lock-race'

// Int32 cells of the shared buffer.
const BALANCE = 0
/** A second shared variable, bumped without a lock like the balance: it counts the changes that survived. */
const CHANGES = 1
const READY = 2
const GO = 3

/** schedule: manual — the steps a thread stops before; each is the line below marked `step: <name>`. */
const STEPS = ['acquire', 'read', 'compute', 'write', 'release']

interface RaceData {
  readonly cells: SharedArrayBuffer
  /** When each thread started and ended its loop (epoch ms): start at 2i, end at 2i + 1. */
  readonly spans: SharedArrayBuffer
  readonly index: number
  readonly n: number
  readonly iterations: number
  readonly locked: boolean
  /** schedule: manual — the thread's gates (src/child/sync/step-gate.ts). */
  readonly gates?: SharedArrayBuffer
}

/**
 * The seed's change_it(), each statement as the seed spells it out: x =
 * balance + n (a read), balance = x (a write). The read and the write are each
 * one Atomics call, so the compiler keeps them as written (plain typed-array
 * reads and writes it may merge: `b[0] = b[0] + n; b[0] = b[0] - n` becomes one
 * read and one write of the same value, and the race all but disappears), but
 * nothing makes the pair atomic: another thread's write can land between them.
 */
function changeIt(b: Int32Array, n: number): void {
  let x = Atomics.load(b, BALANCE) + n
  Atomics.store(b, BALANCE, x)
  x = Atomics.load(b, CHANGES) + 1
  Atomics.store(b, CHANGES, x)
  x = Atomics.load(b, BALANCE) - n
  Atomics.store(b, BALANCE, x)
  x = Atomics.load(b, CHANGES) + 1
  Atomics.store(b, CHANGES, x)
}

// ---- each racing thread (the seed's run_thread(n)) ----

const self = labThread<RaceData>('thread-lock-race')
if (self?.data.gates) stepByStep(self.data, self.data.gates)
else if (self) {
  const { n, iterations, locked } = self.data
  const b = new Int32Array(self.data.cells)
  const lock = new SharedMutex(self.locks!, 0, self.table, self.slot)
  // Everyone starts together, or the first thread could finish before the last one begins.
  self.set('sleeping')
  new StartingGate(b, READY, GO).arrive()
  self.set('running')
  // Each worker has its own timeOrigin; origin + now is on one clock for all of them.
  const now = (): number => performance.timeOrigin + performance.now()
  const spans = new Float64Array(self.data.spans)
  spans[2 * self.data.index] = now()
  if (locked) {
    for (let i = 0; i < iterations; i++) {
      lock.lock()
      try {
        changeIt(b, n)
      } finally {
        lock.unlock()
      }
    }
  } else {
    for (let i = 0; i < iterations; i++) changeIt(b, n)
  }
  spans[2 * self.data.index + 1] = now()
  self.table.addProgress(self.slot, iterations)
  self.print(`${self.name}: ${iterations} × change_it(${n}) ${locked ? 'holding the lock' : 'without a lock'}, done`)
  self.set('done')
}

// ---- each thread, when you are the scheduler (schedule: manual) ----

/**
 * The same change as change_it(), one statement per step: before each, the
 * thread stops at its gate until you let it go. `local` is the thread's own
 * copy: another thread's write between this thread's read and its write is
 * overwritten, and its update is lost, in the real shared balance.
 */
function stepByStep(data: RaceData, gates: SharedArrayBuffer): void {
  const me = self!
  const gate = new StepGate(gates, data.index, STEPS, (waiting) => me.set(waiting ? 'sleeping' : 'running'))
  const b = new Int32Array(data.cells)
  const lock = new SharedMutex(me.locks!, 0, me.table, me.slot)
  for (let i = 1; i <= data.iterations; i++) {
    if (data.locked) {
      gate.before('acquire', i)
      lock.lock() // step: acquire
    }
    gate.before('read', i)
    let local = Atomics.load(b, BALANCE) // step: read
    gate.local(local)
    gate.before('compute', i)
    local = local + data.n // step: compute
    gate.local(local)
    gate.before('write', i)
    Atomics.store(b, BALANCE, local) // step: write
    if (data.locked) {
      gate.before('release', i)
      lock.unlock() // step: release
    }
  }
  gate.finish()
  me.print(`${me.name}: ${data.iterations} × balance += ${data.n}, step by step, done`)
  me.set('done')
}

// ---- the host's main thread ----

/**
 * How long every thread was running its loop at once (ms, one decimal): from
 * the last start to the first end. Zero or less: they ran one after another.
 */
function overlap(spans: Float64Array): number {
  const starts = spans.filter((_, i) => i % 2 === 0)
  const ends = spans.filter((_, i) => i % 2 === 1)
  return Math.round((Math.min(...ends) - Math.max(...starts)) * 10) / 10
}

/** The seed uses 5 and 8; more threads take the next amounts. */
const AMOUNTS = [5, 8, 13, 21, 34, 55, 89, 144]

export async function drive(host: Host<RaceProgress>, options: Record<string, unknown>): Promise<RaceResult> {
  if (options.language === 'python') return drivePython(host, options)
  if (options.schedule === 'manual') return driveManual(host, options)
  host.onAction(() => {
    throw new MsgError(coreMsg('schedule.error.notManual'))
  })
  const threads = options.threads as number
  const iterations = options.iterations as number
  const modes = options.mode === 'both' ? [false, true] : [options.mode === 'locked']
  host.useLocks(['balance lock'])
  const rounds: RaceRound[] = []
  for (const locked of modes) {
    if (host.signal.aborted) break
    const cells = new SharedArrayBuffer(16)
    const b = new Int32Array(cells)
    const spans = new SharedArrayBuffer(16 * threads)
    const ws = AMOUNTS.slice(0, threads).map((n, i) =>
      host.startThread('thread-lock-race', `${locked ? 'locked' : 'racer'}-${i + 1}`, {
        cells,
        spans,
        index: i,
        n,
        iterations,
        locked,
      } satisfies RaceData),
    )
    const stop = (): void => ws.forEach((w) => void w.terminate())
    host.signal.addEventListener('abort', stop, { once: true })
    await new StartingGate(b, READY, GO).open(threads, host.signal)
    const t0 = performance.now()
    await Promise.all(ws.map((w) => w.exited))
    const ms = performance.now() - t0
    host.signal.removeEventListener('abort', stop)
    if (host.signal.aborted) break
    rounds.push({
      id: locked ? 'locked' : 'unlocked',
      locked,
      balance: b[BALANCE],
      changes: b[CHANGES],
      expectedChanges: 2 * threads * iterations,
      ms: Math.round(ms),
      overlapMs: overlap(new Float64Array(spans)),
    })
    host.live({ rounds: [...rounds] })
    await tick()
  }
  return { language: 'node', threads, iterations, amounts: AMOUNTS.slice(0, threads), rounds }
}

/**
 * schedule: manual. Thread-1, Thread-2, … each add their amount to the real
 * shared balance `iterations` times, one step at a time as you let them; one
 * round, without the lock or (mode: locked) holding it.
 */
async function driveManual(host: Host<RaceProgress>, options: Record<string, unknown>): Promise<RaceResult> {
  const threads = options.threads as number
  const iterations = options.iterations as number
  const locked = options.mode === 'locked'
  host.useLocks(['lock'])
  const cells = new SharedArrayBuffer(16)
  const b = new Int32Array(cells)
  const gates = StepGates.create(threads)
  const amounts = AMOUNTS.slice(0, threads)
  const ws = amounts.map((n, i) =>
    host.startThread('thread-lock-race', `Thread-${i + 1}`, {
      cells,
      spans: new SharedArrayBuffer(16),
      index: i,
      n,
      iterations,
      locked,
      gates: gates.buffer,
    } satisfies RaceData),
  )
  const expected = amounts.reduce((sum, n) => sum + n * iterations, 0)
  const label = (i: number, at: string): NextStep => {
    const kind = at as NextStep['kind']
    if (at === 'acquire' || at === 'release')
      return { kind, at, label: coreMsg(`schedule.step.${at}`, { lock: lockMsg('lock') }), lock: 'lock' }
    return { kind, at, label: coreMsg(`schedule.step.${at}` as 'schedule.step.read', { n: amounts[i] }) }
  }
  const manual = new ManualScheduler(host, {
    workers: ws,
    gates,
    steps: STEPS,
    nextOf: label,
    locals: (i) => ({ local: gates.read(i).local }),
    shared: () => ({ balance: Atomics.load(b, BALANCE), expected }),
  })
  host.onAction((action, opts) => {
    if (action !== STEP_ACTION) throw new MsgError(coreMsg('schedule.error.notManual'))
    return manual.step(opts.thread)
  })
  const stop = (): void => ws.forEach((w) => void w.terminate())
  host.signal.addEventListener('abort', stop, { once: true })
  const t0 = performance.now()
  await manual.run()
  host.signal.removeEventListener('abort', stop)
  const balance = Atomics.load(b, BALANCE)
  await Promise.all(ws.map((w) => w.terminate()))
  return {
    language: 'node',
    threads,
    iterations,
    amounts,
    rounds: [
      {
        id: locked ? 'locked' : 'unlocked',
        locked,
        balance,
        // Each write counts once: what the balance would be with no update lost.
        changes: balance,
        expectedChanges: expected,
        ms: Math.round(performance.now() - t0),
      },
    ],
  }
}

// ---- the Python mode ----

const noResult: RaceResult = { language: 'python', threads: 0, iterations: 0, amounts: [], rounds: [] }

/** lock-race's words for the manual schedule's steps. */
export const raceStepTexts: StepTexts = {
  label: (step: ProgramStep) =>
    lockRaceMsg(`stepping.step.${step.kind}`, { lock: step.lock ?? '', amount: step.params?.amount ?? '' }),
}

/**
 * The tutorial's own program (src/python/lock_race.py), its threads in the
 * run's list. With `schedule: manual` its threads stop at a gate before every
 * step (proclab.py's Scheduler): each `step` action lets one of them take one
 * step, and the balance they change is the program's real global.
 */
async function drivePython(host: Host<RaceProgress>, options: Record<string, unknown>): Promise<RaceResult> {
  const { python, ...rest } = options
  if (options.schedule !== 'manual') {
    host.onAction(() => {
      throw new MsgError(coreMsg('schedule.error.notManual'))
    })
    const run = await runPythonProgram<RaceResult>(host, python as PythonCommand, 'lock_race', rest)
    return run.result ?? noResult
  }
  // Its threading.Lock by the name the program gives it, so a blocked thread's state names it.
  host.useLocks(['lock'])
  const c = host.spawnPython(python as PythonCommand, 'lock_race', rest, 'python3')
  const schedule = new PythonSchedule(host, c, raceStepTexts)
  let result: RaceResult | undefined
  c.onMessage((raw) => {
    const m = raw as { type?: string; result?: RaceResult } | null
    if (m?.type === 'result') result = m.result
    // Its lock's reports ("waiting", "held") are for deadlock's graph; the schedule says the same here.
    else schedule.take(m)
  })
  host.onAction(async (action, opts) => {
    if (action !== 'step') throw new Error(`unknown action ${action}`)
    await schedule.step(opts.thread)
  })
  const stop = (): void => {
    // Its threads sleep at their gates: in words first, then the signal (a thread blocked in a lock never sees words).
    c.send({ type: 'stop' })
    c.child.kill('SIGTERM')
  }
  if (host.signal.aborted) stop()
  host.signal.addEventListener('abort', stop, { once: true })
  await c.exited
  host.signal.removeEventListener('abort', stop)
  return result ?? noResult
}
