// threads (多线程): a named thread counts with pauses while the main thread
// waits for it in join(); in Python, the tutorial's own program.
import { threadsMsg as m } from '../../../shared/i18n/scenarios/threads'
import { num, runHost } from '../../bridge/thread-kit'
import { languageOption } from '../options'
import { chooseLanguage, stoppedBefore } from '../python-mode'
import { defineScenario } from '../types'
import { loopOutcome } from './outcome'

export const threadsScenario = defineScenario({
  info: {
    id: 'threads',
    section: '多线程',
    kind: 'thread',
    options: [
      languageOption(),
      { key: 'count', type: 'integer', default: 5, min: 1, max: 20 },
      { key: 'pauseMs', type: 'integer', default: 1000, min: 50, max: 5000 },
    ],
  },
  sources: ['loop_thread.py', 'thread-loop'],
  async run(ctx) {
    const lang = chooseLanguage(ctx, [m('check.oneProcess'), m('check.joined')])
    if ('notRun' in lang) return lang.notRun
    const run = await runHost(ctx, 'thread-loop', {
      ...lang,
      count: num(ctx.options, 'count'),
      pauseMs: num(ctx.options, 'pauseMs'),
    })
    const r = run.result
    if (!r || run.stopped) return stoppedBefore(m('outcome.stopped'), { threads: run.view.threads })
    return loopOutcome(r, run.view.threads)
  },
})
