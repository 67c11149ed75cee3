// switch-cost (线程切换): what one switch costs (ping-pong between two threads
// and between two processes), then throughput and context switches against
// the number of threads or processes sharing the same work. Python mode:
// src/python/switch_cost.py.
import os from 'node:os'
import { switchCostMsg } from '../../../shared/i18n/scenarios/switch-cost'
import type { SwitchResult } from '../../../shared/scenarios/switch-cost'
import { findPython, pythonNotRun } from '../../bridge/python'
import { num, runHost, str } from '../../bridge/thread-kit'
import { languageOption } from '../options'
import { defineScenario } from '../types'
import { switchCharts, switchOutcome } from './outcome'

const CORES = Math.max(1, os.cpus().length)

export const switchCostScenario = defineScenario({
  info: {
    id: 'switch-cost',
    section: '线程切换',
    kind: 'thread',
    options: [
      languageOption(),
      { key: 'kind', type: 'choice', default: 'threads', choices: ['threads', 'processes'] },
      { key: 'maxCount', type: 'integer', default: 32, min: 1, max: 128 },
      { key: 'workM', type: 'integer', default: 600, min: 10, max: 20_000 },
      { key: 'roundTrips', type: 'integer', default: 20_000, min: 100, max: 1_000_000 },
    ],
  },
  sources: ['thread-switch-cost', 'switch_cost.py'],
  async run(ctx) {
    const language = str(ctx.options, 'language')
    // Python splits the work over processes: its threads take turns under the GIL.
    const kind = (language === 'python' ? 'processes' : str(ctx.options, 'kind')) as SwitchResult['kind']
    const python = findPython()
    if (language === 'python' && 'missing' in python) {
      return pythonNotRun(python.missing, [
        switchCostMsg('check.threadSwitch'),
        switchCostMsg('check.processSwitch'),
        switchCostMsg('check.moreHelps', { cores: CORES, kind: switchCostMsg('kind.processes') }),
        switchCostMsg('check.pastCores', { cores: CORES, kind: switchCostMsg('kind.processes') }),
        switchCostMsg('check.involuntary'),
      ])
    }
    if (kind === 'processes' && num(ctx.options, 'maxCount') > 64)
      throw new Error('Option "maxCount" must be at most 64 for processes')
    const run = await runHost(
      ctx,
      'thread-switch-cost',
      {
        language,
        python: 'missing' in python ? undefined : python,
        kind,
        maxCount: num(ctx.options, 'maxCount'),
        workM: num(ctx.options, 'workM'),
        roundTrips: num(ctx.options, 'roundTrips'),
      },
      {
        onLive(live) {
          if (live.points) return { charts: switchCharts(live.points, kind, CORES) }
        },
      },
    )
    return switchOutcome(run.result, run.view.threads.slice(0, 1), { cores: CORES, kind })
  },
})
