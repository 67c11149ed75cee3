// The verdicts of `pool`, from the timeline the tasks measured: each check
// fails on a timeline (or a pool) that breaks the rule it states.
import { describe, expect, it } from 'vitest'
import { poolOutcome, type PoolRun } from '../../src/core/scenarios/pool/outcome'
import type { PoolResult, PoolRules, PoolTimelineEntry } from '../../src/shared/scenarios/pool'
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
// What multiprocessing answered on its one-worker pools (Python 3.11's words).
const rules: PoolRules = {
  joinBeforeClose: 'ValueError: Pool is still running',
  queueArgument: 'RuntimeError: Queue objects should only be shared between processes through inheritance',
  managerQueue: null,
  managerGot: 'hello from 301',
  lambdaTask: "AttributeError: Can't pickle local object 'rules.<locals>.<lambda>'",
}
const result = (extra: Partial<PoolResult> = {}): PoolResult => ({
  language: 'python',
  startedAt: T,
  closedAt: T + 5,
  refused: 'ValueError: Pool not running',
  joinedAt: T + 2100,
  timeline,
  workers: [],
  createdAt: T,
  // Every worker up before the first task ended (task 2, at 150 ms).
  ready: W.map((pid, i) => ({ pid, at: T + 8 + i })),
  startMethod: 'fork',
  defaultMethod: 'fork',
  forkServerPid: null,
  rules,
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
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true, true, true, true, true, true, true, true])
    expect(english(o.summary)).toMatch(/^All the workers were up 11 ms after Pool\(\) \(start method fork/)
    expect(english(checkOf(o, 'check.firstWave').detail)).toMatch(
      /tasks 0, 1, 2, 3, on 4 different pids, all running at once for 137 ms; then 4/,
    )
    expect(english(o.summary)).toMatch(
      /Task 4 waited 0.14 s for a free worker and ran on pid 203, which had just finished task 2/,
    )
    expect(english(checkOf(o, 'check.reuse').detail)).toMatch(/task 4 started on pid 203 1 ms after task 2 ended there/)
    expect(o.figures).toMatchObject({ peakConcurrent: 4, waitedMs: 141, finished: 5, allWorkersUpMs: 11 })
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

  it('the first wave fails when two of the first tasks ran on one pid, or they never all ran at once', () => {
    // Long tasks, yet task 3 waited for worker 201 while worker 204 was up: not one per worker.
    const samePid = [
      task(0, 201, 10, 400),
      task(1, 202, 11, 1280),
      task(2, 203, 12, 1150),
      task(3, 201, 401, 870),
      task(4, 204, 402, 2060),
    ]
    expect(ok(run({}, { timeline: samePid }), 'check.firstWave')).toBe(false)
    const staggered = [
      task(0, 201, 10, 400),
      task(1, 202, 11, 1280),
      task(2, 203, 12, 1150),
      task(3, 204, 500, 870),
      task(4, 201, 600, 2060),
    ]
    const check = checkOf(poolOutcome(run({}, { timeline: staggered })), 'check.firstWave')
    expect(check.ok).toBe(false)
    expect(english(check.detail)).toMatch(/on 4 different pids, never all running at once/)
  })

  it('the first wave is not measurable when a first task ended before the last worker was up', () => {
    // The tutorial's code with short tasks: worker 204 came up at 300 ms, task 2 had ended at 150 ms.
    const late = W.map((pid, i) => ({ pid, at: T + (i === 3 ? 300 : 8) }))
    const check = checkOf(poolOutcome(run({}, { ready: late })), 'check.firstWave')
    expect(check.ok).toBeNull()
    expect(english(check.detail)).toMatch(
      /not measurable: task 2 ran 138 ms and ended 150 ms after Pool\(\), before the last worker was up \(300 ms/,
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

  // Seen in a full suite on 2 busy cores: the second worker came up after the first had run two tasks.
  const twoWorkers = (t: number, timelineOf: PoolTimelineEntry[], secondUp: number): PoolRun =>
    run(
      { n: 2, t, workers: workers.slice(0, 2) },
      {
        timeline: timelineOf,
        ready: [
          { pid: 201, at: T + 8 },
          { pid: 202, at: T + secondUp },
        ],
        joinedAt: T + 900,
      },
    )
  const lateTwo = (t: number, timelineOf: PoolTimelineEntry[]): PoolRun => twoWorkers(t, timelineOf, 400)

  it('reuse holds when a task beyond the first ran first on a worker that came up late, and another reused a worker', () => {
    const late = [
      task(0, 201, 10, 150),
      task(1, 201, 151, 300),
      task(3, 201, 301, 500),
      task(2, 202, 401, 700),
      task(4, 201, 501, 800),
    ]
    const check = checkOf(poolOutcome(lateTwo(5, late)), 'check.reuse')
    expect(check.ok).toBe(true)
    expect(english(check.detail)).toMatch(/^task 3 started on pid 201 1 ms after task 1 ended there/)
  })

  it('reuse is not measurable when the only task beyond the first went to a worker that came up late', () => {
    const late = [task(0, 201, 10, 150), task(1, 201, 151, 300), task(2, 202, 401, 700)]
    const check = checkOf(poolOutcome(lateTwo(3, late)), 'check.reuse')
    expect(check.ok).toBeNull()
    expect(english(check.detail)).toMatch(
      /^not measurable: .*Task 2 was the first on pid 202, a worker that was up only 400 ms after Pool\(\), after a task had ended elsewhere at 150 ms/,
    )
  })

  it('reuse still fails when a worker was up and idle while a task beyond the first waited', () => {
    const idle = [task(0, 201, 10, 150), task(1, 201, 151, 300), task(2, 202, 401, 700)]
    const early = twoWorkers(3, idle, 9)
    expect(checkOf(poolOutcome(early), 'check.reuse').ok).toBe(false)
  })

  it("reuse fails when task 4 started on a worker before that worker's task ended", () => {
    const busy = [...timeline.slice(0, 4), task(4, 201, 151, 2060)]
    const o = poolOutcome(run({}, { timeline: busy }))
    expect(checkOf(o, 'check.reuse').ok).toBe(false)
    expect(english(checkOf(o, 'check.reuse').detail)).toMatch(/pid 201 ran tasks 0 and 4 at the same time/)
  })

  it("Python: the rules' checks fail when join() before close(), the Queue or the lambda did not raise, or nothing was reported", () => {
    expect(ok(run({}, { rules: { ...rules, joinBeforeClose: null } }), 'check.joinBeforeClose')).toBe(false)
    expect(ok(run({}, { rules: undefined }), 'check.joinBeforeClose')).toBe(false)
    expect(ok(run({}, { rules: { ...rules, queueArgument: null } }), 'check.queueNeedsManager')).toBe(false)
    const managerFailed = { ...rules, managerQueue: 'EOFError: ', managerGot: undefined }
    expect(ok(run({}, { rules: managerFailed }), 'check.queueNeedsManager')).toBe(false)
    expect(ok(run({}, { rules: { ...rules, lambdaTask: null } }), 'check.tasksPickled')).toBe(false)
    const o = poolOutcome(run())
    expect(english(checkOf(o, 'check.joinBeforeClose').detail)).toBe('it raised ValueError: Pool is still running')
    expect(english(checkOf(o, 'check.queueNeedsManager').detail)).toMatch(
      /RuntimeError: Queue objects should only be shared between processes through inheritance; a Manager\(\)\.Queue\(\): the worker put "hello from 301"/,
    )
    expect(english(checkOf(o, 'check.tasksPickled').label)).toMatch(/whatever the start method \(fork here\)/)
  })

  it("forkserver: the workers are children of the fork server, itself the parent's child; else ✗", () => {
    const underServer = workers.map((w) => ({ ...w, ppid: 150, osPpid: 150 }))
    const server = { pid: 150, ppid: 100, osPpid: 100 }
    const fs = { startMethod: 'forkserver', forkServerPid: 150 }
    expect(ok(run({ workers: underServer, server }, fs), 'check.workers')).toBe(true)
    expect(ok(run({ workers: underServer, server: { ...server, osPpid: 1 } }, fs), 'check.workers')).toBe(false)
    expect(ok(run({ workers, server }, fs), 'check.workers')).toBe(false)
  })

  it('Python: refused fails when apply_async() after close() was accepted', () => {
    expect(ok(run({}, { refused: undefined }), 'check.refused')).toBe(false)
  })

  it("Node: the refusal is a fact (ProcLab's own pool throws), not a check", () => {
    const o = poolOutcome(run({}, { language: 'node', refused: 'Error: Pool not running' }))
    expect(() => checkOf(o, 'check.refused')).toThrow()
    expect(o.facts?.map((f) => f.label.key)).toEqual(['scenario.pool.fact.refusedNode', 'scenario.pool.fact.nodeStart'])
    expect(() => checkOf(o, 'check.joinBeforeClose')).toThrow()
    expect(Object.keys(o.figures).sort()).toEqual(Object.keys(poolOutcome(run()).figures).sort())
  })

  it('join() waiting fails when join() returned before the last task ended, or a worker did not exit', () => {
    expect(ok(run({}, { joinedAt: T + 2000 }), 'check.joinWaited')).toBe(false)
    expect(
      ok(run({ workers: [...workers.slice(0, 3), { pid: 204, ppid: 100, osPpid: 100 }] }), 'check.joinWaited'),
    ).toBe(false)
  })

  it('one worker: the first task is named alone, not as a range 0–0 "all running at once"', () => {
    const one = [task(0, 201, 10, 110), task(1, 201, 111, 210), task(2, 201, 211, 310)]
    const o = poolOutcome(
      run(
        { n: 1, t: 3, workers: workers.slice(0, 1) },
        { timeline: one, ready: [{ pid: 201, at: T + 8 }], joinedAt: T + 320 },
      ),
    )
    const labels = o.checks.map((c) => english(c.label))
    expect(labels).toContain('Task 0 started first, on the only worker')
    expect(labels.join('\n')).not.toMatch(/0–0/)
    expect(checkOf(o, 'check.firstWaveOne').ok).toBe(true)
    expect(english(checkOf(o, 'check.firstWaveOne').detail)).toBe('the first to start: task 0, on pid 201; then 1, 2')
  })

  it('labels every figure in both languages', () => {
    expectFigureLabels('pool', poolOutcome(run()))
  })
})
