import { notRun, runLanguageParent } from '../language-parent'
import { coreMsg } from '../../../shared/i18n/core'
import { languageOption, startMethodOption } from '../options'
import { defineScenario } from '../types'
import { poolOutcome, poolPythonChecks } from './outcome'

export const poolScenario = defineScenario({
  info: {
    id: 'pool',
    section: 'Pool',
    kind: 'process',
    options: [
      languageOption(),
      startMethodOption(),
      // The tutorial's run: Pool(4), 5 tasks of up to 3 s each.
      { key: 'workers', type: 'integer', default: 4, min: 1, max: 16 },
      { key: 'tasks', type: 'integer', default: 5, min: 1, max: 50 },
      { key: 'maxTaskMs', type: 'integer', default: 3000, min: 50, max: 10_000 },
    ],
  },
  sources: ['pool_demo.py', 'pool-parent', 'pool-worker'],
  async run(ctx) {
    const n = Number(ctx.options.workers)
    const t = Number(ctx.options.tasks)
    const run = await runLanguageParent(ctx, {
      python: 'pool_demo',
      node: 'pool-parent',
      role: 'pool parent',
      checks: poolPythonChecks(n, t, String(ctx.options.startMethod)),
      before: coreMsg('before.joinReturned'),
    })
    if (notRun(run)) return run
    return poolOutcome({
      parentPid: run.started.pid,
      workers: run.bridge.withRole('pool worker'),
      server: run.bridge.withRole('fork server')[0],
      result: run.result,
      n,
      t,
    })
  },
})
