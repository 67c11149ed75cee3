// switch-cost's checks, fed made-up measurements: each holds on what the
// tutorial says and fails on the opposite.
import { describe, expect, it } from 'vitest'
import { switchChecks, switchOutcome } from '../../src/core/scenarios/switch-cost/outcome'
import type { SwitchPoint, SwitchResult } from '../../src/shared/scenarios/switch-cost'
import { checkOf, english } from '../helpers/outcome'

const point = (count: number, throughput: number, involuntary: number | null): SwitchPoint => ({
  count,
  ms: 1000,
  startMs: 5,
  throughput,
  voluntary: 3,
  involuntary,
})
const result = (extra: Partial<SwitchResult> = {}): SwitchResult => ({
  language: 'node',
  kind: 'threads',
  pingPong: { roundTrips: 20000, threadsUs: 12, processesUs: 40 },
  totalSteps: 600e6,
  cores: 2,
  points: [point(1, 300, 5), point(2, 590, 10), point(4, 580, 200), point(8, 560, 900)],
  ...extra,
})
const out = (r: SwitchResult) => ({ summary: { key: 'test' }, figures: {}, checks: switchChecks(r) })

describe('switch-cost checks', () => {
  it('a round trip costs microseconds; fails at a millisecond or more; not run when unmeasured', () => {
    expect(checkOf(out(result()), 'check.threadSwitch').ok).toBe(true)
    expect(checkOf(out(result()), 'check.processSwitch').ok).toBe(true)
    const slow = result({ pingPong: { roundTrips: 100, threadsUs: 10_050, processesUs: 2000 } })
    expect(checkOf(out(slow), 'check.threadSwitch').ok).toBe(false)
    expect(checkOf(out(slow), 'check.processSwitch').ok).toBe(false)
    const none = result({ pingPong: { roundTrips: 100, threadsUs: null, processesUs: null } })
    expect(checkOf(out(none), 'check.threadSwitch').ok).toBeNull()
  })

  it('more helps up to the cores; fails when two did no better than one', () => {
    expect(checkOf(out(result()), 'check.moreHelps').ok).toBe(true)
    const flat = result({ points: [point(1, 300, 5), point(2, 310, 10), point(4, 300, 200)] })
    expect(checkOf(out(flat), 'check.moreHelps').ok).toBe(false)
  })

  it('past the cores more does not help (thrashing); fails when it kept climbing', () => {
    expect(checkOf(out(result()), 'check.pastCores').ok).toBe(true)
    const climbing = result({ points: [point(1, 300, 5), point(2, 590, 10), point(8, 1200, 900)] })
    expect(checkOf(out(climbing), 'check.pastCores').ok).toBe(false)
  })

  it('more than cores: more involuntary switches; fails when they did not grow; not run when not counted', () => {
    expect(checkOf(out(result()), 'check.involuntary').ok).toBe(true)
    const still = result({ points: [point(1, 300, 5), point(2, 590, 10), point(8, 560, 10)] })
    expect(checkOf(out(still), 'check.involuntary').ok).toBe(false)
    const uncounted = result({ points: [point(1, 300, null), point(2, 590, null), point(8, 560, null)] })
    expect(checkOf(out(uncounted), 'check.involuntary').ok).toBeNull()
  })

  it('the summary puts a switch’s cost beside the time it took at the most tasks', () => {
    const o = switchOutcome(result(), [], { cores: 2, kind: 'threads' })
    // 900 involuntary switches × 6 µs (half a 12 µs round trip) = 5.4 ms of the 1000 ms.
    expect(english(o.summary)).toContain('900 times involuntarily, about 5.4 ms of the 1000 ms')
    expect(o.figures.switchingPct).toBe(0.5)
  })
})
