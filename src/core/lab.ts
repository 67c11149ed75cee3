// The core's one facade. Electron's main process and the web host both create
// a Lab and route the channel table's calls into invoke(); every request is
// validated here, once, whatever transport carried it.
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import type { ProcLabInvoke, ScenarioSource } from '../shared/api'
import { INVOKE, type InvokeName, type InvokeReply } from '../shared/channels'
import { MAX_RUNS_KEPT, type JoinResult, type LabEvent, type RunInfo, type RunOutcome, type RunSummary, type Snapshot } from '../shared/model'
import { describeIssues, requestSchemas } from '../shared/schemas'
import { sendSignal } from './control'
import { entrySource } from '../child/entries'
import { LabError } from './errors'
import { Sampler, type SamplerOptions } from './sampler/sampler'
import { SCENARIOS } from './scenarios'
import { resolveOptions } from './scenarios/options'
import type { Scenario, ScenarioContext } from './scenarios/types'
import { threadLabels } from './bridge/thread-kit'
import { Supervisor } from './supervisor/supervisor'
import { ACTING_CALLS, RecordingDesk, REPLAY_REFUSAL } from './record/session'
import type { RecordingFile, RecordingInfo } from '../shared/api'

export interface LabOptions extends SamplerOptions {
  scenarios?: readonly Scenario[]
  /** Bound of a recording file, bytes. */
  recordingMaxBytes?: number
  recordingDir?: string
}

interface RunState {
  info: RunInfo
  readonly scenario: Scenario
  readonly abort: AbortController
  readonly ctx: ScenarioContext
  done: Promise<void>
}


export class Lab extends EventEmitter<{ snapshot: [Snapshot]; event: [LabEvent] }> implements ProcLabInvoke {
  readonly supervisor = new Supervisor()
  readonly sampler: Sampler
  private readonly scenarios: ReadonlyMap<string, Scenario>
  private readonly runs = new Map<string, RunState>()
  private runSeq = 0
  private closed = false
  readonly recordings: RecordingDesk

  constructor(opts: LabOptions = {}) {
    super()
    this.scenarios = new Map((opts.scenarios ?? SCENARIOS).map((s) => [s.info.id, s]))
    this.sampler = new Sampler(
      {
        labels: () => this.supervisor.labels(),
        runs: () => [...this.runs.values()].map((r) => summary(r.info)),
        threadLabels: (pid) => threadLabels([...this.runs.values()].map((r) => r.info), pid),
      },
      opts,
    )
    this.recordings = new RecordingDesk(
      {
        source: this,
        platform: process.platform,
        scenarios: () => [...this.scenarios.values()].map((s) => s.info),
        runs: () => [...this.runs.values()].map((r) => r.info),
        warn: (text) => this.emit('event', { type: 'log', at: Date.now(), level: 'warn', text }),
      },
      opts.recordingDir,
      opts.recordingMaxBytes,
    )
    this.sampler.on('snapshot', (s) => this.emit('snapshot', s))
    this.sampler.on('error', (err) => this.emit('event', { type: 'log', at: Date.now(), level: 'warn', text: `sampler: ${err.message}` }))
    this.supervisor.on('event', (e) => {
      this.emit('event', e)
      // A new child of ours is sampled at once and then twice a second.
      if (e.type === 'spawn') this.sampler.kick()
    })
  }

  start(): this {
    this.sampler.start()
    return this
  }

  /** Stops sampling and ends every process ProcLab started. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const r of this.runs.values()) r.abort.abort()
    // Scenarios get a moment to wind down on their own; then everything is ended regardless.
    const settled = Promise.allSettled([...this.runs.values()].map((r) => r.done))
    await Promise.race([settled, new Promise((r) => setTimeout(r, 3000).unref())])
    await this.supervisor.stopAll()
    await this.sampler.stop()
    await this.recordings.close()
  }

  /**
   * Validates and dispatches one call from a renderer. Never throws: errors
   * come back in the reply envelope with a message meant for the user.
   */
  async invoke(method: string, args: unknown): Promise<InvokeReply> {
    try {
      if (!Object.hasOwn(INVOKE, method)) throw new LabError('EINVAL', `Unknown method ${method}`)
      const name = method as InvokeName
      if (this.recordings.replay && ACTING_CALLS.has(name)) throw new LabError('EREFUSED', REPLAY_REFUSAL)
      if (!Array.isArray(args)) throw new LabError('EINVAL', `Arguments of ${name} must be a list`)
      const parsed = requestSchemas[name].safeParse(args)
      if (!parsed.success) throw new LabError('EINVAL', `Bad request to ${name}: ${describeIssues(parsed.error)}`)
      const fn = this[name] as (...a: unknown[]) => Promise<unknown>
      const value = await fn.apply(this, parsed.data as unknown[])
      return { ok: true, value: value ?? null }
    } catch (err) {
      const e = err instanceof LabError ? err : new LabError('EINTERNAL', err instanceof Error ? err.message : String(err))
      return { ok: false, error: { code: e.code, message: e.message } }
    }
  }

  // ---- the API (called after validation) ----

  getSnapshot(): Promise<Snapshot> {
    return this.sampler.snapshot()
  }

  async setSampling(o: { intervalMs?: number }): Promise<void> {
    if (o.intervalMs !== undefined) this.sampler.setIntervalMs(o.intervalMs)
  }

  async selectProcess(pid: number | null): Promise<void> {
    this.sampler.select(pid)
  }

  async getProcess(pid: number) {
    return this.sampler.details(pid)
  }

  async listScenarios() {
    return [...this.scenarios.values()].map((s) => s.info)
  }

  async listRuns(): Promise<RunInfo[]> {
    return [...this.runs.values()].map((r) => r.info)
  }

  async getScenarioSource(id: string): Promise<ScenarioSource> {
    const s = this.scenario(id)
    const files = s.sources.map((name) => {
      const file = entrySource(name)
      return { name: path.basename(file), text: fs.readFileSync(file, 'utf8') }
    })
    return { scenarioId: id, files }
  }

  async startScenario(id: string, options?: Record<string, unknown>): Promise<RunInfo> {
    if (this.closed) throw new LabError('EBUSY', 'ProcLab is shutting down')
    const scenario = this.scenario(id)
    const resolved = resolveOptions(scenario.info.options, options)
    const runId = `${id}-${++this.runSeq}`
    const abort = new AbortController()
    const state = {} as RunState
    const ctx: ScenarioContext = {
      runId,
      options: resolved,
      supervisor: this.supervisor,
      signal: abort.signal,
      setLive: (live) => this.patchRun(state, { live }),
      setOutcome: (outcome) => this.patchRun(state, { outcome }),
      log: (text, level = 'info') => this.emit('event', { type: 'log', at: Date.now(), level, text, runId }),
      info: () => state.info,
    }
    Object.assign(state, {
      info: { runId, scenarioId: id, title: scenario.info.title, status: 'running', startedAt: Date.now(), options: resolved, pids: [] },
      scenario,
      abort,
      ctx,
    })
    this.runs.set(runId, state)
    this.pruneRuns()
    this.emit('event', { type: 'run', at: Date.now(), run: state.info })
    state.done = scenario
      .run(ctx)
      .then(
        (outcome: RunOutcome) => this.patchRun(state, { outcome, status: abort.signal.aborted ? 'stopped' : 'finished', endedAt: Date.now() }),
        (err: unknown) =>
          this.patchRun(state, {
            status: abort.signal.aborted ? 'stopped' : 'failed',
            error: err instanceof Error ? err.message : String(err),
            endedAt: Date.now(),
          }),
      )
      .finally(() => this.endRunProcesses(runId))
    return state.info
  }

  async stopScenario(runId: string): Promise<void> {
    const r = this.run(runId)
    if (r.info.endedAt) return
    this.patchRun(r, { status: 'stopping' })
    r.abort.abort()
    await Promise.race([r.done, this.endRunProcesses(runId)])
    await r.done
  }

  async scenarioAction(runId: string, action: string, options?: Record<string, unknown>): Promise<void> {
    const r = this.run(runId)
    if (r.info.endedAt) throw new LabError('EINVAL', `Run ${runId} has ended`)
    const declared = r.scenario.info.actions?.find((a) => a.id === action)
    if (!declared || !r.scenario.action) throw new LabError('EINVAL', `Scenario ${r.scenario.info.id} has no action "${action}"`)
    await r.scenario.action(r.ctx, action, resolveOptions(declared.options ?? [], options))
  }

  async kill(pid: number, signal: 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGKILL' | 'SIGSTOP' | 'SIGCONT' = 'SIGTERM'): Promise<void> {
    sendSignal(this.supervisor, pid, signal)
    this.emit('event', { type: 'signal', at: Date.now(), pid, signal })
    // The change shows at once, not at the next tick.
    void this.sampler.sampleNow().catch(() => {})
  }

  join(pid: number, timeoutMs?: number): Promise<JoinResult> {
    return this.supervisor.join(pid, timeoutMs)
  }

  async startRecording(): Promise<RecordingInfo> {
    return this.recordings.start()
  }

  stopRecording(): Promise<RecordingInfo> {
    return this.recordings.stop()
  }

  async getRecording(): Promise<RecordingInfo> {
    return this.recordings.info()
  }

  async getRecordingFile(which: 'last' | 'replay'): Promise<RecordingFile | null> {
    return this.recordings.file(which)
  }

  // ---- runs ----

  private scenario(id: string): Scenario {
    const s = this.scenarios.get(id)
    if (!s) throw new LabError('EINVAL', `Unknown scenario "${id}" (known: ${[...this.scenarios.keys()].join(', ') || 'none'})`)
    return s
  }

  private run(runId: string): RunState {
    const r = this.runs.get(runId)
    if (!r) throw new LabError('EINVAL', `Unknown run "${runId}"`)
    return r
  }

  private patchRun(state: RunState, patch: Partial<RunInfo>): void {
    const pids = [...this.supervisor.labels()].filter(([, l]) => l.runId === state.info.runId).map(([pid]) => pid)
    state.info = Object.freeze({ ...state.info, ...patch, pids })
    this.emit('event', { type: 'run', at: Date.now(), run: state.info })
  }

  private async endRunProcesses(runId: string): Promise<void> {
    const leaders = [...this.supervisor.labels()].filter(([, l]) => l.runId === runId).map(([pid]) => pid)
    await Promise.all(leaders.map((pid) => this.supervisor.stop(pid, 1000)))
  }

  private pruneRuns(): void {
    const ended = [...this.runs.values()].filter((r) => r.info.endedAt)
    for (const r of ended.slice(0, Math.max(0, this.runs.size - MAX_RUNS_KEPT))) this.runs.delete(r.info.runId)
  }
}

/** A run as each snapshot carries it: no outcome or live data, which can be large and travel in 'run' events. */
function summary(r: RunInfo): RunSummary {
  return { runId: r.runId, scenarioId: r.scenarioId, title: r.title, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, hostPid: r.hostPid, pids: r.pids }
}
