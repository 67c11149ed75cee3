// lock-race's verdicts, from what the run measured (the balance and the
// counted updates of each round): a pure function, so tests can feed it a
// broken run and see each check fail (test/core/lock-race-checks.test.ts).
import type { Msg } from '../../../shared/msg'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { LabThread, ThreadOutcomeData } from '../../../shared/thread-lab'
import type { RaceResult, RaceRound, RaceRoundId } from '../../../shared/scenarios/lock-race'
import { lockRaceMsg as m } from '../../../shared/i18n/scenarios/lock-race'
import { spinMsg } from '../../../shared/i18n/scenarios/spin'

export const lost = (x: RaceRound): number => x.expectedChanges - x.changes

/** Lost nothing: the balance is back at 0 and every update was counted. */
const clean = (x: RaceRound): boolean => x.balance === 0 && lost(x) === 0

const roundDetail = (x: RaceRound | undefined): Msg =>
  x
    ? m('detail.round', { balance: x.balance, lost: lost(x), expected: x.expectedChanges, ms: x.ms })
    : m('detail.notRun')

/** The threads never ran their loops at the same time: nothing could be lost, nor a lock be tested. */
const apart = (x: RaceRound): boolean => x.overlapMs !== undefined && x.overlapMs <= 0

/**
 * A check on one round: not judged (null) when its threads ran one after
 * another, since then its claim would hold, or fail, by how the OS ran them.
 */
function judged(label: Msg, x: RaceRound, ok: (x: RaceRound) => boolean, detail: Msg = roundDetail(x)): OutcomeCheck {
  if (apart(x)) return { label, ok: null, detail: m('detail.notJudged', { why: m('detail.apart') }) }
  return { label, ok: ok(x), detail }
}

const round1 = (n: number): number => Math.round(n * 10) / 10

export function raceOutcome(r: RaceResult, threads: readonly LabThread[]): RunOutcome<ThreadOutcomeData> {
  const by = (id: RaceRoundId): RaceRound | undefined => r.rounds.find((x) => x.id === id)
  const python = r.language === 'python'
  // The round the lock is compared with: the same code without it.
  const unlocked = python ? by('call-short') : by('unlocked')
  const locked = by('locked')
  const checks: OutcomeCheck[] = []
  const facts: OutcomeFact[] = []
  const us = round1((r.shortSwitchS ?? 0) * 1e6)

  if (python) {
    // The lesson is the round that loses updates: a call inside the critical
    // section puts a switch point between the read and the write.
    if (unlocked)
      checks.push(
        judged(
          m('check.callLoses'),
          unlocked,
          (x) => !clean(x),
          m('detail.twoRounds', {
            short: us,
            a: roundDetail(unlocked),
            default: round1((r.switchS ?? 0) * 1000),
            b: roundDetail(by('call')),
          }),
        ),
      )
    // The tutorial's own loop is not judged: on CPython 3.10-3.12 with the GIL
    // it happens to lose nothing, which a green check would present as safety.
    // What it did is said as a fact, with why it proves nothing about locks.
    const plain = by('plain')
    const plainShort = by('plain-short')
    if (plain || plainShort) {
      const tutorialLost = [plain, plainShort].some((x) => x && !clean(x))
      const params = {
        python: r.python ?? '?',
        us,
        ms: round1((r.switchS ?? 0) * 1000),
        plain: plain ? lost(plain) : '—',
        plainShort: plainShort ? lost(plainShort) : '—',
      }
      facts.push({ label: m(tutorialLost ? 'fact.plainLost' : 'fact.plainNone', params) })
    }
    // Where the GIL comes up, the tutorial's Python 2 rule is corrected (spin explains the GIL).
    facts.push({ label: spinMsg('fact.gil') })
  } else {
    if (unlocked) checks.push(judged(m('check.unlockedLoses'), unlocked, (x) => !clean(x)))
    facts.push({ label: m('fact.node') })
  }
  if (locked) checks.push(judged(m('check.lockedNone'), locked, clean))
  if (unlocked) facts.push({ label: m('fact.probabilistic') }, { label: m('fact.counter') })

  const cost = unlocked && locked && unlocked.ms > 0 ? round1(locked.ms / unlocked.ms) : null
  const lostOf = (id: RaceRoundId): number | string => {
    const x = by(id)
    return x ? lost(x) : '—'
  }
  const summary = m('outcome.summary', {
    head: python
      ? m('outcome.headPython', { threads: r.threads, iterations: r.iterations, python: r.python ?? '?' })
      : m('outcome.headNode', { threads: r.threads, iterations: r.iterations }),
    unlocked: !unlocked
      ? ''
      : python
        ? m('outcome.unlockedPython', {
            plain: lostOf('plain'),
            plainShort: lostOf('plain-short'),
            us,
            call: lostOf('call'),
            callShort: lostOf('call-short'),
          })
        : m('outcome.unlockedNode', { balance: unlocked.balance, lost: lost(unlocked), ms: unlocked.ms }),
    locked: locked ? m('outcome.locked', { balance: locked.balance, lost: lost(locked), ms: locked.ms }) : '',
    cost: cost === null ? '' : m('outcome.cost', { cost }),
  })

  const roundLabel = (x: RaceRound): Msg => m(python && x.id === 'locked' ? 'round.lockedPython' : `round.${x.id}`)
  const data: ThreadOutcomeData = {
    threads,
    table: {
      columns: [
        m('table.round'),
        m('table.balance'),
        m('table.changes'),
        m('table.lost'),
        m('table.ms'),
        m('table.together'),
      ],
      rows: r.rounds.map((x) => [
        roundLabel(x),
        x.balance,
        m('table.changesOf', { changes: x.changes, expected: x.expectedChanges }),
        lost(x),
        x.ms,
        // Zero or less is no overlap at all: said in words, not as a negative time.
        x.overlapMs === undefined ? null : x.overlapMs > 0 ? x.overlapMs : m('table.apart'),
      ]),
    },
  }
  const pair = (prefix: string, x: RaceRound | undefined, withMs = true): [string, number | null][] => [
    [`${prefix}.balance`, x?.balance ?? null],
    [`${prefix}.lost`, x ? lost(x) : null],
    ...(withMs ? [[`${prefix}.ms`, x?.ms ?? null] as [string, number | null]] : []),
  ]
  return {
    summary,
    checks,
    facts,
    figures: Object.fromEntries([
      ['threads', r.threads],
      ['iterations', r.iterations],
      ...pair('unlocked', unlocked),
      ...pair('locked', locked),
      ['lockCost', cost],
      ...(python
        ? [
            ['python', r.python ?? null],
            ['switchMs', r.switchS === undefined ? null : round1(r.switchS * 1000)],
            ['shortSwitchUs', us],
            ...pair('plain', by('plain'), false),
            ...pair('plainShort', by('plain-short'), false),
            ...pair('call', by('call'), false),
          ]
        : []),
    ]),
    data,
  }
}
