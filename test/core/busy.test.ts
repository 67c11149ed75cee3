// The one judgement every core-counting check uses on a shared machine: what
// other processes used over the same window, and "not measurable" (never ✗)
// when they left the run too little of the cores.
import { describe, expect, it } from 'vitest'
import { crowdedBy, judgeOnFreeCores, othersUsed } from '../../src/core/scenarios/busy'
import { english } from '../helpers/outcome'

const check = (ok: boolean) => ({
  label: { key: 'test.label' },
  ok,
  detail: { key: 'core.run.stoppedBefore', params: { before: 'x' } },
})

describe('busy machine', () => {
  it('others = the whole machine minus the run, never below zero; unknown when the run’s own CPU is', () => {
    expect(othersUsed({ machine: 200, ours: 60 })).toBe(140)
    expect(othersUsed({ machine: 90, ours: 100 })).toBe(0)
    expect(othersUsed({ machine: 90, ours: null })).toBeNull()
    expect(othersUsed(null)).toBeNull()
  })

  it('crowded when other processes left less than 80 % of the cores the claim needs', () => {
    // Two cores, two needed: others took 100 of 200 → 100 left < 160.
    expect(crowdedBy({ machine: 200, ours: 100 }, 2, 2)).toBe(50)
    // Others took 30: 170 left ≥ 160.
    expect(crowdedBy({ machine: 130, ours: 100 }, 2, 2)).toBeNull()
    // One core needed: 100 left of 200 is enough.
    expect(crowdedBy({ machine: 200, ours: 100 }, 2, 1)).toBeNull()
    expect(crowdedBy({ machine: 200, ours: null }, 2, 2)).toBeNull()
  })

  it('a failed claim on a crowded machine becomes not measurable, with the others’ share and the figures kept', () => {
    const c = judgeOnFreeCores(check(false), 2, [{ window: { machine: 200, ours: 80 }, cores: 2 }])
    expect(c.ok).toBeNull()
    expect(english(c.detail)).toBe(
      'not measurable: other processes used 60% of the machine meanwhile (Stopped before x.)',
    )
  })

  it('a pass on a crowded machine is not measurable either: a slow "before" can fake a speed-up', () => {
    const c = judgeOnFreeCores(check(true), 2, [
      { window: { machine: 195, ours: 40 }, cores: 1 },
      { window: { machine: 120, ours: 115 }, cores: 2 },
    ])
    expect(c.ok).toBeNull()
  })

  it('on free cores the verdict stands, ✗ included', () => {
    const free = [{ window: { machine: 110, ours: 100 }, cores: 2 }]
    expect(judgeOnFreeCores(check(false), 2, free).ok).toBe(false)
    expect(judgeOnFreeCores(check(true), 2, free).ok).toBe(true)
    // Not measured at all: the check stands on its own figures.
    expect(judgeOnFreeCores(check(false), 2, [{ window: null, cores: 2 }]).ok).toBe(false)
  })
})
