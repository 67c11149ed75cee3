// The verdicts of `fork`: each check is computed from what the processes
// reported, and each fails when the report says otherwise.
import { describe, expect, it } from 'vitest'
import { forkOutcome, type ForkRun } from '../../src/core/scenarios/fork/outcome'
import type { ForkResult } from '../../src/shared/scenarios/fork'
import { checkOf, english } from '../helpers/outcome'
import { expectFigureLabels } from '../helpers/figure-labels'

const python: ForkResult = {
  language: 'python',
  forkAvailable: true,
  parentPid: 100,
  parentMarker: 'abc123',
  childPid: 101,
  hello: { pid: 101, ppid: 100, marker: 'abc123', afterMs: 1.3, forkReturned: 0, value: 101 },
  childExit: { pid: 101, code: 0, signal: null },
  valueBefore: 100,
  parentValueAfter: 100,
  fresh: { pid: 102, afterMs: 28.2, marker: 'ffeedd', code: 0 },
}
const node: ForkResult = {
  language: 'node',
  forkAvailable: true,
  parentPid: 100,
  parentMarker: 'abc123',
  childPid: 101,
  hello: { pid: 101, ppid: 100, marker: 'zzz999', afterMs: 91 },
  childExit: { pid: 101, code: 0, signal: null },
}
const run = (result: ForkResult, extra: Partial<ForkRun> = {}): ForkRun => ({
  parentPid: 100,
  parentExit: { code: 0, signal: null },
  result,
  osPpid: 100,
  platform: 'linux',
  ...extra,
})
const ok = (r: ForkRun, key: string): boolean | null => checkOf(forkOutcome(r), key).ok

describe('fork checks', () => {
  it('all hold for a sound Python run, and say so with the numbers', () => {
    const o = forkOutcome(run(python))
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true, true, true, true])
    expect(english(o.summary)).toMatch(
      /first statement ran 1.3 ms after os.fork\(\); a fresh Python interpreter took 28.2 ms .*22× as long/,
    )
    expect(o.figures).toMatchObject({ childStartMs: 1.3, freshInterpreterMs: 28.2, childMarker: 'abc123' })
  })

  it('the child under the parent fails when the OS names another parent', () => {
    expect(ok(run(python, { osPpid: 1 }), 'check.childUnderParent')).toBe(false)
  })

  it('own pids fail when the child reports another pid', () => {
    expect(ok(run({ ...python, hello: { ...python.hello!, pid: 555 } }), 'check.ownPids')).toBe(false)
  })

  it('what fork() returned is a fact (the child reports from inside `if pid == 0`), with the values', () => {
    const o = forkOutcome(run(python))
    expect(o.checks.map((c) => c.label.key)).not.toContain('scenario.fork.check.forkReturnsZero')
    const f = o.facts!.find((x) => x.label.key === 'scenario.fork.fact.forkReturns')!
    expect(english(f.detail!)).toMatch(/^in the child fork\(\) returned 0; in the parent it returned 101/)
  })

  it('the copy fails when the child has another marker', () => {
    expect(ok(run({ ...python, hello: { ...python.hello!, marker: 'other1' } }), 'check.copied')).toBe(false)
  })

  it("separate memory fails when the child's change shows in the parent", () => {
    expect(ok(run({ ...python, parentValueAfter: 101 }), 'check.separate')).toBe(false)
  })

  it('cheap fails when os.fork() was not faster than a fresh interpreter', () => {
    expect(ok(run({ ...python, fresh: { ...python.fresh!, afterMs: 1.0 } }), 'check.cheap')).toBe(false)
    expect(ok(run({ ...python, fresh: null }), 'check.cheap')).toBe(false)
  })

  it('clean exit fails on a non-zero code or a signal', () => {
    expect(ok(run({ ...python, childExit: { pid: 101, code: 1, signal: null } }), 'check.cleanExit')).toBe(false)
    expect(ok(run(python, { parentExit: { code: null, signal: 'SIGKILL' } }), 'check.cleanExit')).toBe(false)
  })

  it('a child that never reported fails every check that needs its report', () => {
    const o = forkOutcome(run({ ...python, hello: null }, { osPpid: undefined }))
    for (const key of ['childUnderParent', 'ownPids', 'copied', 'separate', 'cheap'])
      expect(checkOf(o, `check.${key}`).ok, key).toBe(false)
  })

  it('Node mode: "nothing copied" is a fact; the same figure keys', () => {
    const o = forkOutcome(run(node))
    expect(o.checks.map((c) => (typeof c.label === 'string' ? c.label : c.label.key))).toEqual([
      'scenario.fork.check.childUnderParent',
      'scenario.fork.check.ownPids',
      'scenario.fork.check.cleanExit',
    ])
    expect(o.facts?.[0].label.key).toBe('scenario.fork.fact.nothingCopied')
    expect(Object.keys(o.figures).sort()).toEqual(Object.keys(forkOutcome(run(python)).figures).sort())
    expect(o.figures).toMatchObject({ childStartMs: 91, freshInterpreterMs: 91 })
  })

  it('no os.fork() (Windows): the Python checks are not run, and the outcome says why', () => {
    const o = forkOutcome(
      run({ language: 'python', forkAvailable: false, parentPid: 100, parentMarker: 'abc123' }, { platform: 'win32' }),
    )
    expect(o.checks).toHaveLength(6)
    for (const c of o.checks) expect(c.ok).toBeNull()
    expect(english(o.summary)).toMatch(/os.fork\(\) does not exist on this system \(win32\).*Unix\/Linux\/Mac/)
  })

  it('labels every figure in both languages', () => {
    expectFigureLabels('fork', forkOutcome(run(python)))
    expectFigureLabels('fork', forkOutcome(run(node)))
  })
})
