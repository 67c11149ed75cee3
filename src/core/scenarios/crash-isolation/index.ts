// crash-isolation: a master handing a stream of small tasks to W workers, as
// worker processes or as worker threads in one process. Node mode: the master
// (master.ts) runs inside ProcLab, the workers (workers.ts) are processes or
// threads of a host process. Python mode (python.ts): the master is the Python
// program src/python/crash_isolation.py. judge.ts says what each crash took down.
import type { Crash } from '../../../shared/scenarios/crash-isolation'
import type { ScenarioAction, ScenarioOption } from '../../../shared/model'
import { hostPlatform } from '../../platform'
import { crashChoices } from './kinds'
import { LabError } from '../../errors'
import { crashIsolationMsg } from '../../../shared/i18n/scenarios/crash-isolation'
import { languageOption } from '../options'
import { defineScenario } from '../types'
import type { Ledger } from './ledger'
import { Master } from './master'
import { PythonMaster } from './python'

/** The masters of running runs, for the "crash a worker" action. */
const masters = new Map<string, Ledger>()

export const crashIsolationScenario = defineScenario({
  info: {
    id: 'crash-isolation',
    section: '进程 vs 线程',
    kind: 'process',
    get options(): readonly ScenarioOption[] {
      return [
        languageOption(),
        { key: 'mode', type: 'choice', default: 'processes', choices: ['processes', 'threads'] },
        { key: 'workers', type: 'integer', default: 3, min: 2, max: 8 },
        { key: 'durationSec', type: 'integer', default: 60, min: 2, max: 600 },
        { key: 'taskMs', type: 'integer', default: 400, min: 20, max: 5000 },
      ]
    },
    get actions(): readonly ScenarioAction[] {
      return [
        {
          id: 'crash',
          options: [
            { key: 'how', type: 'choice', default: 'segfault', choices: crashChoices(hostPlatform()) },
            { key: 'worker', type: 'integer', default: 1, min: 1, max: 8 },
          ],
        },
      ]
    },
  },
  sources: ['crash_isolation.py', 'crash-worker', 'crash-host'],
  async run(ctx) {
    const master = ctx.options.language === 'node' ? new Master(ctx) : new PythonMaster(ctx)
    masters.set(ctx.runId, master)
    try {
      return await master.run()
    } finally {
      masters.delete(ctx.runId)
    }
  },
  async action(ctx, action, options) {
    const master = masters.get(ctx.runId)
    if (!master) throw new LabError('EINVAL', crashIsolationMsg('error.runEnded', { runId: ctx.runId }))
    if (action === 'crash') master.crash(options.how as Crash, Number(options.worker))
  },
})
