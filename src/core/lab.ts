// The core's one facade. Electron's main process and the web host both create
// a Lab and route the channel table's calls into invoke(); every request is
// validated here, once, whatever transport carried it.
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import type { ProcLabInvoke, ScenarioSource } from '../shared/api'
import { INVOKE, type InvokeName, type InvokeReply } from '../shared/channels'
import { MAX_RUNS_KEPT, type PlatformInfo, type SignalName, type JoinResult, type LabEvent, type RunInfo, type RunInfoOf, type RunOutcome, type RunSummary, type Snapshot } from '../shared/model'
import { describeIssues, requestSchemas } from '../shared/schemas'
import { sendSignal } from './control'
import { entrySource } from '../child/entries'
import { LabError } from './errors'
import { MAX_LIVE_CHILDREN, MAX_LIVE_RUNS } from './limits'
import { Sampler, type SamplerOptions } from './sampler/sampler'
import { SCENARIOS } from './scenarios'
import { resolveOptions } from './scenarios/options'
import type { AnyScenario, Scenario, ScenarioContext, ScenarioOptions } from './scenarios/types'
import type { ScenarioId } from '../shared/scenarios'
import { runProcesses } from './supervisor/run-processes'
import { threadLabels } from './bridge/thread-kit'
import { Supervisor } from './supervisor/supervisor'
import { inspect } from './inspect/holdings'
import { setNice } from './priority'
import type { Settings, SettingsLoad } from '../shared/settings'
import { ACTING_CALLS, RecordingDesk, REPLAY_REFUSAL } from './record/session'
import type { RecordingFile, RecordingInfo } from '../shared/api'

/** Where a host keeps the user's settings (the Electron shell: a file in the app-data folder). */
export interface SettingsStore {
  load(): SettingsLoad
  save(settings: Settings): void
}

export interface LabOptions extends SamplerOptions {
  scenarios?: readonly AnyScenario[]
  /** Caps on live runs and live children; the defaults are in limits.ts (tests lower them to reach them cheaply). */
  limits?: { liveRuns?: number; liveChildren?: number }
  settings?: SettingsStore
  /** Bound of a recording file, bytes. */
  recordingMaxBytes?: number
  recordingDir?: string
}

interface RunState {
  info: RunInfo
  readonly scenario: AnyScenario
  readonly abort: AbortController
  /** The scenario's run() and action(), bound to the run's context. */
  readonly run: () => Promise<RunOutcome<unknown>>
  readonly action?: (action: string, options: ScenarioOptions) => Promise<void>
  done: Promise<void>
}


export class Lab extends EventEmitter<{ snapshot: [Snapshot]; event: [LabEvent] }> implements ProcLabInvoke {
  readonly supervisor: Supervisor
  readonly sampler: Sampler
  private readonly scenarios: ReadonlyMap<string, AnyScenario>
  private readonly runs = new Map<string, RunState>()
  private runSeq = 0
  private closed = false
  private readonly settings: SettingsStore | undefined
  private readonly maxLiveRuns: number
  readonly recordings: RecordingDesk

  constructor(opts: LabOptions = {}) {
    super()
    this.supervisor = new Supervisor(opts.platform)
    this.maxLiveRuns = opts.limits?.liveRuns ?? MAX_LIVE_RUNS
    this.supervisor.maxLive = opts.limits?.liveChildren ?? MAX_LIVE_CHILDREN
    this.settings = opts.settings
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

  /** What this system offers (signals, suspend, threads), so the UI offers only that. */
  async getPlatform(): Promise<PlatformInfo> {
    return this.supervisor.platform.info
  }

  /**
   * Not a renderer call: the host (Electron's main) registers its own helper
   * processes (app.getAppMetrics()) so that no one can signal them from the UI.
   */
  setHelperPids(pids: Iterable<number>): void {
    this.supervisor.setHelpers(pids)
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
    this.checkCaps()
    const state = this.newRun(scenario, resolved)
    const { runId } = state.info
    const abort = state.abort
    this.runs.set(runId, state)
    this.pruneRuns()
    this.emit('event', { type: 'run', at: Date.now(), run: state.info })
    state.done = state
      .run()
      .then(
        (outcome) => this.patchRun(state, { outcome, status: abort.signal.aborted ? 'stopped' : 'finished', endedAt: Date.now() }),
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
    if (!declared || !r.action) throw new LabError('EINVAL', `Scenario ${r.scenario.info.id} has no action "${action}"`)
    await r.action(action, resolveOptions(declared.options ?? [], options))
  }

  async kill(pid: number, signal: SignalName = 'SIGTERM'): Promise<void> {
    sendSignal(this.supervisor, pid, signal, { parentOf: (p) => this.sampler.parentOf(p), ownerOf: (p) => this.sampler.ownerOf(p) })
    this.emit('event', { type: 'signal', at: Date.now(), pid, signal })
    // The change shows at once, not at the next tick.
    void this.sampler.sampleNow().catch(() => {})
  }

  join(pid: number, timeoutMs?: number): Promise<JoinResult> {
    return this.supervisor.join(pid, timeoutMs)
  }

  async inspectProcess(pid: number) {
    return inspect(pid)
  }

  async setPriority(pid: number, nice: number): Promise<number> {
    const now = setNice(pid, nice)
    // The new nice shows in the tree at once.
    void this.sampler.sampleNow().catch(() => {})
    return now
  }

  async loadSettings(): Promise<SettingsLoad | null> {
    return this.settings?.load() ?? null
  }

  async saveSettings(settings: Settings): Promise<void> {
    if (!this.settings) throw new LabError('EINVAL', 'This host keeps no settings file: the dashboard stores its settings in the browser')
    try {
      this.settings.save(settings)
    } catch (err) {
      throw new LabError('EINTERNAL', `Could not save the settings: ${err instanceof Error ? err.message : String(err)}`)
    }
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

  /** A run of scenario K, with a context typed by K: what it publishes is K's live state and outcome data. */
  private newRun<K extends ScenarioId>(scenario: Scenario<K>, options: ScenarioOptions): RunState {
    const runId = `${scenario.info.id}-${++this.runSeq}`
    const abort = new AbortController()
    const state = {} as RunState
    const ctx: ScenarioContext<K> = {
      ...runProcesses(this.supervisor, runId),
      options,
      signal: abort.signal,
      setLive: (live) => this.patchRun(state, { live }),
      setOutcome: (outcome) => this.patchRun(state, { outcome }),
      info: () => state.info as RunInfoOf<K>,
    }
    const info: RunInfoOf<K> = { runId, scenarioId: scenario.info.id, title: scenario.info.title, status: 'running', startedAt: Date.now(), options, pids: [] }
    return Object.assign(state, {
      info: info as RunInfo,
      scenario: scenario as AnyScenario,
      abort,
      run: () => scenario.run(ctx),
      action: scenario.action && ((a: string, o: ScenarioOptions) => scenario.action!(ctx, a, o)),
    })
  }

  private scenario(id: string): AnyScenario {
    const s = this.scenarios.get(id)
    if (!s) throw new LabError('EINVAL', `Unknown scenario "${id}" (known: ${[...this.scenarios.keys()].join(', ') || 'none'})`)
    return s
  }

  /** Refuses a new run past the caps: a click storm or a script must not fork-bomb the machine. */
  private checkCaps(): void {
    const live = [...this.runs.values()].filter((r) => !r.info.endedAt).length
    if (live >= this.maxLiveRuns) {
      throw new LabError('EBUSY', `Too many live runs: ProcLab runs at most ${this.maxLiveRuns} runs at once. Stop a run, then start this one.`)
    }
    const children = this.supervisor.labels().size
    if (children >= this.supervisor.maxLive) {
      throw new LabError(
        'EBUSY',
        `Too many live processes: the runs have ${children} live processes, and ProcLab starts no new run at ${this.supervisor.maxLive} live processes or more. Stop a run first.`,
      )
    }
  }

  private run(runId: string): RunState {
    const r = this.runs.get(runId)
    if (!r) throw new LabError('EINVAL', `Unknown run "${runId}"`)
    return r
  }

  /** A change to a run; its live and outcome come from the run's own context, typed by its scenario. */
  private patchRun(state: RunState, patch: Partial<Omit<RunInfo, 'live' | 'outcome'>> & { live?: unknown; outcome?: RunOutcome<unknown> }): void {
    const pids = [...this.supervisor.labels()].filter(([, l]) => l.runId === state.info.runId).map(([pid]) => pid)
    state.info = Object.freeze({ ...state.info, ...patch, pids }) as RunInfo
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
