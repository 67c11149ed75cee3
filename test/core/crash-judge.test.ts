// The verdicts of crash-isolation, one per case the lesson distinguishes: each
// check is computed from what the master recorded, and each can fail.
import { english } from '../helpers/outcome'
import { describe, expect, it } from 'vitest'
import { CRASH_WINDOW_MS, crashOutcome, judge } from '../../src/core/scenarios/crash-isolation/judge'
import type { CrashRecord, Death } from '../../src/shared/scenarios/crash-isolation'

const T = 1_000_000
const death = (slot: number, host = false, extra: Partial<Death> = {}): Death => ({
  at: T + 50,
  slot,
  pid: 100 + slot,
  what: 'killed by SIGSEGV',
  host,
  ...extra,
})
const crash = (how: CrashRecord['how'], victim?: Death, collateral: Death[] = []): CrashRecord => ({
  n: 1,
  how,
  worker: 1,
  at: T,
  pid: 101,
  victim,
  collateral,
})
/** Tasks finished by worker 2 after the crash. */
const othersWorked = [{ at: T + 300, slot: 2 }]

describe('crash-isolation judge', () => {
  it('process mode: the crashed worker died alone and the others kept working', () => {
    const c = judge({
      mode: 'processes',
      workers: 3,
      crash: crash('segfault', death(1, false, { lostTask: 7, replacedBy: { pid: 200, afterMs: 400 } })),
      completions: othersWorked,
    })
    expect(c.ok).toBe(true)
    expect(c.detail).toMatch(/2 other workers kept running and finished 1 task/)
    expect(c.detail).toMatch(/task 7 was lost and re-queued; restarted as pid 200/)
  })

  it('fails when nobody died', () => {
    const c = judge({ mode: 'processes', workers: 3, crash: crash('exception'), completions: othersWorked })
    expect(c.ok).toBe(false)
    expect(c.detail).toMatch(`did not die within ${CRASH_WINDOW_MS / 1000} s`)
  })

  it('fails when another worker died with it in process mode', () => {
    const c = judge({
      mode: 'processes',
      workers: 3,
      crash: crash('segfault', death(1), [death(2)]),
      completions: othersWorked,
    })
    expect(c.ok).toBe(false)
  })

  it('fails when the other workers finished nothing while it was down', () => {
    const late = [
      { at: T + CRASH_WINDOW_MS + 500, slot: 2 },
      { at: T + 100, slot: 1 },
    ]
    const c = judge({ mode: 'processes', workers: 3, crash: crash('exception', death(1)), completions: late })
    expect(c.ok).toBe(false)
    expect(c.detail).toMatch(/finished 0 tasks/)
  })

  it('thread mode, native crash: the host and every thread went', () => {
    const victim = death(1, true)
    const ok = judge({
      mode: 'threads',
      workers: 3,
      crash: crash('segfault', victim, [death(2, true), death(3, true)]),
      completions: [],
    })
    expect(ok.ok).toBe(true)
    expect(ok.detail).toMatch(/3 of 3 threads died/)
    // Had only the one thread died, the lesson's claim would not hold.
    const alone = judge({ mode: 'threads', workers: 3, crash: crash('segfault', victim), completions: [] })
    expect(alone.ok).toBe(false)
  })

  it('thread mode, exception: one thread ends and the host lives on', () => {
    const ok = judge({
      mode: 'threads',
      workers: 2,
      crash: crash('exception', death(1, false)),
      completions: othersWorked,
    })
    expect(ok.ok).toBe(true)
    // An exception that took the host would be a failure of isolation.
    const host = judge({
      mode: 'threads',
      workers: 2,
      crash: crash('exception', death(1, true), [death(2, true)]),
      completions: othersWorked,
    })
    expect(host.ok).toBe(false)
  })
})

describe('crash-isolation outcome', () => {
  const tally = (o: Partial<Parameters<typeof crashOutcome>[0]> = {}): Parameters<typeof crashOutcome>[0] => ({
    mode: 'processes',
    workers: 2,
    completed: 10,
    lost: 0,
    retried: 0,
    unfinished: 0,
    restarts: 0,
    hostDeaths: 0,
    stopped: false,
    completions: [],
    data: { crashes: [], deaths: [], events: [] },
    ...o,
  })

  it('a run with no crash ordered says so as a failed check, not as isolation shown', () => {
    const checks = crashOutcome(tally()).checks
    expect(checks).toHaveLength(1)
    expect(checks[0]).toMatchObject({ ok: false, detail: 'no crash was ordered in this run' })
  })

  it('lost work left undone fails, unless the user stopped the run', () => {
    const lostCheck = (o: Partial<Parameters<typeof crashOutcome>[0]>) =>
      crashOutcome(tally({ lost: 2, retried: 1, ...o })).checks.find((c) =>
        english(c.label).startsWith('Every task lost'),
      )!
    expect(lostCheck({ unfinished: 1 }).ok).toBe(false)
    expect(lostCheck({ unfinished: 0, retried: 2 }).ok).toBe(true)
    expect(lostCheck({ unfinished: 1, stopped: true }).ok).toBe(true)
  })
})
