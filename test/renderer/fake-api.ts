// A stand-in for `window.proclab` in store tests: it records every call, answers
// with what the test set (or a plain default), and lets the test push snapshots
// and events the way the transport would.
import { createPinia, setActivePinia } from 'pinia'
import { vi } from 'vitest'
import { unwrapReply } from '../../src/shared/channels'
import type { Msg } from '../../src/shared/msg'
import type { ProcLabApi, ProcLabInvoke } from '../../src/shared/api'
import type { LabEvent, PlatformInfo, ProcessInfo, RunInfo, RunInfoOf, Snapshot } from '../../src/shared/model'
import type { PoolLive } from '../../src/shared/scenarios/pool'

type Method = keyof ProcLabInvoke
type Answer<M extends Method> = (...args: Parameters<ProcLabInvoke[M]>) => ReturnType<ProcLabInvoke[M]>

export interface Call {
  readonly method: Method
  readonly args: readonly unknown[]
}

export class FakeApi implements ProcLabApi {
  readonly calls: Call[] = []
  private readonly answers: Partial<Record<Method, (...args: unknown[]) => Promise<unknown>>> = {}
  private readonly snapshotListeners = new Set<(s: Snapshot) => void>()
  private readonly eventListeners = new Set<(e: LabEvent) => void>()
  private readonly connectionListeners = new Set<(state: 'open' | 'closed') => void>()

  /** What `method` answers from now on (a rejected promise for an error). */
  answer<M extends Method>(method: M, fn: Answer<M>): void {
    this.answers[method] = fn as unknown as (...args: unknown[]) => Promise<unknown>
  }

  /** Makes `method` fail with `message`, as the core's errors reach the renderer. */
  fail(method: Method, message: string): void {
    this.answers[method] = () => Promise.reject(new Error(message))
  }

  /** Fails a call the way the core does: a LabError's reply envelope (English message and its Msg), unwrapped as the transports do. */
  refuse(method: Method, error: { code: string; message: string; msg: Msg }): void {
    this.answers[method] = () => {
      try {
        unwrapReply({ ok: false, error })
      } catch (err) {
        return Promise.reject(err)
      }
      return Promise.reject(new Error('unreachable'))
    }
  }

  callsOf(method: Method): (readonly unknown[])[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args)
  }

  pushSnapshot(s: Snapshot): void {
    for (const cb of this.snapshotListeners) cb(s)
  }

  /** The transport drops ('closed') or comes back ('open'), as the web build's WebSocket does. */
  setConnection(state: 'open' | 'closed'): void {
    for (const cb of this.connectionListeners) cb(state)
  }

  onConnection(cb: (state: 'open' | 'closed') => void): () => void {
    this.connectionListeners.add(cb)
    return () => this.connectionListeners.delete(cb)
  }

  pushEvent(e: LabEvent): void {
    for (const cb of this.eventListeners) cb(e)
  }

  get listeners(): { snapshots: number; events: number } {
    return { snapshots: this.snapshotListeners.size, events: this.eventListeners.size }
  }

  private call(method: Method, args: unknown[], fallback: unknown): Promise<never> {
    this.calls.push({ method, args })
    const fn = this.answers[method]
    return (fn ? fn(...args) : Promise.resolve(fallback)) as Promise<never>
  }

  onSnapshot(cb: (s: Snapshot) => void): () => void {
    this.snapshotListeners.add(cb)
    return () => this.snapshotListeners.delete(cb)
  }

  onEvent(cb: (e: LabEvent) => void): () => void {
    this.eventListeners.add(cb)
    return () => this.eventListeners.delete(cb)
  }

  getSnapshot = (...a: unknown[]) => this.call('getSnapshot', a, snapshot({ seq: 0, takenAt: 0 }))
  setSampling = (...a: unknown[]) => this.call('setSampling', a, undefined)
  selectProcess = (...a: unknown[]) => this.call('selectProcess', a, undefined)
  getProcess = (...a: unknown[]) => this.call('getProcess', a, undefined)
  listScenarios = (...a: unknown[]) => this.call('listScenarios', a, [])
  listRuns = (...a: unknown[]) => this.call('listRuns', a, [])
  getRunRecord = (...a: unknown[]) =>
    this.call('getRunRecord', a, {
      runId: a[0],
      processes: [],
      events: [],
      droppedEvents: 0,
      lines: [],
      droppedLines: 0,
    })
  getScenarioSource = (...a: unknown[]) => this.call('getScenarioSource', a, { scenarioId: a[0], files: [] })
  startScenario = (...a: unknown[]) => this.call('startScenario', a, undefined)
  stopScenario = (...a: unknown[]) => this.call('stopScenario', a, undefined)
  scenarioAction = (...a: unknown[]) => this.call('scenarioAction', a, undefined)
  kill = (...a: unknown[]) => this.call('kill', a, undefined)
  join = (...a: unknown[]) => this.call('join', a, undefined)
  getPlatform = (...a: unknown[]) => this.call('getPlatform', a, LINUX)
  inspectProcess = (...a: unknown[]) => this.call('inspectProcess', a, undefined)
  getThreadTimeline = (...a: unknown[]) => this.call('getThreadTimeline', a, null)
  setPriority = (...a: unknown[]) => this.call('setPriority', a, undefined)
  loadSettings = (...a: unknown[]) => this.call('loadSettings', a, null)
  saveSettings = (...a: unknown[]) => this.call('saveSettings', a, undefined)
  startRecording = (...a: unknown[]) => this.call('startRecording', a, undefined)
  stopRecording = (...a: unknown[]) => this.call('stopRecording', a, undefined)
  getRecording = (...a: unknown[]) => this.call('getRecording', a, undefined)
  getRecordingFile = (...a: unknown[]) => this.call('getRecordingFile', a, null)
}

/** What the core says of Linux: every signal, suspend and threads. */
export const LINUX: PlatformInfo = {
  os: 'linux',
  signals: ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL', 'SIGSTOP', 'SIGCONT'],
  missingSignals: [],
  signalNotes: {},
  canSuspend: true,
  threads: true,
}

export const proc = (pid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo => ({
  pid,
  ppid: 1,
  name: `p${pid}`,
  cpu: 0,
  memory: 0,
  ...extra,
})

/** A snapshot with two cores; `seq` and `takenAt` say where it falls in time. */
export function snapshot(o: Partial<Snapshot> & Pick<Snapshot, 'seq' | 'takenAt'>): Snapshot {
  return {
    cpus: [
      { id: 0, percent: 10 },
      { id: 1, percent: 30 },
    ],
    cpuTotal: 20,
    memory: { total: 8e9, used: 2e9 },
    processes: [proc(1, { ppid: 0, name: 'init' })],
    runs: [],
    sampling: { intervalMs: 1000, tableIntervalMs: 3000 },
    platform: 'linux',
    selfPid: 1,
    ...o,
  }
}

/** A pool run (the scenario the store tests start), with whatever the test overrides. */
export function runInfo(runId: string, o: Partial<RunInfoOf<'pool'>> = {}): RunInfo {
  return {
    runId,
    scenarioId: 'pool',
    title: 'Pool',
    status: 'running',
    startedAt: 1000,
    options: {},
    pids: [],
    ...o,
  }
}

/** Live state of a pool run at its start, `queued` tasks waiting. */
export function poolLive(queued: number): PoolLive {
  return { startedAt: 1000, workers: [], queued: Array.from({ length: queued }, (_, i) => i), timeline: [] }
}

/** A fresh fake behind `window.proclab`, fresh stores and fake timers: a store test's beforeEach. */
export function installFakeApi(): FakeApi {
  vi.useFakeTimers()
  const api = new FakeApi()
  vi.stubGlobal('window', { proclab: api })
  setActivePinia(createPinia())
  return api
}

/** Undoes installFakeApi: real timers, the real globals. */
export function removeFakeApi(): void {
  vi.useRealTimers()
  vi.unstubAllGlobals()
}
