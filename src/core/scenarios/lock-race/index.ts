// lock-race (Lock): lost updates without a lock, none with it, and what the
// lock costs; in Python, the tutorial's race as CPython really runs it.
import { lockRaceMsg as m } from '../../../shared/i18n/scenarios/lock-race'
import { hostAction, num, runHost, str } from '../../bridge/thread-kit'
import { languageOption } from '../options'
import { chooseLanguage, stoppedBefore } from '../python-mode'
import { defineScenario } from '../types'
import { raceOutcome } from './outcome'

export const lockRaceScenario = defineScenario({
  info: {
    id: 'lock-race',
    section: 'Lock',
    kind: 'thread',
    options: [
      languageOption(),
      { key: 'threads', type: 'integer', default: 2, min: 2, max: 8 },
      // min 1: the manual schedule takes 1-10 (sched-py's minimal entry; sched-node owns the options).
      { key: 'iterations', type: 'integer', default: 1_000_000, min: 1, max: 50_000_000 },
      { key: 'mode', type: 'choice', default: 'both', choices: ['both', 'unlocked', 'locked'] },
      { key: 'schedule', type: 'choice', default: 'os', choices: ['os', 'manual'] },
    ],
    actions: [
      {
        id: 'step',
        options: [
          {
            key: 'thread',
            type: 'choice',
            default: 'Thread-1',
            choices: Array.from({ length: 8 }, (_, i) => `Thread-${i + 1}`),
          },
        ],
      },
    ],
  },
  sources: ['lock_race.py', 'thread-lock-race'],
  action: (ctx, action, options) => hostAction(ctx, action, options),
  async run(ctx) {
    const lang = chooseLanguage(ctx, [m('check.callLoses'), m('check.lockedNone')])
    if ('notRun' in lang) return lang.notRun
    const run = await runHost(ctx, 'thread-lock-race', {
      ...lang,
      threads: num(ctx.options, 'threads'),
      iterations: num(ctx.options, 'iterations'),
      mode: str(ctx.options, 'mode'),
      schedule: str(ctx.options, 'schedule'),
    })
    const r = run.result
    if (!r || (run.stopped && !r.rounds.length))
      return stoppedBefore(m('outcome.stopped'), { threads: run.view.threads })
    return raceOutcome(r, run.view.threads)
  },
})
