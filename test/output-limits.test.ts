// A child that prints without end must not take ProcLab down with it.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Lab } from '../src/core/lab'
import { FLUSH_MS, MAX_EVENT, OutputLimiter } from '../src/core/supervisor/output-limiter'
import type { LabEvent, RunInfo } from '../src/shared/model'
import { sleep, waitFor } from './helpers/procs'

let lab: Lab
beforeAll(() => {
  lab = new Lab({ intervalMs: 500 }).start()
})
afterAll(async () => {
  await lab.close()
})

it('`yes` for two seconds: bounded memory, few events, a finished run', async () => {
  const events: LabEvent[] = []
  const on = (e: LabEvent): void => void events.push(e)
  lab.on('event', on)
  const rss0 = process.memoryUsage().rss
  const reply = await lab.invoke('startScenario', [
    'subprocess',
    { language: 'node', program: 'yes', sendStdin: false, timeoutMs: 2000 },
  ])
  expect(reply.ok).toBe(true)
  const runId = (reply as { value: RunInfo }).value.runId
  const run = await waitFor(async () => (await lab.listRuns()).find((r) => r.runId === runId && r.endedAt), 15_000)
  lab.off('event', on)
  const outputs = events.filter((e) => e.type === 'output' && e.runId === runId)
  expect(run.status).toBe('finished')
  expect(run.outcome?.figures).toBeDefined()
  // One event per stream per flush at most, each bounded.
  expect(outputs.length).toBeLessThan((2000 / FLUSH_MS) * 2 + 10)
  for (const e of outputs) expect((e as { text: string }).text.length).toBeLessThan(MAX_EVENT + 200)
  expect(outputs.some((e) => /characters of output not shown/.test((e as { text: string }).text))).toBe(true)
  expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * 1024 * 1024)
  // Snapshots, sent twice a second, name the run but carry none of its outcome.
  const inSnapshot = (await lab.sampler.sampleNow()).runs.find((r) => r.runId === runId)!
  expect(inSnapshot).toMatchObject({ runId, status: 'finished' })
  expect(Object.keys(inSnapshot)).not.toContain('outcome')
})

it('keeps whole lines and sends a partial line at the end', async () => {
  const got: string[] = []
  const l = new OutputLimiter((t) => got.push(t))
  l.push('one\ntw')
  l.push('o\nthr')
  await sleep(FLUSH_MS + 30)
  expect(got).toEqual(['one\ntwo'])
  l.flush(true)
  expect(got).toEqual(['one\ntwo', 'thr'])
})
