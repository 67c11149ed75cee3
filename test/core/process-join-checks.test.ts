// The verdicts of `process-join`: join() waiting and the exit codes are read
// from the timestamps and codes the processes reported; each check can fail.
import { describe, expect, it } from 'vitest'
import { processJoinOutcome, type ProcessJoinRun } from '../../src/core/scenarios/process-join/outcome'
import type { JoinedChild, ProcessJoinResult } from '../../src/shared/scenarios/process-join'
import { checkOf, english } from '../helpers/outcome'
import { expectFigureLabels } from '../helpers/figure-labels'

const T = 1_700_000_000_000
const child = (pid: number, extra: Partial<JoinedChild> = {}): JoinedChild => ({
  pid,
  startedAt: T,
  childEndedAt: T + 1510,
  joinedAt: T + 1512,
  joinedMs: 1512,
  exitCode: 0,
  ...extra,
})
const python: ProcessJoinResult = {
  language: 'python',
  parentPid: 100,
  returned: 7,
  child: child(101),
  sysExit: child(102, { exitCode: 7 }),
}
const node: ProcessJoinResult = { language: 'node', parentPid: 100, returned: 7, child: child(101, { exitCode: 7 }) }
const seen = [
  { pid: 101, ppid: 100, osPpid: 100, exit: { runtimeMs: 1500, reason: 'clean-exit' } },
  { pid: 102, ppid: 100, osPpid: 100 },
]
const run = (result: ProcessJoinResult, extra: Partial<ProcessJoinRun> = {}): ProcessJoinRun => ({
  parentPid: 100,
  result,
  seen,
  name: 'test',
  workMs: 1500,
  ...extra,
})
const ok = (r: ProcessJoinRun, key: string): boolean | null => checkOf(processJoinOutcome(r), key).ok

describe('process-join checks', () => {
  it('Python: all hold, and the outcome says the return value was ignored, with the numbers', () => {
    const o = processJoinOutcome(run(python))
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true, true])
    expect(english(o.summary)).toMatch(
      /run_proc returned 7, yet p.exitcode was 0.*sys.exit\(7\) in a second child gave p.exitcode 7/,
    )
    expect(o.figures).toMatchObject({ returned: 7, exitCode: 0, sysExitCode: 7 })
  })

  it('Node: all hold, the return value being the exit code', () => {
    const o = processJoinOutcome(run(node))
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true])
    expect(Object.keys(o.figures).sort()).toEqual(Object.keys(processJoinOutcome(run(python)).figures).sort())
  })

  it('the child under the parent fails when the OS names another parent, or for either child', () => {
    expect(ok(run(python, { seen: [{ ...seen[0], osPpid: 1 }, seen[1]] }), 'check.childUnderParent')).toBe(false)
    expect(ok(run(python, { seen: [seen[0]] }), 'check.childUnderParent')).toBe(false)
  })

  it('join() waiting fails when join() returned before the child ended', () => {
    const early = { ...python, child: child(101, { childEndedAt: T + 1600 }) }
    expect(ok(run(early), 'check.joinWaited')).toBe(false)
    expect(
      ok(
        run({ ...node, child: child(101, { exitCode: 7, joinedMs: 900, joinedAt: T + 900, childEndedAt: T + 890 }) }),
        'check.joinWaited',
      ),
    ).toBe(false)
    expect(ok(run({ ...python, sysExit: child(102, { exitCode: 7, childEndedAt: null }) }), 'check.joinWaited')).toBe(
      false,
    )
  })

  it('Node: the return value check fails when the exit code differs', () => {
    expect(ok(run({ ...node, child: child(101, { exitCode: 0 }) }), 'check.returnIsExitCode')).toBe(false)
  })

  it('Python: "return ignored" fails if p.exitcode carried the return value; sys.exit fails on another code', () => {
    expect(ok(run({ ...python, child: child(101, { exitCode: 7 }) }), 'check.returnIgnored')).toBe(false)
    expect(ok(run({ ...python, sysExit: child(102, { exitCode: 1 }) }), 'check.sysExitCode')).toBe(false)
  })

  it('labels every figure in both languages', () => {
    expectFigureLabels('process-join', processJoinOutcome(run(python)))
  })
})
