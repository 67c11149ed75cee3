// Starting scenarios through Lab.invoke (the path the UI takes) and watching
// their events, for the scenario test files. Registers the file's hooks: one
// Lab per file, every run stopped after each test, the Lab closed at the end.
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { Lab } from '../../src/core/lab'
import { english } from './outcome'
import type { ExitInfo, LabEvent, RunInfo } from '../../src/shared/model'
import { osParentOf } from './procs'

export interface Spawn {
  pid: number
  ppid: number
  role?: string
  runId?: string
  /** The ppid the OS showed the moment the spawn was announced (osParentOf). */
  osPpid?: number
}

export interface Watched {
  run: RunInfo
  /** Spawn events of this run. */
  spawns: Spawn[]
  ended: Promise<RunInfo>
  /** Every event of this run so far. */
  mine: () => LabEvent[]
}

export function useScenarioLab() {
  let lab!: Lab
  const events: LabEvent[] = []
  const runIds: string[] = []

  beforeAll(() => {
    lab = new Lab({ intervalMs: 500 })
    lab.on('event', (e) => events.push(e))
  })
  afterEach(async () => {
    // A failed test must not leave its run going.
    for (const id of runIds.splice(0)) await lab.invoke('stopScenario', [id])
  })
  afterAll(async () => {
    await lab.close()
  })

  async function call<T>(method: string, ...args: unknown[]): Promise<T> {
    const reply = await lab.invoke(method, args)
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
    return reply.value as T
  }

  async function callError(method: string, ...args: unknown[]): Promise<{ code: string; message: string }> {
    const reply = await lab.invoke(method, args)
    if (reply.ok) throw new Error(`${method} unexpectedly succeeded`)
    return reply.error
  }

  async function start(id: string, options?: Record<string, unknown>): Promise<Watched> {
    const spawns: Spawn[] = []
    // The run may end before startScenario's reply arrives (Python missing ends it at once):
    // ends are kept from the first event on, so `ended` never waits for one that already came.
    const endedRuns = new Map<string, RunInfo>()
    let settle: ((run: RunInfo) => void) | undefined
    let runId = ''
    const stop = (): void => {
      lab.off('event', onEvent)
    }
    // Ask the OS the moment a spawn is announced, while the process surely runs.
    const onEvent = (e: LabEvent): void => {
      if (e.type === 'spawn')
        spawns.push({ pid: e.pid, ppid: e.ppid, role: e.role, runId: e.runId, osPpid: osParentOf(e.pid) })
      else if (e.type === 'run' && e.run.endedAt) {
        endedRuns.set(e.run.runId, e.run)
        if (settle && e.run.runId === runId) settle(e.run)
      }
    }
    lab.on('event', onEvent)
    const from = events.length
    let run: RunInfo
    try {
      run = await call<RunInfo>('startScenario', id, ...(options ? [options] : []))
    } catch (err) {
      // Refused: no run will end to take the listener off.
      stop()
      throw err
    }
    runId = run.runId
    runIds.push(runId)
    const ended = new Promise<RunInfo>((resolve) => {
      settle = (r) => {
        stop()
        resolve(r)
      }
      const already = endedRuns.get(runId)
      if (already) settle(already)
    })
    return {
      run,
      get spawns() {
        return spawns.filter((s) => s.runId === runId)
      },
      ended,
      mine: () => events.slice(from).filter((e) => 'runId' in e && e.runId === runId),
    }
  }

  return { lab: () => lab, events, call, callError, start }
}

export const outputOf = (w: Watched, pid: number): string =>
  w
    .mine()
    .filter((e): e is Extract<LabEvent, { type: 'output' }> => e.type === 'output' && e.pid === pid)
    .map((e) => e.text)
    .join('\n')

export const exitOf = (w: Watched, pid: number): ExitInfo | undefined =>
  w.mine().find((e): e is Extract<LabEvent, { type: 'exit' }> => e.type === 'exit' && e.exit.pid === pid)?.exit

export function expectAllChecksOk(run: RunInfo): void {
  expect(run.outcome, run.error).toBeDefined()
  // Said in words when it fails: which check, and what it measured.
  for (const c of run.outcome!.checks)
    expect(c.ok, `${english(c.label)}: ${c.detail ? english(c.detail) : ''}`).toBe(true)
}

export const byRole = (w: Watched, role: string): Spawn[] => w.spawns.filter((s) => s.role === role)
