// The model of the scheduled programs (schedule-model.ts) and the manual
// outcomes' checks: the fewest steps are searched, not guessed, and the check
// "the real run did what the schedule says" fails when the real values disagree.
import { describe, expect, it } from 'vitest'
import {
  deadlock,
  deadlockProgram,
  fewestSteps,
  lostUpdate,
  play,
  raceProgram,
} from '../../src/core/scenarios/schedule-model'
import { manualRaceOutcome } from '../../src/core/scenarios/lock-race/manual-outcome'
import { manualDeadlockOutcome } from '../../src/core/scenarios/deadlock/manual-outcome'
import type { ScheduleLive } from '../../src/shared/scheduler'
import type { RunOutcome } from '../../src/shared/model'
import type { ThreadOutcomeData } from '../../src/shared/thread-lab'
import { english } from '../helpers/outcome'

const names = (s: string): string[] => s.split(' ').map((n) => `Thread-${n}`)
const idx = (s: string): number[] => s.split(' ').map((n) => Number(n) - 1)

describe('the model', () => {
  it('finds the fewest steps to a lost update and to a deadlock, and none where none exists', () => {
    expect(fewestSteps(raceProgram(2, 2, false), lostUpdate)).toBe(6)
    expect(fewestSteps(raceProgram(2, 2, true), lostUpdate)).toBeNull()
    expect(fewestSteps(deadlockProgram(false), deadlock)).toBe(4)
    expect(fewestSteps(deadlockProgram(true), deadlock)).toBeNull()
  })

  it('says at which step a schedule lost an update or deadlocked', () => {
    expect(play(raceProgram(2, 1, false), idx('1 2 1 2 1 2'), lostUpdate).metAt).toBe(6)
    expect(play(raceProgram(2, 1, false), idx('1 1 1 2 2 2'), lostUpdate).metAt).toBeNull()
    expect(play(deadlockProgram(false), idx('1 2 1 2'), deadlock).metAt).toBe(4)
    // A step of a thread that waits for a lock cannot be taken.
    expect(play(deadlockProgram(true), idx('1 2 2'), deadlock).valid).toBe(false)
  })
})

function raceLive(steps: string, balance: number): ScheduleLive {
  return {
    threads: ['Thread-1', 'Thread-2'].map((name) => ({
      name,
      tid: 1,
      next: null,
      blocked: null,
      locals: {},
      iteration: 1,
      taken: 3,
    })),
    shared: { balance, expected: 13 },
    steps: names(steps),
    over: true,
  }
}

describe('the manual outcomes', () => {
  const cfg = { threads: 2, iterations: 1, locked: false, stopped: false, language: 'node' } as const
  it('lock-race: holds when the real balance agrees with the schedule, fails when it does not', () => {
    expect(manualRaceOutcome(raceLive('1 2 1 2 1 2', 8), cfg, []).checks[0].ok).toBe(true)
    expect(manualRaceOutcome(raceLive('1 2 1 2 1 2', 13), cfg, []).checks[0].ok).toBe(false)
    expect(manualRaceOutcome(raceLive('1 1 1 2 2 2', 13), cfg, []).checks[0].ok).toBe(true)
    expect(manualRaceOutcome(raceLive('1 1 1 2 2 2', 8), cfg, []).checks[0].ok).toBe(false)
    // What ran is said for the language that ran it: a Python run never reads "Atomics.wait".
    const py = manualRaceOutcome(raceLive('1 1 1 2 2 2', 13), { ...cfg, language: 'python' }, [])
    expect(english(py.facts![0].label)).toContain('threading.Event')
    expect(english(manualRaceOutcome(raceLive('1 1 1 2 2 2', 13), cfg, []).facts![0].label)).toContain('Atomics.wait')
  })

  it('deadlock: holds when the graph found a cycle exactly when the schedule deadlocks', () => {
    const base: RunOutcome<ThreadOutcomeData> = { summary: { key: 'x' }, checks: [], figures: {} }
    const live = { ...raceLive('1 2 1 2', 0), shared: {} }
    expect(manualDeadlockOutcome(base, live, { ordered: false, everCycle: true, language: 'node' }).checks[0].ok).toBe(
      true,
    )
    expect(manualDeadlockOutcome(base, live, { ordered: false, everCycle: false, language: 'node' }).checks[0].ok).toBe(
      false,
    )
    const calm = { ...live, steps: names('1 1 1 2 2 2') }
    expect(manualDeadlockOutcome(base, calm, { ordered: false, everCycle: true, language: 'node' }).checks[0].ok).toBe(
      false,
    )
  })
})
