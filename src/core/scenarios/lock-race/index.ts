// lock-race (Lock): lost updates without a lock, none with it, and what the
// lock costs; in Python, the tutorial's race as CPython really runs it.
import { lockRaceMsg as m } from '../../../shared/i18n/scenarios/lock-race'
import { num, runHost, str } from '../../bridge/thread-kit'
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
      { key: 'iterations', type: 'integer', default: 1_000_000, min: 1000, max: 50_000_000 },
      { key: 'mode', type: 'choice', default: 'both', choices: ['both', 'unlocked', 'locked'] },
    ],
  },
  sources: ['lock_race.py', 'thread-lock-race'],
  async run(ctx) {
    const lang = chooseLanguage(ctx, [m('check.callLoses'), m('check.lockedNone')])
    if ('notRun' in lang) return lang.notRun
    const run = await runHost(ctx, 'thread-lock-race', {
      ...lang,
      threads: num(ctx.options, 'threads'),
      iterations: num(ctx.options, 'iterations'),
      mode: str(ctx.options, 'mode'),
    })
    const r = run.result
    if (!r || (run.stopped && !r.rounds.length))
      return stoppedBefore(m('outcome.stopped'), { threads: run.view.threads })
    return raceOutcome(r, run.view.threads)
  },
})
