// lock-race's verdicts: each check is computed from the rounds the run
// measured, and each fails when the run is broken (a lock that does not
// lock, a race that loses nothing, a CPython that switches mid-statement).
import type { Msg } from '../../src/shared/msg'
import { describe, expect, it } from 'vitest'
import { raceOutcome } from '../../src/core/scenarios/lock-race/outcome'
import type { RaceResult, RaceRound, RaceRoundId } from '../../src/shared/scenarios/lock-race'
import { checkOf, english } from '../helpers/outcome'

const round = (id: RaceRoundId, lost = 0, balance = 0): RaceRound => ({
  id,
  locked: id === 'locked',
  balance,
  changes: 400_000 - lost,
  expectedChanges: 400_000,
  ms: id === 'locked' ? 80 : 20,
})

const python = (rounds: Partial<Record<RaceRoundId, [number, number]>> = {}, extra: Partial<RaceResult> = {}) => {
  const all: Partial<Record<RaceRoundId, [number, number]>> = {
    plain: [0, 0],
    'plain-short': [0, 0],
    call: [90_000, 8],
    'call-short': [100_000, 13],
    locked: [0, 0],
    ...rounds,
  }
  const r: RaceResult = {
    language: 'python',
    python: '3.11.7',
    gil: true,
    switchS: 0.005,
    shortSwitchS: 1e-6,
    threads: 2,
    iterations: 100_000,
    amounts: [5, 8],
    rounds: Object.entries(all).map(([id, [lost, balance]]) => round(id as RaceRoundId, lost, balance)),
    ...extra,
  }
  return raceOutcome(r, [])
}

const node = (unlocked: [number, number], locked: [number, number]) =>
  raceOutcome(
    {
      language: 'node',
      threads: 2,
      iterations: 100_000,
      amounts: [5, 8],
      rounds: [round('unlocked', ...unlocked), round('locked', ...locked)],
    },
    [],
  )

describe('lock-race checks, Python', () => {
  it('judge the lesson (a call inside loses, the lock none) and never show the tutorial loop as a pass', () => {
    const o = python()
    expect(o.checks.map((c) => c.label.key)).toEqual([
      'scenario.lock-race.check.callLoses',
      'scenario.lock-race.check.lockedNone',
    ])
    expect(o.checks.map((c) => c.ok)).toEqual([true, true])
    expect(o.figures).toMatchObject({
      'plain.lost': 0,
      'unlocked.lost': 100_000,
      'call.lost': 90_000,
      'locked.lost': 0,
      lockCost: 4,
      python: '3.11.7',
      switchMs: 5,
      shortSwitchUs: 1,
    })
    // The loop that lost nothing is told as an accident of this build, not as safety.
    const facts = o.facts!.map((f) => english(f.label))
    const none = facts.find((f) => f.startsWith('Not a guarantee'))!
    expect(none).toContain('CPython 3.11.7')
    expect(none).toContain('1 µs')
    expect(none).toContain('5 ms here')
    expect(none).toMatch(/Free-threaded Python \(3\.13t, 3\.14t\)/)
    // The Python 2 rule of the tutorial is corrected where the GIL comes up.
    expect(facts.some((f) => /every 100 bytecodes: that was Python 2/.test(f))).toBe(true)
    expect(english(o.summary)).toMatch(/90,000 updates lost at the default switch interval and 100,000 at 1 µs/)
    expect(english(o.summary)).toMatch(/tutorial's own loop lost 0 and 0 on this build, by where it switches threads/)
  })

  it('a tutorial loop that lost updates (a Python that switches mid-statement) is said so, still no check', () => {
    for (const rounds of [{ plain: [3, 5] as [number, number] }, { 'plain-short': [7, 0] as [number, number] }]) {
      const o = python(rounds)
      expect(o.checks).toHaveLength(2)
      const facts = o.facts!.map((f) => f.label.key)
      expect(facts).toContain('scenario.lock-race.fact.plainLost')
      expect(facts).not.toContain('scenario.lock-race.fact.plainNone')
    }
  })

  it('a call inside that lost nothing fails the race check', () => {
    const c = checkOf(python({ 'call-short': [0, 0] }), 'check.callLoses')
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toContain('0 of 400,000 updates lost')
  })

  it('the locked round with the lock removed (updates lost) fails', () => {
    expect(checkOf(python({ locked: [76_664, 21] }), 'check.lockedNone').ok).toBe(false)
    expect(checkOf(python({ locked: [0, 13] }), 'check.lockedNone').ok).toBe(false)
  })
})

describe('threads that never ran at the same time', () => {
  it('leave the checks on that round not judged: nothing could be lost, nor a lock be tested', () => {
    const apart = (id: RaceRoundId, lost = 0): RaceRound => ({ ...round(id, lost), overlapMs: -0.4 })
    const o = raceOutcome(
      {
        language: 'node',
        threads: 2,
        iterations: 100_000,
        amounts: [5, 8],
        rounds: [apart('unlocked'), { ...round('locked'), overlapMs: 12 }],
      },
      [],
    )
    const c = checkOf(o, 'check.unlockedLoses')
    expect(c.ok).toBeNull()
    expect(english(c.detail)).toMatch(/^not judged: the threads ran one after the other \(their loops never overlapped/)
    // The table says so in words, not as a negative time together.
    expect(english(o.data!.table!.rows[0][5] as Msg)).toBe('none: one after the other')
    expect(checkOf(o, 'check.lockedNone').ok).toBe(true)
    const withApart = raceOutcome(
      {
        language: 'python',
        python: '3.11.7',
        gil: true,
        threads: 2,
        iterations: 100_000,
        amounts: [5, 8],
        rounds: [apart('plain'), apart('call-short', 5), apart('locked')],
      },
      [],
    )
    expect(withApart.checks.map((x) => x.ok)).toEqual([null, null])
  })
})

describe('lock-race checks, Node', () => {
  it('hold when the unlocked round loses updates and the locked one none', () => {
    const o = node([120_000, 13], [0, 0])
    expect(o.checks.map((c) => c.ok)).toEqual([true, true])
    expect(o.figures['unlocked.lost']).toBe(120_000)
    expect(o.figures['plain.lost']).toBeUndefined()
  })

  it('fail when the unlocked round lost nothing, or the locked one lost some', () => {
    expect(checkOf(node([0, 0], [0, 0]), 'check.unlockedLoses').ok).toBe(false)
    expect(checkOf(node([1, 0], [2, 0]), 'check.lockedNone').ok).toBe(false)
  })
})
