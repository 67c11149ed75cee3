// deadlock step by step (schedule: manual): the usual outcome (the cycle as
// the wait-for graph found it, the stuck threads' CPU, a terminated thread),
// with its "a cycle was found" check replaced by one that can fail either way:
// the real threads deadlocked exactly when the model says the schedule must.
import { deadlockMsg } from '../../../shared/i18n/scenarios/deadlock'
import type { OutcomeCheck, RunOutcome } from '../../../shared/model'
import { scheduleText, type ScheduleLive } from '../../../shared/scheduler'
import type { ThreadOutcomeData } from '../../../shared/thread-lab'
import { indicesOf } from '../schedule'
import { deadlock, deadlockProgram, play } from '../schedule-model'

export function manualDeadlockOutcome(
  base: RunOutcome<ThreadOutcomeData>,
  s: ScheduleLive | undefined,
  cfg: { readonly ordered: boolean; readonly everCycle: boolean; readonly language: 'python' | 'node' },
): RunOutcome<ThreadOutcomeData> {
  const steps = s?.steps ?? []
  const model = play(deadlockProgram(cfg.ordered), indicesOf(steps), deadlock)
  const fewest = s?.challenge?.fewest ?? null
  const agree: OutcomeCheck = model.valid
    ? {
        label: deadlockMsg('manual.check'),
        ok: (model.metAt !== null) === cfg.everCycle,
        detail: deadlockMsg('manual.detail', {
          model:
            model.metAt !== null
              ? deadlockMsg('manual.modelDeadlock', { n: model.metAt })
              : deadlockMsg('manual.modelNone'),
          real: deadlockMsg(cfg.everCycle ? 'manual.realCycle' : 'manual.realNone'),
        }),
      }
    : { label: deadlockMsg('manual.check'), ok: null, detail: deadlockMsg('manual.invalid') }
  // What the schedule decides is judged above; what follows from a deadlock (no CPU, a way out) stays.
  const decided = new Set(['scenario.deadlock.check.cycle', 'scenario.deadlock.check.ordered'])
  const text = scheduleText(steps)
  return {
    ...base,
    summary: deadlockMsg('manual.summary', {
      order: deadlockMsg(cfg.ordered ? 'manual.ordered' : 'manual.opposite'),
      steps: steps.length,
      schedule: text || deadlockMsg('manual.noSteps'),
      challenge: cfg.ordered
        ? deadlockMsg('manual.impossible')
        : model.metAt !== null && cfg.everCycle
          ? deadlockMsg('manual.met', { at: model.metAt, fewest: fewest ?? '—' })
          : deadlockMsg('manual.open'),
      result: model.metAt !== null || cfg.everCycle ? base.summary : '',
    }),
    checks: [agree, ...base.checks.filter((c) => !decided.has(c.label.key))],
    facts: [
      { label: deadlockMsg(cfg.language === 'python' ? 'manual.factPython' : 'manual.fact') },
      ...(base.facts ?? []),
    ],
    figures: { ...base.figures, schedule: text, steps: steps.length, deadlockAt: model.metAt, fewest },
  }
}
