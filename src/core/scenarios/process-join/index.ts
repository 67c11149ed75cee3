import { notRun, runLanguageParent } from '../language-parent'
import { coreMsg } from '../../../shared/i18n/core'
import { languageOption, startMethodOption } from '../options'
import { defineScenario } from '../types'
import { processJoinOutcome, processJoinPythonChecks } from './outcome'

export const processJoinScenario = defineScenario({
  info: {
    id: 'process-join',
    section: 'multiprocessing (Process)',
    kind: 'process',
    options: [
      languageOption(),
      startMethodOption(),
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
      checks: processJoinPythonChecks(String(ctx.options.startMethod)),
      before: coreMsg('before.childJoined'),
    })
    if (notRun(run)) return run
    return processJoinOutcome({
      parentPid: run.started.pid,
      result: run.result,
      seen: run.bridge.withRole('child'),
      server: run.bridge.withRole('fork server')[0],
      name: String(ctx.options.name),
      workMs: Number(ctx.options.workMs),
    })
  },
})
