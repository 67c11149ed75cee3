// The verdicts of crash-isolation, one per case the lesson distinguishes: each
// check is computed from what was recorded (how the process ended as the OS
// reported it, which tasks the other workers finished around the crash), and
// each part of it can fail.
import { english } from '../helpers/outcome'
import { describe, expect, it } from 'vitest'
import { CRASH_WINDOW_MS, crashOutcome, exitFits, judge } from '../../src/core/scenarios/crash-isolation/judge'
import type { Completion, CrashRecord, Death, ExitSeen } from '../../src/shared/scenarios/crash-isolation'

const T = 1_000_000
const SEGV: ExitSeen = { reason: 'crashed', code: null, signal: 'SIGSEGV' }
const death = (slot: number, host = false, extra: Partial<Death> = {}): Death => ({
  at: T + 50,
  slot,
  pid: 100 + slot,
  exit: SEGV,
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
/** Tasks finished by worker 2 (its own process, pid 102) after the crash. */
const othersWorked: Completion[] = [{ at: T + 300, slot: 2, pid: 102 }]
/** Thread mode: every thread lives in host pid 500. */
const HOST = 500
const hostDeath = (slot: number, extra: Partial<Death> = {}): Death => death(slot, true, { pid: HOST, ...extra })
const beforeInHost: Completion[] = [
  { at: T - 400, slot: 2, pid: HOST },
  { at: T - 100, slot: 3, pid: HOST },
]

describe('crash-isolation judge, process mode', () => {
  const ok = (): ReturnType<typeof judge> =>
    judge({
      mode: 'processes',
      workers: 3,
      crash: crash('segfault', death(1, false, { lostTask: 7, replacedBy: { pid: 200, afterMs: 400 } })),
      completions: othersWorked,
    })

  it('holds when the crashed worker died alone, by SIGSEGV as the OS said, and the others kept working', () => {
    const c = ok()
    expect(c.ok).toBe(true)
    expect(english(c.detail)).toMatch(/pid 101 crashed \(SIGSEGV\); the master and the other workers carried on/)
    expect(english(c.detail)).toMatch(
      /carried on \(tasks they finished in the next 2.5 s: 1\); its task 7 was lost and re-queued/,
    )
    expect(english(c.detail)).toMatch(/restarted as pid 200/)
  })

  it('fails when nobody died', () => {
    const c = judge({ mode: 'processes', workers: 3, crash: crash('exception'), completions: othersWorked })
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toMatch(`did not die within ${CRASH_WINDOW_MS / 1000} s`)
  })

  it('fails when another worker died with it', () => {
    const c = judge({
      mode: 'processes',
      workers: 3,
      crash: crash('segfault', death(1), [death(2)]),
      completions: othersWorked,
    })
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toMatch(/and other workers died with it: 1/)
  })

  it('fails when the other workers finished nothing while it was down', () => {
    const late = [
      { at: T + CRASH_WINDOW_MS + 500, slot: 2 },
      { at: T + 100, slot: 1 },
    ]
    const c = judge({ mode: 'processes', workers: 3, crash: crash('exception', death(1)), completions: late })
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toMatch(/in the next 2.5 s: 0\)/)
  })

  it('fails when the worker ended some other way than the crash asked for', () => {
    const c = judge({
      mode: 'processes',
      workers: 3,
      crash: crash('segfault', death(1, false, { exit: { reason: 'killed', code: null, signal: 'SIGTERM' } })),
      completions: othersWorked,
    })
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toMatch(/was killed by SIGTERM \(expected SIGSEGV\)/)
  })

  it('fails when the host process went (the master would have gone with it)', () => {
    const c = judge({
      mode: 'processes',
      workers: 3,
      crash: crash('segfault', death(1, true)),
      completions: othersWorked,
    })
    expect(c.ok).toBe(false)
  })
})

describe('crash-isolation judge, thread mode', () => {
  it('native crash: holds when the host died by the signal and its other threads, busy before, finished nothing after', () => {
    const c = judge({
      mode: 'threads',
      workers: 3,
      crash: crash('segfault', hostDeath(1), [hostDeath(2), hostDeath(3)]),
      completions: beforeInHost,
    })
    expect(c.ok).toBe(true)
    expect(english(c.detail)).toMatch(/the host process crashed \(SIGSEGV\): threads in it: 3/)
    expect(english(c.detail)).toMatch(/before the crash: 2, after it: 0;/)
  })

  it('native crash: fails when only the thread died and the host lived on', () => {
    const c = judge({
      mode: 'threads',
      workers: 3,
      crash: crash('segfault', death(1, false, { pid: HOST, threadOnly: true })),
      completions: beforeInHost,
    })
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toMatch(/lived on, only the thread/)
  })

  it('native crash: fails when the other threads of that host still finished tasks after it died', () => {
    const c = judge({
      mode: 'threads',
      workers: 3,
      crash: crash('segfault', hostDeath(1)),
      completions: [...beforeInHost, { at: T + 200, slot: 2, pid: HOST }],
    })
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toMatch(/after it: 1;/)
  })

  it('native crash: fails when no other thread had been working in that host (nothing to take down)', () => {
    const c = judge({
      mode: 'threads',
      workers: 3,
      crash: crash('segfault', hostDeath(1)),
      // Work done by another process (a restarted host), not the one that died.
      completions: [{ at: T - 100, slot: 2, pid: 999 }],
    })
    expect(c.ok).toBe(false)
  })

  it('native crash: fails when the host ended some other way (e.g. stopped with SIGTERM)', () => {
    const c = judge({
      mode: 'threads',
      workers: 3,
      crash: crash('abort', hostDeath(1, { exit: { reason: 'killed', code: null, signal: 'SIGTERM' } })),
      completions: beforeInHost,
    })
    expect(c.ok).toBe(false)
    expect(english(c.detail)).toMatch(/\(expected SIGABRT\)/)
  })

  it('exception: one thread ends and the host lives on; taking the host would fail', () => {
    const threadExit: ExitSeen = { reason: 'error-exit', code: 1, signal: null, error: 'RuntimeError' }
    const ok = judge({
      mode: 'threads',
      workers: 2,
      crash: crash('exception', death(1, false, { exit: threadExit, threadOnly: true })),
      completions: othersWorked,
    })
    expect(ok.ok).toBe(true)
    expect(english(ok.detail)).toMatch(/ended with an uncaught RuntimeError while its process lived on/)
    const host = judge({
      mode: 'threads',
      workers: 2,
      crash: crash('exception', hostDeath(1, { exit: threadExit }), [hostDeath(2)]),
      completions: othersWorked,
    })
    expect(host.ok).toBe(false)
  })
})

describe('how each crash ends a process', () => {
  it.each([
    ['segfault', SEGV, true],
    ['segfault', { reason: 'crashed', code: 0xc0000005, signal: null }, true],
    ['segfault', { reason: 'crashed', code: null, signal: 'SIGABRT' }, false],
    ['abort', { reason: 'crashed', code: null, signal: 'SIGABRT' }, true],
    ['sigkill', { reason: 'killed', code: null, signal: 'SIGKILL' }, true],
    ['sigkill', { reason: 'killed', code: null, signal: 'SIGTERM' }, false],
    ['exception', { reason: 'error-exit', code: 1, signal: null }, true],
    ['exception', { reason: 'clean-exit', code: 0, signal: null }, false],
    ['oom', { reason: 'out-of-memory', code: 134, signal: null }, true],
    ['oom', { reason: 'error-exit', code: 1, signal: null, error: 'MemoryError' }, true],
    ['oom', { reason: 'error-exit', code: 1, signal: null, error: 'RuntimeError' }, false],
  ] as const)('%s, ended as %j: fits = %s', (how, exit, fits) => {
    expect(exitFits(how, exit as ExitSeen)).toBe(fits)
  })
})

describe('crash-isolation outcome', () => {
  const tally = (o: Partial<Parameters<typeof crashOutcome>[0]> = {}): Parameters<typeof crashOutcome>[0] => ({
    language: 'node',
    mode: 'processes',
    workers: 2,
    completed: 10,
    lost: 0,
    retried: 0,
    unfinished: 0,
    restarts: 0,
    hostDeaths: 0,
    masterDied: false,
    stopped: false,
    completions: [],
    data: { language: 'node', crashes: [], deaths: [], events: [] },
    ...o,
  })

  it('a run with no crash ordered says so as a check not run, never as isolation shown', () => {
    const checks = crashOutcome(tally()).checks
    expect(checks).toHaveLength(1)
    expect(checks[0].ok).toBe(null)
    expect(english(checks[0].detail)).toBe('no crash was ordered in this run')
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

  it('when the master died with the process, the re-queue check is replaced by a fact saying so', () => {
    const o = crashOutcome(tally({ language: 'python', mode: 'threads', lost: 3, unfinished: 0, masterDied: true }))
    expect(o.checks.some((c) => english(c.label).startsWith('Every task lost'))).toBe(false)
    expect(o.facts!.map((f) => f.label.key)).toEqual([
      'scenario.crash-isolation.fact.faultPython',
      'scenario.crash-isolation.fact.masterDied',
      // Apache's processes and IIS's threads, as the tutorial tells it.
      'scenario.crash-isolation.fact.servers',
    ])
    expect(o.figures).toMatchObject({ language: 'python', masterDied: true })
  })
})
