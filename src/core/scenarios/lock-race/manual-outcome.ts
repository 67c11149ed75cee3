// lock-race step by step (schedule: manual): the outcome from the schedule the
// program published last — the steps, the real balance — and the model's
// account of the same steps (schedule-model.ts). Pure, so a test can feed it a
// schedule whose real balance disagrees and see the check fail.
import { lockRaceMsg as m } from '../../../shared/i18n/scenarios/lock-race'
import type { RunOutcome } from '../../../shared/model'
import { scheduleText, type ScheduleLive } from '../../../shared/scheduler'
import type { LabThread, ThreadOutcomeData } from '../../../shared/thread-lab'
import { indicesOf } from '../schedule'
import { lostUpdate, play, raceProgram } from '../schedule-model'

export function manualRaceOutcome(
  s: ScheduleLive | undefined,
  cfg: {
    readonly threads: number
    readonly iterations: number
    readonly locked: boolean
    readonly stopped: boolean
    readonly language: 'python' | 'node'
  },
  threads: readonly LabThread[],
): RunOutcome<ThreadOutcomeData> {
  const steps = s?.steps ?? []
  const balance = typeof s?.shared.balance === 'number' ? s.shared.balance : null
  const expected = typeof s?.shared.expected === 'number' ? s.shared.expected : null
  const finished = !!s && s.threads.length > 0 && s.threads.every((t) => t.next === null)
  const model = play(raceProgram(cfg.threads, cfg.iterations, cfg.locked), indicesOf(steps), lostUpdate)
  const lost = model.metAt !== null
  const wrong = balance !== null && expected !== null && balance !== expected
  const fewest = s?.challenge?.fewest ?? null
  const detail = m('manual.detail', {
    balance: balance ?? '—',
    expected: expected ?? '—',
    lost: lost ? m('manual.lostAt', { n: model.metAt! }) : m('manual.noneLost'),
  })
  const challenge = cfg.locked
    ? m('manual.impossible')
    : lost && wrong
      ? m('manual.met', { at: model.metAt!, fewest: fewest ?? '—' })
      : m('manual.open')
  const text = scheduleText(steps)
  return {
    summary: m('manual.summary', {
      threads: cfg.threads,
      iterations: cfg.iterations,
      lock: m(cfg.locked ? 'manual.withLock' : 'manual.withoutLock'),
      steps: steps.length,
      schedule: text || m('manual.noSteps'),
      balance: balance ?? '—',
      expected: expected ?? '—',
      challenge,
    }),
    checks: [
      finished && model.valid
        ? { label: m('manual.check'), ok: wrong === lost, detail }
        : { label: m('manual.check'), ok: null, detail: m('manual.unfinished', { steps: steps.length }) },
    ],
    facts: [{ label: m(cfg.language === 'python' ? 'manual.factPython' : 'manual.fact') }],
    figures: {
      threads: cfg.threads,
      schedule: text,
      steps: steps.length,
      balance,
      expected,
      lostAt: model.metAt,
      fewest,
    },
    data: { threads },
  }
}
