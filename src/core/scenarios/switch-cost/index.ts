// switch-cost (线程切换): what one switch costs (ping-pong between two threads
// and between two processes), then throughput and context switches against
// the number of threads or processes sharing the same work. Python mode:
// src/python/switch_cost.py.
import os from 'node:os'
import { switchCostMsg } from '../../../shared/i18n/scenarios/switch-cost'
import type { SwitchResult } from '../../../shared/scenarios/switch-cost'
import { LabError } from '../../errors'
import { chooseLanguage } from '../python-mode'
import type { ScenarioOptions } from '../types'
import { num, runHost } from '../../bridge/thread-kit'
import { languageOption } from '../options'
import { defineScenario } from '../types'
import { switchCharts, switchOutcome } from './outcome'

const CORES = Math.max(1, os.cpus().length)

/** What the work is split over: Python splits it over processes, for its threads take turns under the GIL. */
const kindOf = (options: ScenarioOptions): SwitchResult['kind'] =>
  options.language === 'python' ? 'processes' : (String(options.kind) as SwitchResult['kind'])

export const switchCostScenario = defineScenario({
  info: {
    id: 'switch-cost',
    section: '线程切换',
    kind: 'thread',
    options: [
      languageOption(),
      { key: 'kind', type: 'choice', default: 'threads', choices: ['threads', 'processes'] },
      // Far past the cores (four a core at least), where the thrashing check is judged; at most 64 processes.
      { key: 'maxCount', type: 'integer', default: Math.min(64, Math.max(32, 4 * CORES)), min: 1, max: 128 },
      { key: 'workM', type: 'integer', default: 600, min: 10, max: 20_000 },
      { key: 'roundTrips', type: 'integer', default: 20_000, min: 100, max: 1_000_000 },
    ],
  },
  sources: ['thread-switch-cost', 'switch_cost.py'],
  check(options) {
    const value = Number(options.maxCount)
    if (kindOf(options) === 'processes' && value > 64)
      throw new LabError('EINVAL', switchCostMsg('error.tooManyProcesses', { value }))
  },
  async run(ctx) {
    const kind = kindOf(ctx.options)
    const processes = switchCostMsg('kind.processes')
    const lang = chooseLanguage(ctx, [
      switchCostMsg('check.primitive', { primitive: switchCostMsg('trip.mpPipe'), raw: switchCostMsg('trip.rawPipe') }),
      switchCostMsg('check.moreHelps', { cores: CORES, kind: processes }),
      switchCostMsg('check.pastCores', { cores: CORES, kind: processes }),
      switchCostMsg('check.involuntary'),
      switchCostMsg('check.thrashing', { far: 4 * CORES, kind: processes }),
    ])
    if ('notRun' in lang) return lang.notRun
    const run = await runHost(
      ctx,
      'thread-switch-cost',
      {
        ...lang,
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
