// lock-race (Lock): lost updates without a lock, none with it, and what the
// lock costs; in Python, the tutorial's race as CPython really runs it.
import { lockRaceMsg as m } from '../../../shared/i18n/scenarios/lock-race'
import { num, runHost, str } from '../../bridge/thread-kit'
import { checkSchedule, languageOption, scheduleOptions } from '../options'
import { hostAction } from '../../bridge/thread-kit'
import { STEP_ACTION } from '../../../shared/scheduler'
import { manualSchedule } from '../schedule'
import { lostUpdate, raceProgram } from '../schedule-model'
import { manualRaceOutcome } from './manual-outcome'
import { chooseLanguage, stoppedBefore } from '../python-mode'
import { defineScenario, type ScenarioContext } from '../types'
import type { RunOutcome } from '../../../shared/model'
import type { ThreadOutcomeData } from '../../../shared/thread-lab'
import { raceOutcome } from './outcome'

/** The names keys 1…8 step: lock-race runs up to 8 threads. */
const STEPPED_THREADS = Array.from({ length: 8 }, (_, i) => `Thread-${i + 1}`)

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
      ...scheduleOptions(),
      // Step by step, every step is a click: a few calls per thread, not millions.
      { key: 'manualIterations', type: 'integer', default: 2, min: 1, max: 10 },
    ],
    actions: [
      {
        id: STEP_ACTION,
        options: [{ key: 'thread', type: 'choice', default: 'Thread-1', choices: STEPPED_THREADS }],
      },
    ],
  },
  sources: ['lock_race.py', 'thread-lock-race'],
  check(options) {
    checkSchedule(options, num(options, 'threads'), 'scenario.lock-race.option', {
      key: 'mode',
      choices: ['unlocked', 'locked'],
    })
  },
  action: (ctx, action, options) => hostAction(ctx, action, options),
  async run(ctx) {
    if (str(ctx.options, 'schedule') === 'manual') return runManual(ctx)
    const lang = chooseLanguage(ctx, [m('check.callLoses'), m('check.lockedNone')])
    if ('notRun' in lang) return lang.notRun
    const run = await runHost(ctx, 'thread-lock-race', {
      ...lang,
      threads: num(ctx.options, 'threads'),
      iterations: num(ctx.options, 'iterations'),
      mode: str(ctx.options, 'mode'),
      schedule: 'os',
    })
    const r = run.result
    if (!r || (run.stopped && !r.rounds.length))
      return stoppedBefore(m('outcome.stopped'), { threads: run.view.threads })
    return raceOutcome(r, run.view.threads)
  },
})

/** schedule: manual — one round, you let each thread take each step. */
async function runManual(ctx: ScenarioContext<'lock-race'>): Promise<RunOutcome<ThreadOutcomeData>> {
  const lang = chooseLanguage(ctx, [m('manual.check')])
  if ('notRun' in lang) return lang.notRun
  const threads = num(ctx.options, 'threads')
  const iterations = num(ctx.options, 'manualIterations')
  const locked = str(ctx.options, 'mode') === 'locked'
  const replay = str(ctx.options, 'replay')
  const manual = manualSchedule(
    ctx,
    {
      id: 'lost-update',
      program: raceProgram(threads, iterations, locked),
      // A lost update takes two threads; more only add ways, not shorter ones.
      fewestOf: raceProgram(2, iterations, locked),
      goal: lostUpdate,
    },
    replay,
    threads,
  )
  const run = await runHost(
    ctx,
    'thread-lock-race',
    { ...lang, threads, iterations, mode: locked ? 'locked' : 'unlocked', schedule: 'manual', replay },
    manual.hooks,
  )
  return manualRaceOutcome(
    manual.last(),
    { threads, iterations, locked, stopped: run.stopped, language: lang.language },
    run.view.threads,
  )
}
