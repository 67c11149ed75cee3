import { entry } from '../../../child/entries'
import { cutShort, runParent, type ParentRun } from '../../bridge/host-bridge'
import { pythonNotRun, runPythonParent } from '../../bridge/python'
import type { ProcessJoinResult } from '../../../shared/scenarios/process-join'
import { languageOption } from '../options'
import { defineScenario } from '../types'
import { PROCESS_JOIN_PYTHON_CHECKS, processJoinOutcome } from './outcome'

export const processJoinScenario = defineScenario({
  info: {
    id: 'process-join',
    section: 'multiprocessing (Process)',
    kind: 'process',
    options: [
      languageOption(),
      { key: 'name', type: 'string', default: 'test', max: 40 },
      { key: 'workMs', type: 'integer', default: 1500, min: 0, max: 10_000 },
      { key: 'exitCode', type: 'integer', default: 7, min: 0, max: 255 },
    ],
  },
  sources: ['process_join.py', 'process-join-parent', 'process-join-child'],
  async run(ctx) {
    let run: ParentRun<ProcessJoinResult>
    if (ctx.options.language === 'python') {
      const py = await runPythonParent(ctx, 'process_join', 'parent')
      if ('missing' in py) return pythonNotRun(py.missing, PROCESS_JOIN_PYTHON_CHECKS)
      run = py
    } else {
      run = await runParent(ctx, entry('process-join-parent'), 'parent')
    }
    if (!run.result) return cutShort(ctx, run, 'parent', 'its child was joined')
    return processJoinOutcome({
      parentPid: run.started.pid,
      result: run.result,
      seen: run.bridge.withRole('child'),
      name: String(ctx.options.name),
      workMs: Number(ctx.options.workMs),
    })
  },
})
