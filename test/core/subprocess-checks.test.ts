// The verdicts of `subprocess`: the probe's arguments, the exit code and the
// sorted output are read from what the processes printed; each check can fail.
import { describe, expect, it } from 'vitest'
import { subprocessOutcome, type SubprocessRun } from '../../src/core/scenarios/subprocess/outcome'
import { PROBE_ARG, type SubprocessResult } from '../../src/shared/scenarios/subprocess'
import { checkOf, english } from '../helpers/outcome'
import { expectFigureLabels } from '../helpers/figure-labels'

const STDIN = 'cherry\napple\nbanana\ndate\n'
const sound: SubprocessResult = {
  language: 'python',
  shell: false,
  probe: { sent: PROBE_ARG, argv: [PROBE_ARG], extra: [] },
  pid: 300,
  argv: ['sort'],
  exitCode: 0,
  signal: null,
  timedOut: false,
  durationMs: 4,
  stdinBytes: 25,
  stdout: 'apple\nbanana\ncherry\ndate\n',
  stderr: '',
}
const run = (r: Partial<SubprocessResult> = {}, extra: Partial<SubprocessRun> = {}): SubprocessRun => ({
  result: { ...sound, ...r },
  program: 'sort',
  args: [],
  stdin: STDIN,
  timeoutMs: 10_000,
  ...extra,
})
const ok = (r: SubprocessRun, key: string): boolean | null => checkOf(subprocessOutcome(r), key).ok

describe('subprocess checks', () => {
  it('all hold for a sound run', () => {
    const o = subprocessOutcome(run())
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true])
    expect(o.figures).toMatchObject({ stdoutLines: 4, exitCode: 0, probeArgs: JSON.stringify([PROBE_ARG]) })
  })

  it('no shell fails when a shell split the argument, expanded $HOME and ran echo', () => {
    const o = subprocessOutcome(run({ shell: true, probe: { sent: PROBE_ARG, argv: ['/root'], extra: ['injected'] } }))
    expect(checkOf(o, 'check.noShell').ok).toBe(false)
    expect(english(checkOf(o, 'check.noShell').detail)).toMatch(
      /received \["\/root"\], and its output had more lines: injected/,
    )
  })

  it('no shell fails when the argument arrived split, or not at all', () => {
    expect(
      ok(run({ probe: { sent: PROBE_ARG, argv: ['$HOME;', 'echo', 'injected'], extra: [] } }), 'check.noShell'),
    ).toBe(false)
    expect(ok(run({ probe: { sent: PROBE_ARG, argv: null, extra: [] } }), 'check.noShell')).toBe(false)
  })

  it('exit code fails on a non-zero code, a signal, or the time limit', () => {
    expect(ok(run({ exitCode: 2 }), 'check.exitCode')).toBe(false)
    expect(ok(run({ exitCode: null, signal: 'SIGKILL' }), 'check.exitCode')).toBe(false)
    expect(ok(run({ timedOut: true }), 'check.exitCode')).toBe(false)
  })

  it('a program cut for printing without end says so, not "time limit"', () => {
    const c = checkOf(subprocessOutcome(run({ exitCode: null, signal: 'SIGKILL', outputCut: true })), 'check.exitCode')
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toMatch(/^killed after printing more than the 256 KB/)
  })

  it("tells what the tutorial's subprocess.call() did, or that nslookup is missing here", () => {
    const facts = (call: SubprocessResult['call']) =>
      subprocessOutcome(run({ call })).facts!.map((f) => english(f.label))
    const argv = ['nslookup', 'www.python.org']
    expect(facts({ argv, missing: false, code: 1, timedOut: false, ms: 40 })[0]).toMatch(
      /^subprocess.call\(\['nslookup', 'www.python.org'\]\) returned 1 after 40 ms/,
    )
    expect(facts({ argv, missing: true, code: null, timedOut: false, ms: 0 })[0]).toMatch(/nslookup is not installed/)
    expect(facts({ argv, missing: false, code: null, timedOut: true, ms: 10_003 })[0]).toMatch(
      /killed it and raised TimeoutExpired/,
    )
    expect(facts(null)).toHaveLength(1) // communicate() only
  })

  it('sorted fails when a line is lost or the order is wrong', () => {
    expect(ok(run({ stdout: 'apple\nbanana\ncherry\n' }), 'check.sorted')).toBe(false)
    expect(ok(run({ stdout: 'banana\napple\ncherry\ndate\n' }), 'check.sorted')).toBe(false)
  })

  it('is not claimed for a program other than sort', () => {
    const o = subprocessOutcome(run({}, { program: 'cat' }))
    expect(() => checkOf(o, 'check.sorted')).toThrow()
  })

  it('labels every figure in both languages', () => {
    expectFigureLabels('subprocess', subprocessOutcome(run()))
  })
})
