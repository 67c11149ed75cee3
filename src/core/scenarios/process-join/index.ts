import { notRun, runLanguageParent } from '../language-parent'
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
    const run = await runLanguageParent(ctx, {
      python: 'process_join',
      node: 'process-join-parent',
      role: 'parent',
      checks: PROCESS_JOIN_PYTHON_CHECKS,
      before: 'its child was joined',
    })
    if (notRun(run)) return run
    return processJoinOutcome({
      parentPid: run.started.pid,
      result: run.result,
      seen: run.bridge.withRole('child'),
      name: String(ctx.options.name),
      workMs: Number(ctx.options.workMs),
    })
  },
})
