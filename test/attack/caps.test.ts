// Attack: a click storm or a script starting runs without end. The host caps
// live runs and live children, refuses the excess with EBUSY naming the limit,
// and starts nothing for a refused run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Lab } from '../../src/core/lab'
import { Supervisor } from '../../src/core/supervisor/supervisor'
import { MAX_LIVE_CHILDREN, MAX_LIVE_RUNS } from '../../src/core/limits'
import type { RunInfo } from '../../src/shared/model'
import { waitFor } from '../helpers/procs'
import { answers, cmdline, descendants, useAttackHost, expectNoNewProcess } from './host'

const sleeper = { language: 'node', program: 'sleep', args: ['30'], sendStdin: false, timeoutMs: 60_000 }

describe('live run cap on the web host', () => {
  const at = useAttackHost()

  it(`starts ${MAX_LIVE_RUNS} sleeper runs, refuses the next ones with EBUSY, and starts nothing for them`, async () => {
    const startedRuns: string[] = []
    // Fired at once, as a script would: the cap must hold against concurrent starts.
    const replies = await Promise.all(
      Array.from({ length: MAX_LIVE_RUNS + 4 }, () => at.c.call('startScenario', ['subprocess', sleeper])),
    )
    for (const r of replies) if ('ok' in r && r.ok) startedRuns.push((r.value as RunInfo).runId)
    expect(startedRuns).toHaveLength(MAX_LIVE_RUNS)
    const refusedReplies = replies.filter((r) => 'ok' in r && !r.ok)
    expect(refusedReplies).toHaveLength(4)
    for (const r of refusedReplies) {
      expect(r).toMatchObject({ ok: false, error: { code: 'EBUSY' } })
      expect('error' in r && r.error.message).toMatch(new RegExp(`${MAX_LIVE_RUNS} runs`))
    }
    // Exactly one sleep per accepted run (plus the warden), nothing for the refused ones.
    const sleeps = (): number[] => descendants(at.h.pid).filter((p) => /^sleep\0/.test(cmdline(p)))
    await waitFor(() => sleeps().length === MAX_LIVE_RUNS, 5000)
    const after = descendants(at.h.pid)
    expect(await at.c.call('startScenario', ['subprocess', sleeper])).toMatchObject({
      ok: false,
      error: { code: 'EBUSY' },
    })
    await expectNoNewProcess(at.h.pid, after)
    expect(await answers(at.h)).toBe(true)

    // Stopping one frees one slot.
    expect(await at.c.call('stopScenario', [startedRuns[0]])).toMatchObject({ ok: true })
    const again = await at.c.call('startScenario', ['subprocess', sleeper])
    expect(again).toMatchObject({ ok: true })
    for (const id of [...startedRuns.slice(1), (again as { value: RunInfo }).value.runId])
      await at.c.call('stopScenario', [id])
    await waitFor(() => sleeps().length === 0, 5000)
  })
})

describe('live children cap in the core', () => {
  // The default (64) takes 64 real processes to reach; the same check with a small cap costs five.
  let lab: Lab
  beforeAll(() => {
    lab = new Lab({ intervalMs: 1000, limits: { liveRuns: MAX_LIVE_RUNS, liveChildren: 4 } })
  })
  afterAll(async () => {
    await lab.close()
  })

  it('refuses a new run once the live children reach the cap, naming it', async () => {
    expect(MAX_LIVE_CHILDREN).toBeGreaterThanOrEqual(32)
    const pool = await lab.invoke('startScenario', ['pool', { workers: 4, tasks: 8, maxTaskMs: 10_000 }])
    expect(pool).toMatchObject({ ok: true })
    const runId = (pool as { value: RunInfo }).value.runId
    // The pool's parent and its four workers are ProcLab's children.
    await waitFor(() => lab.supervisor.labels().size >= 4, 10_000)
    const before = descendants(process.pid)
    const r = await lab.invoke('startScenario', ['subprocess', sleeper])
    expect(r).toMatchObject({ ok: false, error: { code: 'EBUSY' } })
    expect('error' in r && r.error.message).toMatch(/4 live processes/)
    expect(descendants(process.pid).filter((p) => !before.includes(p) && /^sleep\0/.test(cmdline(p)))).toEqual([])
    expect((await lab.listRuns()).filter((x) => x.scenarioId === 'subprocess')).toEqual([])
    await lab.invoke('stopScenario', [runId])
  })
})

describe('live children cap in the supervisor', () => {
  it('refuses a direct child past the cap with EBUSY and starts no process', async () => {
    const sup = new Supervisor()
    sup.maxLive = 1
    const first = await sup.start({ kind: 'exec', file: 'sleep', args: ['30'], runId: 'cap', role: 'sleeper' })
    try {
      const before = descendants(process.pid)
      await expect(
        sup.start({ kind: 'exec', file: 'sleep', args: ['31'], runId: 'cap', role: 'sleeper' }),
      ).rejects.toMatchObject({ code: 'EBUSY', message: expect.stringMatching(/1 live/) })
      await expectNoNewProcess(process.pid, before)
    } finally {
      await sup.stop(first.pid, 500)
    }
  })
})
