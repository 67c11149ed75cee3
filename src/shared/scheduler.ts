// "Be the scheduler" (issue 21): lock-race and deadlock with `schedule: manual`.
// Real threads (Python threading, Node.js worker threads) stop at a gate before
// every step that matters and go on only when the learner lets one of them take
// one step. This file is the contract between the programs (Node drivers and
// src/python/*.py), the core and the dashboard: plain JSON, the same shape in
// both languages, published as ThreadLive.schedule.
import type { Msg } from './msg'

/** `os`: the OS schedules the threads (the scenarios as they always ran). `manual`: the learner does. */
export type ScheduleMode = 'os' | 'manual'

/**
 * The kinds of step. lock-race: read the balance, compute, write it back,
 * acquire, release. deadlock: acquire A, acquire B, release. `done`: the
 * thread has finished its work (no further step).
 */
export type StepKind = 'read' | 'compute' | 'write' | 'acquire' | 'release' | 'done'

export interface NextStep {
  readonly kind: StepKind
  /**
   * Where the step is in the program the run shows: the source line that
   * carries the marker comment `step: <at>` (`# step: read` in Python,
   * `// step: read` in TypeScript). The dashboard finds the line by the
   * marker, so no line number is written twice.
   */
  readonly at: string
  /** What the step does, as a message ("read balance into a local", "acquire lock B"). */
  readonly label: Msg
  /** acquire/release: the lock's name ("A", "B", "lock"). */
  readonly lock?: string
}

export interface SteppedThread {
  /** Python's default names in both languages: Thread-1, Thread-2, … */
  readonly name: string
  /** OS thread id; 0 before the thread published it. */
  readonly tid: number
  /** The step it takes when let go; null once it has finished. */
  readonly next: NextStep | null
  /**
   * Set while the thread is really blocked in the kernel in a lock another
   * thread holds (it took its acquire step and did not get the lock): it
   * cannot be stepped until the lock is free, and then goes on by itself.
   */
  readonly blocked: { readonly lock: string; readonly heldBy: string | null } | null
  /** Its own values worth seeing (lock-race: the balance it read, `local`). */
  readonly locals: Readonly<Record<string, number | string | null>>
  /** Which iteration of its loop it is in, from 1. */
  readonly iteration: number
  /** Steps this thread has taken. */
  readonly taken: number
}

export interface ScheduleLive {
  readonly threads: readonly SteppedThread[]
  /**
   * The shared state as the program holds it: lock-race `balance` (the real
   * global or SharedArrayBuffer cell) and `expected`; each lock's owner
   * (`lock A` → "Thread-1" or null).
   */
  readonly shared: Readonly<Record<string, number | string | null>>
  /** Thread names in the order the learner let them step: the schedule so far. */
  readonly steps: readonly string[]
  /** No step is possible any more: every thread finished, or all that are left are blocked (a deadlock). */
  readonly over: boolean
  /**
   * The challenge of this run, filled in by the core from `steps` (a program
   * leaves it out): lock-race "make the balance wrong", deadlock "make it deadlock".
   */
  readonly challenge?: ScheduleChallenge
}

export interface ScheduleChallenge {
  readonly id: 'lost-update' | 'deadlock'
  /** The step (from 1) at which the schedule so far achieved it; null while it has not. */
  readonly metAt: number | null
  /** The fewest steps any schedule needs in this configuration; null when none can (the lock, the same order). */
  readonly fewest: number | null
}

/** The scenario action that lets one thread take one step: scenarioAction(runId, STEP_ACTION, { thread }). */
export const STEP_ACTION = 'step'

/**
 * A schedule as text, for the `replay` option and for saving: thread numbers
 * in order, "1 2 2 1" (Thread-1, Thread-2, Thread-2, Thread-1).
 */
export function scheduleText(steps: readonly string[]): string {
  return steps.map((s) => s.replace(/^Thread-/, '')).join(' ')
}

/** The thread names of a schedule text; null when it is not one ("1 2 x"). */
export function parseSchedule(text: string, threads: number): string[] | null {
  const parts = text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
  const out: string[] = []
  for (const p of parts) {
    const n = Number(p)
    if (!Number.isInteger(n) || n < 1 || n > threads) return null
    out.push(`Thread-${n}`)
  }
  return out
}
