// Options a scenario refuses in combination (beyond each option's own bounds)
// are refused before anything starts, with a message the dashboard shows in
// the user's language, and its English for API clients.
import { afterAll, describe, expect, it } from 'vitest'
import { Lab } from '../src/core/lab'
import { coreCatalog } from '../src/shared/i18n'
import { renderPlain, type Msg } from '../src/shared/msg'

const lab = new Lab({ intervalMs: 1000 })
afterAll(() => lab.close())

const ZH = coreCatalog('zh')

describe('refused option combinations', () => {
  it.each([
    [
      'switch-cost',
      { language: 'node', kind: 'processes', maxCount: 100 },
      'scenario.switch-cost.error.tooManyProcesses',
    ],
    ['distributed', { language: 'python', bind: 'all' }, 'scenario.distributed.error.remoteNeedsOptIn'],
    ['distributed', { language: 'node', workers: 0 }, 'scenario.distributed.error.nodeNeedsWorker'],
  ] as const)('%s %j: refused with %s, nothing started', async (id, options, key) => {
    const before = (await lab.listRuns()).length
    const r = await lab.invoke('startScenario', [id, options])
    expect(r.ok).toBe(false)
    const error = (r as { error: { message: string; msg: Msg } }).error
    expect(error.msg.key).toBe(key)
    expect(error.message.length).toBeGreaterThan(10)
    // In Chinese it reads as Chinese, not as the English it also carries.
    expect(renderPlain(ZH, error.msg)).toMatch(/[\u3400-\u9fff]/)
    expect((await lab.listRuns()).length).toBe(before)
  })

  it('the same processes under the bound start', async () => {
    const r = await lab.invoke('startScenario', [
      'switch-cost',
      { language: 'node', kind: 'processes', maxCount: 2, workM: 10, roundTrips: 100 },
    ])
    expect(r.ok, JSON.stringify(r)).toBe(true)
    await lab.invoke('stopScenario', [(r as { value: { runId: string } }).value.runId])
  })
})
