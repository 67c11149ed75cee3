import { entry } from '../../../child/entries'
import { cutShort, runParent, type ParentRun } from '../../bridge/host-bridge'
import { pythonNotRun, runPythonParent } from '../../bridge/python'
import type { ForkResult } from '../../../shared/scenarios/fork'
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
    let run: ParentRun<ForkResult>
    if (ctx.options.language === 'python') {
      const py = await runPythonParent(ctx, 'fork_demo', 'parent')
      if ('missing' in py) return pythonNotRun(py.missing, FORK_PYTHON_CHECKS)
      run = py
    } else {
      run = await runParent(ctx, entry('fork-process'), 'parent')
    }
    if (!run.result) return cutShort(ctx, run, 'parent', 'its child reported back')
    return forkOutcome({
      parentPid: run.started.pid,
      parentExit: run.exit,
      result: run.result,
      osPpid: run.bridge.withRole('child')[0]?.osPpid,
    })
  },
})
