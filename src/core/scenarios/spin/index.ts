// spin (多核CPU / GIL): busy loops as threads, processes and event-loop tasks,
// in Python (the tutorial's loop, src/python/spin.py) or in Node.js, with the
// CPU each way uses by the OS's own count.
import os from 'node:os'
import { chooseLanguage } from '../python-mode'
import { num, runHost, str } from '../../bridge/thread-kit'
import { languageOption } from '../options'
import { defineScenario } from '../types'
import { plannedChecks, spinOutcome } from './outcome'

const CORES = Math.max(1, os.cpus().length)

export const spinScenario = defineScenario({
  info: {
    id: 'spin',
    section: '多核CPU',
    kind: 'thread',
    options: [
      languageOption(),
      {
        key: 'mode',
        type: 'choice',
        default: 'all',
        choices: ['threads', 'processes', 'event-loop', 'all'],
      },
      { key: 'count', type: 'integer', default: CORES, min: 1, max: Math.max(16, CORES * 2) },
      { key: 'durationS', type: 'integer', default: 4, min: 1, max: 60 },
    ],
  },
  sources: ['thread-spin', 'spin.py'],
  async run(ctx) {
    const lang = chooseLanguage(ctx, plannedChecks(str(ctx.options, 'mode'), num(ctx.options, 'count'), CORES))
    if ('notRun' in lang) return lang.notRun
    const run = await runHost(ctx, 'thread-spin', {
      ...lang,
      mode: str(ctx.options, 'mode'),
      count: num(ctx.options, 'count'),
      durationS: num(ctx.options, 'durationS'),
    })
    return spinOutcome(run.result, run.view.threads)
  },
})
