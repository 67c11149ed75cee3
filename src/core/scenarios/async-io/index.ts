// async-io (异步IO): one event-loop thread serving thousands of loopback
// connections (asyncio or Node's loop), next to a real OS thread per
// connection (Python's threads); memory, threads and CPU of each.
import { asyncIoMsg } from '../../../shared/i18n/scenarios/async-io'
import { findPython, pythonNotRun } from '../../bridge/python'
import { LabError } from '../../errors'
import { num, runHost, str } from '../../bridge/thread-kit'
import { languageOption } from '../options'
import { defineScenario } from '../types'
import { asyncIoOutcome } from './outcome'

export const asyncIoScenario = defineScenario({
  info: {
    id: 'async-io',
    section: '异步IO',
    kind: 'thread',
    options: [
      languageOption(),
      {
        key: 'variant',
        type: 'choice',
        default: 'both',
        choices: ['both', 'event-loop', 'thread-per-connection', 'process-per-core'],
      },
      { key: 'connections', type: 'integer', default: 2000, min: 10, max: 10_000 },
      { key: 'threadConnections', type: 'integer', default: 200, min: 1, max: 1000 },
      { key: 'durationS', type: 'integer', default: 5, min: 1, max: 30 },
      { key: 'intervalMs', type: 'integer', default: 1000, min: 50, max: 10_000 },
    ],
  },
  sources: ['thread-async-io', 'async_io.py'],
  check(options, platform) {
    if (options.variant === 'process-per-core' && options.language === 'node')
      throw new LabError('EINVAL', asyncIoMsg('error.perCorePython'))
    // Node worker threads (a whole engine each) only serve a thread per connection where Python is missing.
    const value = Number(options.threadConnections)
    if ('missing' in findPython(platform) && options.variant !== 'event-loop' && value > 256)
      throw new LabError('EINVAL', asyncIoMsg('error.tooManyWorkers', { value }))
  },
  async run(ctx) {
    const language = str(ctx.options, 'language')
    const python = findPython(ctx.platform)
    if (language === 'python' && 'missing' in python) {
      return pythonNotRun(python.missing, [
        asyncIoMsg('check.noThreadAdded', { count: num(ctx.options, 'connections') }),
        asyncIoMsg('check.cheaper'),
      ])
    }
    const run = await runHost(ctx, 'thread-async-io', {
      language,
      python: 'missing' in python ? undefined : python,
      variant: str(ctx.options, 'variant'),
      connections: num(ctx.options, 'connections'),
      threadConnections: num(ctx.options, 'threadConnections'),
      durationS: num(ctx.options, 'durationS'),
      intervalMs: num(ctx.options, 'intervalMs'),
    })
    return asyncIoOutcome(run.result, run.view.threads.slice(0, 4))
  },
})
