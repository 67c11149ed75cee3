import { notRun, runLanguageParent } from '../language-parent'
import { coreMsg } from '../../../shared/i18n/core'
import { languageOption } from '../options'
import { defineScenario } from '../types'
import { FORK_PYTHON_CHECKS, forkOutcome } from './outcome'

export const forkScenario = defineScenario({
  info: {
    id: 'fork',
    section: '多进程 (os.fork)',
    kind: 'process',
    options: [languageOption(), { key: 'holdMs', type: 'integer', default: 3000, min: 0, max: 60_000 }],
  },
  sources: ['fork_demo.py', 'fork-process'],
  async run(ctx) {
    const run = await runLanguageParent(ctx, {
      python: 'fork_demo',
      node: 'fork-process',
      role: 'parent',
      checks: FORK_PYTHON_CHECKS,
      before: coreMsg('before.childReported'),
    })
    if (notRun(run)) return run
    return forkOutcome({
      parentPid: run.started.pid,
      parentExit: run.exit,
      result: run.result,
      osPpid: run.bridge.withRole('child')[0]?.osPpid,
      platform: ctx.platform.info.os,
    })
  },
})
