// A page that connects after a run ended (a reload, "Back to live") asks the
// core for what the run did: its processes with roles and ends, its lifecycle
// and its output. The core keeps it, bounded, for as long as it lists the run.
import { describe, expect, it } from 'vitest'
import { RunLog, LOG_LINES_PER_PROCESS, LOG_LINES_PER_RUN, LOG_LINE_CHARS } from '../src/core/run-log'
import type { RunInfo } from '../src/shared/model'
import type { RunLogData } from '../src/shared/run-log'
import { useScenarioLab } from './helpers/scenario-runs'

const { call, callError, start } = useScenarioLab()

describe('a finished run, asked for later', () => {
  it('fork: the parent and child with roles, their exits, their output and the status changes', async () => {
    const w = await start('fork', { language: 'node', holdMs: 0 })
    const ended = await w.ended
    expect(ended.status).toBe('finished')
    const log = await call<RunLogData>('getRunRecord', ended.runId)
    expect(log.runId).toBe(ended.runId)
    // Every process the run announced is there, with its role, and each has ended.
    expect(log.processes.map((p) => p.pid).sort()).toEqual(w.spawns.map((s) => s.pid).sort())
    expect(log.processes.length).toBeGreaterThanOrEqual(2)
    for (const p of log.processes) {
      expect(p.role, `pid ${p.pid}`).not.toBe('')
      expect(p.exit?.pid, `pid ${p.pid} ended`).toBe(p.pid)
    }
    const child = log.processes.find((p) => log.processes.some((q) => q.pid === p.ppid))
    expect(child, 'the child, under its parent').toBeDefined()
    // Output of both processes, line by line.
    const pids = new Set(log.lines.filter((l) => l.text.trim()).map((l) => l.pid))
    expect(pids.size).toBeGreaterThanOrEqual(2)
    // The lifecycle: running then finished, and a spawn and an exit for each process.
    const statuses = log.events.flatMap((e) => (e.type === 'status' ? [e.status] : []))
    expect(statuses[0]).toBe('running')
    expect(statuses.at(-1)).toBe('finished')
    expect(log.events.filter((e) => e.type === 'spawn')).toHaveLength(log.processes.length)
    expect(log.events.filter((e) => e.type === 'exit')).toHaveLength(log.processes.length)
  }, 60_000)

  it('refuses a run the core does not list, and a malformed id', async () => {
    expect((await callError('getRunRecord', 'fork-999')).code).toBe('EINVAL')
    expect((await callError('getRunRecord', '../x')).code).toBe('EINVAL')
    expect((await call<RunInfo[]>('listRuns')).length).toBeGreaterThan(0)
  })
})

describe('bounds', () => {
  const listed = new Set(['spin-1'])
  const out = (pid: number, text: string) =>
    ({ type: 'output', at: 1, pid, stream: 'stdout', text, runId: 'spin-1', role: `w${pid}` }) as const

  it('keeps the newest lines of each process, and of the run, and cuts a huge line', () => {
    const log = new RunLog((id) => listed.has(id))
    log.receive({ type: 'run', at: 0, run: { runId: 'spin-1', status: 'running' } as RunInfo })
    // A chatty process does not push a quiet one's lines out.
    log.receive(out(2, 'quiet'))
    for (let i = 0; i < LOG_LINES_PER_PROCESS + 50; i++) log.receive(out(1, `line ${i}`))
    let r = log.get('spin-1')!
    expect(r.lines.filter((l) => l.pid === 1)).toHaveLength(LOG_LINES_PER_PROCESS)
    expect(r.lines.filter((l) => l.pid === 1).at(-1)!.text).toBe(`line ${LOG_LINES_PER_PROCESS + 49}`)
    expect(r.lines.some((l) => l.pid === 2 && l.text === 'quiet')).toBe(true)
    expect(r.droppedLines).toBe(50)
    // Many processes: the run's cap holds.
    for (let pid = 10; pid < 20; pid++)
      log.receive(out(pid, Array.from({ length: 400 }, (_, i) => `${pid}:${i}`).join('\n')))
    r = log.get('spin-1')!
    expect(r.lines).toHaveLength(LOG_LINES_PER_RUN)
    expect(r.lines.at(-1)!.text).toBe('19:399')
    log.receive(out(3, 'x'.repeat(LOG_LINE_CHARS * 3)))
    expect(log.get('spin-1')!.lines.at(-1)!.text.length).toBeLessThanOrEqual(LOG_LINE_CHARS + 1)
  })

  it('forgets a run the core no longer lists', () => {
    const log = new RunLog((id) => listed.has(id))
    log.receive({ type: 'run', at: 0, run: { runId: 'spin-1', status: 'running' } as RunInfo })
    log.receive(out(1, 'a'))
    listed.delete('spin-1')
    log.receive({ type: 'run', at: 0, run: { runId: 'spin-2', status: 'running' } as RunInfo })
    expect(log.get('spin-1')).toBeUndefined()
    listed.add('spin-1')
    expect(log.get('spin-1')!.lines).toHaveLength(0)
  })
})
