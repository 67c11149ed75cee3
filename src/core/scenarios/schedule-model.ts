// A model of the programs the learner schedules (lock-race's change_it as
// read, compute, write, with acquire/release around them under the lock;
// deadlock's acquire first, acquire second, release both): the same steps the
// real threads stop before, with no threads at all. The core uses it to say
// when a schedule achieved its challenge (an update lost, a deadlock), to find
// the fewest steps any schedule needs for it, and to check that the real
// threads did what the schedule says. Pure, so tests can feed it schedules.

export type Op =
  | { readonly kind: 'read' | 'compute' | 'write' }
  | { readonly kind: 'acquire' | 'release'; readonly lock: number }
  | { readonly kind: 'release-all' }

/** Each thread's steps in order. */
export type Program = readonly (readonly Op[])[]

/** lock-race: per iteration read, compute (+n), write; under the lock, acquire before and release after. */
export function raceProgram(threads: number, iterations: number, locked: boolean): Program {
  const one: Op[] = [{ kind: 'read' }, { kind: 'compute' }, { kind: 'write' }]
  const body: Op[] = locked ? [{ kind: 'acquire', lock: 0 }, ...one, { kind: 'release', lock: 0 }] : one
  return Array.from({ length: threads }, () => Array.from({ length: iterations }, () => body).flat())
}

/** deadlock: Thread-1 takes A then B; Thread-2 B then A (or A then B too, ordered); each releases both. */
export function deadlockProgram(ordered: boolean): Program {
  const plan = (first: number, second: number): Op[] => [
    { kind: 'acquire', lock: first },
    { kind: 'acquire', lock: second },
    { kind: 'release-all' },
  ]
  return [plan(0, 1), ordered ? plan(0, 1) : plan(1, 0)]
}

export interface ModelState {
  readonly pc: readonly number[]
  /** The balance each thread read (its local before compute). */
  readonly read: readonly number[]
  readonly balance: number
  /** Owner thread of each lock, -1 free. */
  readonly owner: readonly number[]
  /** The lock each thread waits for, -1 none. */
  readonly waiting: readonly number[]
  /** A write landed on a balance another thread had changed since this one read it: an update lost for good. */
  readonly lost: boolean
}

export function initial(p: Program, locks = 2): ModelState {
  return {
    pc: p.map(() => 0),
    read: p.map(() => 0),
    balance: 0,
    owner: Array.from({ length: locks }, () => -1),
    waiting: p.map(() => -1),
    lost: false,
  }
}

export const finished = (p: Program, s: ModelState, t: number): boolean => s.pc[t] >= p[t].length

/** Every thread left is waiting for a lock: no step is possible (a deadlock when any waits). */
export function deadlocked(p: Program, s: ModelState): boolean {
  const left = p.map((_, t) => t).filter((t) => !finished(p, s, t))
  return left.length > 0 && left.every((t) => s.waiting[t] >= 0)
}

/** Thread t takes its next step; null when it cannot (finished, or waiting for a lock). */
export function step(p: Program, s: ModelState, t: number): ModelState | null {
  if (t < 0 || t >= p.length || finished(p, s, t) || s.waiting[t] >= 0) return null
  const op = p[t][s.pc[t]]
  const pc = [...s.pc]
  pc[t]++
  const read = [...s.read]
  const owner = [...s.owner]
  const waiting = [...s.waiting]
  let { balance, lost } = s
  const free = (l: number): void => {
    owner[l] = -1
    // The waiter wakes and takes it by itself (the lowest-numbered, when several wait).
    const next = waiting.findIndex((w) => w === l)
    if (next >= 0) {
      waiting[next] = -1
      owner[l] = next
    }
  }
  switch (op.kind) {
    case 'read':
      read[t] = balance
      break
    case 'compute':
      break
    case 'write':
      if (balance !== read[t]) lost = true
      balance = read[t] + 1
      break
    case 'acquire':
      if (owner[op.lock] < 0) owner[op.lock] = t
      else waiting[t] = op.lock
      break
    case 'release':
      if (owner[op.lock] === t) free(op.lock)
      break
    case 'release-all':
      for (let l = owner.length - 1; l >= 0; l--) if (owner[l] === t) free(l)
      break
  }
  return { pc, read, balance, owner, waiting, lost }
}

export type Goal = (p: Program, s: ModelState) => boolean
export const lostUpdate: Goal = (_p, s) => s.lost
export const deadlock: Goal = deadlocked

/**
 * Plays a schedule (thread indices) on the model: the step (from 1) after
 * which the goal first held, or null; `valid` is false when the schedule asked
 * for a step the model cannot take (then the rest is not played).
 */
export function play(
  p: Program,
  schedule: readonly number[],
  goal: Goal,
): { metAt: number | null; state: ModelState; valid: boolean } {
  let s = initial(p)
  let metAt: number | null = null
  for (let i = 0; i < schedule.length; i++) {
    const next = step(p, s, schedule[i])
    if (!next) return { metAt, state: s, valid: false }
    s = next
    if (metAt === null && goal(p, s)) metAt = i + 1
  }
  return { metAt, state: s, valid: true }
}

/**
 * The fewest steps after which the goal holds, over every schedule (a
 * breadth-first search of the model's states); null when no schedule reaches
 * it. `maxStates` bounds the search: past it the answer is null too.
 */
export function fewestSteps(p: Program, goal: Goal, maxStates = 200_000): number | null {
  let level = [initial(p)]
  const seen = new Set([JSON.stringify(level[0])])
  for (let depth = 1; level.length; depth++) {
    const next: ModelState[] = []
    for (const s of level) {
      for (let t = 0; t < p.length; t++) {
        const n = step(p, s, t)
        if (!n) continue
        if (goal(p, n)) return depth
        const key = JSON.stringify(n)
        if (seen.has(key)) continue
        if (seen.size >= maxStates) return null
        seen.add(key)
        next.push(n)
      }
    }
    level = next
  }
  return null
}
