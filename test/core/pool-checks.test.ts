// The verdicts of `pool`, from the timeline the tasks measured: each check
// fails on a timeline (or a pool) that breaks the rule it states.
import { describe, expect, it } from 'vitest'
import { poolOutcome, type PoolRun } from '../../src/core/scenarios/pool/outcome'
import type { PoolResult, PoolTimelineEntry } from '../../src/shared/scenarios/pool'
import { checkOf, english } from '../helpers/outcome'
import { expectFigureLabels } from '../helpers/figure-labels'

const T = 1_700_000_000_000
const W = [201, 202, 203, 204]
const task = (t: number, pid: number, start: number, end?: number): PoolTimelineEntry => ({
  task: t,
  pid,
  worker: W.indexOf(pid) + 1,
  start: T + start,
  ...(end === undefined ? {} : { end: T + end }),
})
// The tutorial's run: tasks 0-3 at once; task 2 ends first, task 4 runs on its pid.
const timeline = [
  task(0, 201, 10, 1410),
  task(1, 202, 11, 280),
  task(2, 203, 12, 150),
  task(3, 204, 13, 870),
  task(4, 203, 151, 2060),
]
const result = (extra: Partial<PoolResult> = {}): PoolResult => ({
  language: 'python',
  startedAt: T,
  closedAt: T + 5,
  refused: 'ValueError: Pool not running',
  joinedAt: T + 2100,
  timeline,
  workers: [],
  ...extra,
})
const workers = W.map((pid) => ({ pid, ppid: 100, osPpid: 100, exit: { code: 0 } }))
const run = (extra: Partial<PoolRun> = {}, r: Partial<PoolResult> = {}): PoolRun => ({
  parentPid: 100,
  workers,
  result: result(r),
  n: 4,
  t: 5,
  ...extra,
})
const ok = (r: PoolRun, key: string): boolean | null => checkOf(poolOutcome(r), key).ok

describe('pool checks', () => {
  it("all hold for the tutorial's run, and the outcome names the task that waited", () => {
    const o = poolOutcome(run())
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true, true, true, true, true])
    expect(english(o.summary)).toMatch(
      /Task 4 waited 0.14 s for a free worker and ran on pid 203, which had just finished task 2/,
    )
    expect(english(checkOf(o, 'check.reuse').detail)).toMatch(/task 4 started on pid 203 1 ms after task 2 ended there/)
    expect(o.figures).toMatchObject({ peakConcurrent: 4, waitedMs: 141, finished: 5 })
  })

  it('workers fail when one is missing or not a child of the parent', () => {
    expect(ok(run({ workers: workers.slice(1) }), 'check.workers')).toBe(false)
    expect(ok(run({ workers: [{ ...workers[0], osPpid: 1 }, ...workers.slice(1)] }), 'check.workers')).toBe(false)
  })

  it('all done fails when a task never ended', () => {
    expect(ok(run({}, { timeline: [...timeline.slice(0, 4), task(4, 203, 151)] }), 'check.allDone')).toBe(false)
  })

  it('on workers fails for a task on a foreign pid, or five at once', () => {
    expect(ok(run({}, { timeline: [...timeline.slice(0, 4), task(4, 999, 151, 2060)] }), 'check.onWorkers')).toBe(false)
    expect(ok(run({ n: 4 }, { timeline: [...timeline.slice(0, 4), task(4, 203, 14, 2060)] }), 'check.onWorkers')).toBe(
      false,
    )
  })

  it('the first wave fails when task 4 started before task 3', () => {
    const early = [
      task(0, 201, 10, 1410),
      task(1, 202, 11, 280),
      task(2, 203, 12, 150),
      task(4, 204, 13, 870),
      task(3, 203, 151, 2060),
    ]
    expect(ok(run({}, { timeline: early }), 'check.firstWave')).toBe(false)
  })

  it('reuse fails when task 4 ran on a fresh pid', () => {
    const fresh = [...timeline.slice(0, 4), task(4, 205, 151, 2060)]
    const check = checkOf(poolOutcome(run({}, { timeline: fresh })), 'check.reuse')
    expect(check.ok).toBe(false)
    expect(english(check.detail)).toMatch(/task 4 on pid 205: no earlier task had ended/)
  })

  it("reuse fails when task 4 started on a worker before that worker's task ended", () => {
    const busy = [...timeline.slice(0, 4), task(4, 201, 151, 2060)]
    const o = poolOutcome(run({}, { timeline: busy }))
    expect(checkOf(o, 'check.reuse').ok).toBe(false)
    expect(english(checkOf(o, 'check.reuse').detail)).toMatch(/pid 201 ran tasks 0 and 4 at the same time/)
  })

  it('Python: refused fails when apply_async() after close() was accepted', () => {
    expect(ok(run({}, { refused: undefined }), 'check.refused')).toBe(false)
  })

  it("Node: the refusal is a fact (ProcLab's own pool throws), not a check", () => {
    const o = poolOutcome(run({}, { language: 'node', refused: 'Error: Pool not running' }))
    expect(() => checkOf(o, 'check.refused')).toThrow()
    expect(o.facts?.map((f) => f.label.key)).toEqual(['scenario.pool.fact.refusedNode'])
    expect(Object.keys(o.figures).sort()).toEqual(Object.keys(poolOutcome(run()).figures).sort())
  })

  it('join() waiting fails when join() returned before the last task ended, or a worker did not exit', () => {
    expect(ok(run({}, { joinedAt: T + 2000 }), 'check.joinWaited')).toBe(false)
    expect(
      ok(run({ workers: [...workers.slice(0, 3), { pid: 204, ppid: 100, osPpid: 100 }] }), 'check.joinWaited'),
    ).toBe(false)
  })

  it('labels every figure in both languages', () => {
    expectFigureLabels('pool', poolOutcome(run()))
  })
})
