// The Python modes of queue-pair, threads, lock-race and thread-local, run for
// real with python3 (short options): what a learner would notice, checked
// against the OS and the program's own reports.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { pythonFile } from '../src/child/entries'
import { findPython } from '../src/core/bridge/python'
import { raceOutcome } from '../src/core/scenarios/lock-race/outcome'
import { threadRunOf, type RunInfo } from '../src/shared/model'
import type { RaceResult } from '../src/shared/scenarios/lock-race'
import type { ThreadOutcomeData } from '../src/shared/thread-lab'
import { checkOf, english } from './helpers/outcome'
import { expectAllChecksOk, useScenarioLab } from './helpers/scenario-runs'

const { start } = useScenarioLab()

const python = findPython()
if ('missing' in python) throw new Error('python3 is required for these tests (CI installs it)')

const dataOf = (r: RunInfo): ThreadOutcomeData => threadRunOf(r)?.outcome?.data ?? {}

/** A Python program run by hand, as a learner would in a terminal: its printed lines and its result. */
function byHand(program: string, options: Record<string, unknown>): { lines: string[]; result: unknown } {
  if ('missing' in python) throw new Error('no python')
  const out = execFileSync(python.file, [...python.args, pythonFile(program), JSON.stringify(options)], {
    encoding: 'utf8',
    timeout: 20_000,
  })
  const at = out.indexOf('result: ')
  return { lines: out.slice(0, at).trim().split('\n'), result: JSON.parse(out.slice(at + 'result: '.length)) }
}

describe('lock-race in Python', () => {
  it("CPython's race as it behaves: the tutorial's loop loses none, a call inside loses, the lock none", async () => {
    const w = await start('lock-race', { language: 'python', iterations: 100_000 })
    const run = await w.ended
    expect(run.status).toBe('finished')
    expectAllChecksOk(run)
    const f = run.outcome!.figures
    expect(f['plain.lost']).toBe(0)
    expect(f['plainShort.lost']).toBe(0)
    expect(f['unlocked.lost']).toBeGreaterThan(0)
    expect(f['locked.lost']).toBe(0)
    expect(f.python).toMatch(/^3\.\d+\.\d+$/)
    // The racing threads are in the run's thread list under their names.
    const names = dataOf(run).threads!.map((t) => t.name)
    expect(names).toEqual(expect.arrayContaining(['plain-1', 'plain-2', 'call-short-1', 'locked-2']))
    expect(dataOf(run).table!.rows).toHaveLength(5)
  })

  it('by hand, prints each round; with the lock taken away the locked round fails its check', () => {
    const { lines, result } = byHand('lock_race', { mode: 'locked', iterations: 50_000, breakLock: true })
    expect(lines[0]).toMatch(/^Python 3\.\d+\.\d+, GIL on/)
    expect(lines[1]).toMatch(/^locked +balance = -?\d+, \d+ of 200000 updates lost/)
    const c = checkOf(raceOutcome(result as RaceResult, []), 'check.lockedNone')
    expect(c.ok).toBe(false)
    expect(english(c.detail)).not.toContain(' 0 of 200000 updates lost')
  })
})
