// thread-local (ThreadLocal): per-thread values without passing them down;
// in Python, the tutorial's threading.local() beside a plain global.
import { threadLocalMsg as m } from '../../../shared/i18n/scenarios/thread-local'
import { LabError } from '../../errors'
import { num, runHost } from '../../bridge/thread-kit'
import { languageOption } from '../options'
import { chooseLanguage, stoppedBefore } from '../python-mode'
import { defineScenario } from '../types'
import { localOutcome } from './outcome'

export const threadLocalScenario = defineScenario({
  info: {
    id: 'thread-local',
    section: 'ThreadLocal',
    kind: 'thread',
    options: [
      languageOption(),
      { key: 'students', type: 'string-list', default: ['Alice', 'Bob'], max: 8 },
      { key: 'pauseMs', type: 'integer', default: 50, min: 5, max: 2000 },
    ],
  },
  sources: ['thread_local.py', 'thread-local'],
  async run(ctx) {
    const students = (ctx.options.students as readonly string[]).map((s) => s.trim().slice(0, 40)).filter(Boolean)
    if (students.length < 2) throw new LabError('EINVAL', m('outcome.tooFew'))
    const lang = chooseLanguage(ctx, [
      m('check.own', { where: m('variant.thread-local') }),
      m('check.mixed', { where: m('variant.shared-global') }),
    ])
    if ('notRun' in lang) return lang.notRun
    const run = await runHost(ctx, 'thread-local', { ...lang, students, pauseMs: num(ctx.options, 'pauseMs') })
    const r = run.result
    if (!r || run.stopped) return stoppedBefore(m('outcome.stopped'), { threads: run.view.threads })
    return localOutcome(r, run.view.threads)
  },
})
