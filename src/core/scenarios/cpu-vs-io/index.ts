// cpu-vs-io (计算密集型 vs IO密集型): a concurrency sweep for both kinds of
// task, with Python threads (src/python/cpu_vs_io.py: the GIL) or Node.js
// worker threads.
import os from 'node:os'
import { cpuVsIoMsg } from '../../../shared/i18n/scenarios/cpu-vs-io'
import { chooseLanguage } from '../python-mode'
import { num, runHost } from '../../bridge/thread-kit'
import { languageOption } from '../options'
import { defineScenario } from '../types'
import { sweepCharts, sweepOutcome } from './outcome'

const CORES = Math.max(1, os.cpus().length)

export const cpuVsIoScenario = defineScenario({
  info: {
    id: 'cpu-vs-io',
    section: '计算密集型 vs IO密集型',
    kind: 'thread',
    options: [
      languageOption(),
      { key: 'maxConcurrency', type: 'integer', default: 16, min: 2, max: 64 },
      { key: 'levelMs', type: 'integer', default: 1000, min: 300, max: 5000 },
      { key: 'ioDelayMs', type: 'integer', default: 20, min: 1, max: 500 },
      { key: 'taskK', type: 'integer', default: 2000, min: 10, max: 100_000 },
    ],
  },
  sources: ['thread-cpu-vs-io', 'cpu_vs_io.py'],
  async run(ctx) {
    const lang = chooseLanguage(ctx, [
      cpuVsIoMsg('check.cpuGil'),
      cpuVsIoMsg('check.processesScale', { cores: CORES }),
      cpuVsIoMsg('check.processesPastCores', { cores: CORES, twice: 2 * CORES }),
      cpuVsIoMsg('check.ioSpeedsUp'),
      cpuVsIoMsg('check.ioLowCpu'),
    ])
    if ('notRun' in lang) return lang.notRun
    const run = await runHost(
      ctx,
      'thread-cpu-vs-io',
      {
        ...lang,
        maxConcurrency: num(ctx.options, 'maxConcurrency'),
        levelMs: num(ctx.options, 'levelMs'),
        ioDelayMs: num(ctx.options, 'ioDelayMs'),
        taskK: num(ctx.options, 'taskK'),
      },
      {
        onLive(live) {
          if (live.cpuPoints)
            return { charts: sweepCharts(live.cpuPoints, live.ioPoints ?? [], CORES, live.processPoints ?? []) }
        },
      },
    )
    const keep = new Set(['MainThread', 'io-server', 'cpu-1', 'io-1'])
    return sweepOutcome(
      run.result,
      run.view.threads.filter((t) => keep.has(t.name)),
      CORES,
    )
  },
})
