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
// Under fork (Linux's default before 3.14): the child has a copy of the parent's module.
const forked = { moduleName: '__main__', topLevelPid: 100, reportedPpid: 100, forkServerPid: null, startMs: 1.2 }
const python: ProcessJoinResult = {
  language: 'python',
  parentPid: 100,
  returned: 7,
  child: child(101, forked),
  sysExit: child(102, { ...forked, exitCode: 7 }),
  startMethod: 'fork',
  defaultMethod: 'fork',
  availableMethods: ['fork', 'spawn', 'forkserver'],
  startCosts: {
    fork: { firstMs: 1.4, medianMs: 1.2, runs: 3 },
    spawn: { firstMs: 41, medianMs: 38, runs: 3 },
    forkserver: { firstMs: 60, medianMs: 3.1, runs: 3 },
  },
  lambdaTarget: { exitCode: 0 },
  exitCodes: { raised: 1, terminated: -15, sigterm: 15 },
  withoutGuard: { exitCode: 0, error: null },
}
// Under spawn the file is imported again in the child, and a lambda cannot be pickled.
const GUARD_ERROR =
  'RuntimeError: An attempt has been made to start a new process before the current process has finished its bootstrapping phase.'
const PICKLE_ERROR = "AttributeError: Can't pickle local object 'lambda_target.<locals>.<lambda>'"
const spawned = (pid: number, extra: Partial<JoinedChild> = {}): JoinedChild =>
  child(pid, {
    moduleName: '__mp_main__',
    topLevelPid: pid,
    reportedPpid: 100,
    forkServerPid: null,
    startMs: 38,
    ...extra,
  })
const spawn: ProcessJoinResult = {
  ...python,
  child: spawned(101),
  sysExit: spawned(102, { exitCode: 7 }),
  startMethod: 'spawn',
  lambdaTarget: { error: PICKLE_ERROR },
  withoutGuard: { exitCode: 1, error: GUARD_ERROR },
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
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true, true, true, true, true, true, true, true])
    expect(english(o.summary)).toMatch(
      /run_proc returned 7, yet p.exitcode was 0.*sys.exit\(7\) in a second child gave p.exitcode 7; an uncaught exception gave 1, terminate\(\) -15/,
    )
    expect(english(o.summary)).toMatch(/Start method fork .*first statement in 1.2 ms.*nothing was pickled/)
    expect(o.figures).toMatchObject({ returned: 7, exitCode: 0, sysExitCode: 7, startMethod: 'fork', startMs: 1.2 })
    expect(o.figures).toMatchObject({
      startForkMs: 1.2,
      startSpawnMs: 38,
      startForkserverMs: 3.1,
      forkserverFirstMs: 60,
    })
  })

  it('Python under spawn: all hold; the file imported again and the pickling error shown as Python raised it', () => {
    const o = processJoinOutcome(run(spawn))
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true, true, true, true, true, true, true, true])
    expect(english(checkOf(o, 'check.topLevelAgain').label)).toMatch(/Under spawn the program file was imported again/)
    expect(english(checkOf(o, 'check.topLevelAgain').detail)).toMatch(/__name__ == "__mp_main__".*pid 101 \(the child/)
    expect(english(checkOf(o, 'check.lambdaRefused').detail)).toBe(`start() raised ${PICKLE_ERROR}`)
    expect(english(o.summary)).toMatch(/Start method spawn .*were pickled/)
  })

  it('under fork, "top level once" fails if the child ran the top level itself; under spawn, if it did not', () => {
    const again = { ...python, child: child(101, { ...forked, moduleName: '__mp_main__', topLevelPid: 101 }) }
    expect(ok(run(again), 'check.topLevelOnce')).toBe(false)
    expect(
      ok(run({ ...spawn, child: spawned(101, { moduleName: '__main__', topLevelPid: 100 }) }), 'check.topLevelAgain'),
    ).toBe(false)
    expect(ok(run({ ...spawn, child: spawned(101, { topLevelPid: null }) }), 'check.topLevelAgain')).toBe(false)
  })

  it('an exception must give p.exitcode 1, a signal -N; another code fails either check', () => {
    expect(
      ok(run({ ...python, exitCodes: { raised: 0, terminated: -15, sigterm: 15 } }), 'check.exceptionExitCode'),
    ).toBe(false)
    expect(ok(run({ ...python, exitCodes: { raised: 1, terminated: 1, sigterm: 15 } }), 'check.signalExitCode')).toBe(
      false,
    )
    expect(ok(run({ ...python, exitCodes: undefined }), 'check.signalExitCode')).toBe(false)
    expect(english(checkOf(processJoinOutcome(run(python)), 'check.signalExitCode').detail)).toBe(
      'terminate() (SIGTERM is 15 here); p.exitcode was -15',
    )
  })

  it('without the guard: fork fails if the program failed; spawn fails if it did not raise RuntimeError', () => {
    expect(ok(run({ ...python, withoutGuard: { exitCode: 1, error: GUARD_ERROR } }), 'check.noGuardWorks')).toBe(false)
    expect(ok(run({ ...python, withoutGuard: undefined }), 'check.noGuardWorks')).toBe(false)
    expect(ok(run({ ...spawn, withoutGuard: { exitCode: 0, error: null } }), 'check.noGuardFails')).toBe(false)
    expect(ok(run({ ...spawn, withoutGuard: { exitCode: 1, error: 'MemoryError: ' } }), 'check.noGuardFails')).toBe(
      false,
    )
    expect(english(checkOf(processJoinOutcome(run(spawn)), 'check.noGuardFails').detail)).toMatch(
      /child's exit code 1; the child raised RuntimeError: An attempt has been made to start a new process/,
    )
  })

  it('the lambda round fails when fork refused it, or spawn ran it, or nothing was reported', () => {
    expect(ok(run({ ...python, lambdaTarget: { error: PICKLE_ERROR } }), 'check.lambdaRan')).toBe(false)
    expect(ok(run({ ...spawn, lambdaTarget: { exitCode: 0 } }), 'check.lambdaRefused')).toBe(false)
    expect(
      ok(run({ ...spawn, lambdaTarget: { error: 'OSError: [Errno 24] Too many open files' } }), 'check.lambdaRefused'),
    ).toBe(false)
    expect(ok(run({ ...spawn, lambdaTarget: undefined }), 'check.lambdaRefused')).toBe(false)
  })

  it('"fork starts faster" fails when it did not, and is not measurable without both methods (Windows)', () => {
    const slow = { ...python.startCosts!, fork: { firstMs: 50, medianMs: 45, runs: 3 } }
    expect(ok(run({ ...python, startCosts: slow }), 'check.forkFaster')).toBe(false)
    const windows = { ...spawn, availableMethods: ['spawn'] as const, startCosts: { spawn: spawn.startCosts!.spawn } }
    const check = checkOf(processJoinOutcome(run(windows)), 'check.forkFaster')
    expect(check.ok).toBeNull()
    expect(english(check.detail)).toMatch(/not measurable here: this Python has only spawn/)
  })

  it('forkserver: the child is under the fork server, itself a child of the parent; else ✗', () => {
    const server = { pid: 150, ppid: 100, osPpid: 100 }
    const viaServer = (): ProcessJoinResult => ({
      ...spawn,
      startMethod: 'forkserver' as const,
      child: spawned(101, { forkServerPid: 150 }),
      sysExit: spawned(102, { exitCode: 7, forkServerPid: 150 }),
    })
    const underServer = seen.map((s) => ({ ...s, ppid: 150, osPpid: 150 }))
    expect(ok(run(viaServer(), { seen: underServer, server }), 'check.childUnderParent')).toBe(true)
    expect(
      ok(run(viaServer(), { seen: underServer, server: { ...server, osPpid: 1 } }), 'check.childUnderParent'),
    ).toBe(false)
    expect(ok(run(viaServer(), { seen, server }), 'check.childUnderParent')).toBe(false)
  })

  it('Node: all hold, the return value being the exit code', () => {
    const o = processJoinOutcome(run(node))
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true])
    expect(o.facts?.map((f) => f.label.key)).toEqual(['scenario.process-join.fact.nodeStart'])
    expect(o.figures).toMatchObject({ startMethod: null, startMs: null })
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
