// The core's one facade. Electron's main process and the web host both create
// a Lab and route the channel table's calls into invoke(); every request is
// validated here, once, whatever transport carried it.
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import type { ProcLabInvoke, ScenarioSource } from '../shared/api'
import { INVOKE, type InvokeName, type InvokeReply } from '../shared/channels'
import {
  type PlatformInfo,
  type SignalName,
  type JoinResult,
  type LabEvent,
  type RunInfo,
  type Snapshot,
} from '../shared/model'
import { describeIssues, requestSchemas } from '../shared/schemas'
import { guardTarget, sendSignal, type ProcLabProcesses } from './control'
import { shownSource } from '../child/entries'
import { LabError, plainMsg, toLabError } from './errors'
import { coreMsg } from '../shared/i18n/core'
import { MAX_LIVE_CHILDREN, MAX_LIVE_RUNS } from './limits'
import { Sampler, type SamplerOptions } from './sampler/sampler'
import { SCENARIOS } from './scenarios'
import { resolveOptions, withLanguageDefault } from './scenarios/options'
import type { AnyScenario } from './scenarios/types'

import { threadLabels } from './bridge/thread-kit'
import { Supervisor } from './supervisor/supervisor'
import { hostPlatform } from './platform'
import { Runs } from './runs'
import { RunLog } from './run-log'
import type { RunLogData } from '../shared/run-log'
import { setNice } from './priority'
import type { Settings, SettingsLoad } from '../shared/settings'
import { ACTING_CALLS, RecordingDesk } from './record/session'
import type { RecordingFile, RecordingInfo } from '../shared/api'
import type { ThreadTimeline } from '../shared/thread-timeline'
import { ThreadTimelines } from './thread-timeline'

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

export class Lab extends EventEmitter<{ snapshot: [Snapshot]; event: [LabEvent] }> implements ProcLabInvoke {
  readonly supervisor: Supervisor
  readonly sampler: Sampler
  private readonly scenarios: ReadonlyMap<string, AnyScenario>
  private readonly runs: Runs
  private readonly runLog: RunLog
  private closed = false
  private readonly settings: SettingsStore | undefined
  readonly recordings: RecordingDesk
  /** Every thread's state over time, for the one process a dashboard watches (thread-timeline.ts). */
  readonly timelines: ThreadTimelines

  constructor(opts: LabOptions = {}) {
    super()
    // One platform for the whole Lab: the supervisor, the sampler and every run ask the same one.
    const platform = opts.platform ?? hostPlatform()
    this.supervisor = new Supervisor(platform)
    this.supervisor.maxLive = opts.limits?.liveChildren ?? MAX_LIVE_CHILDREN
    this.runs = new Runs(this.supervisor, (e) => this.emit('event', e), opts.limits?.liveRuns ?? MAX_LIVE_RUNS)
    // Every event the Lab emits with a run's id is folded into that run's record, whoever emitted it.
    this.runLog = new RunLog((runId) => this.runs.list().some((r) => r.runId === runId))
    this.on('event', (e) => this.runLog.receive(e))
    this.settings = opts.settings
    this.timelines = new ThreadTimelines(platform)
    this.scenarios = new Map((opts.scenarios ?? SCENARIOS).map((s) => [s.info.id, withLanguageDefault(s, platform)]))
    this.sampler = new Sampler(
      {
        labels: () => this.supervisor.labels(),
        runs: () => this.runs.summaries(),
        threadLabels: (pid) => threadLabels(this.runs.list(), pid),
      },
      { ...opts, platform },
    )
    this.recordings = new RecordingDesk(
      {
        source: this,
        platform: platform.info.os,
        scenarios: () => [...this.scenarios.values()].map((s) => s.info),
        runs: () => this.runs.list(),
        warn: (text) =>
          this.emit('event', {
            type: 'log',
            at: Date.now(),
            level: 'warn',
            text: coreMsg('log.recording', { why: text }),
          }),
      },
      opts.recordingDir,
      opts.recordingMaxBytes,
    )
    this.sampler.on('snapshot', (s) => this.emit('snapshot', s))
    this.sampler.on('error', (err) =>
      this.emit('event', {
        type: 'log',
        at: Date.now(),
        level: 'warn',
        text: coreMsg('log.sampler', { why: err.message }),
      }),
    )
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
    // Scenarios get a moment to wind down on their own; then everything is ended regardless.
    await this.runs.abortAll(3000)
    await this.supervisor.stopAll()
    await this.sampler.stop()
    this.timelines.close()
    await this.recordings.close()
  }

  /**
   * Validates and dispatches one call from a renderer. Never throws: errors
   * come back in the reply envelope with a message meant for the user.
   */
  async invoke(method: string, args: unknown): Promise<InvokeReply> {
    try {
      if (!Object.hasOwn(INVOKE, method)) throw new LabError('EINVAL', coreMsg('error.unknownMethod', { method }))
      const name = method as InvokeName
      if (this.recordings.replay && ACTING_CALLS.has(name)) throw new LabError('EREFUSED', coreMsg('error.replay'))
      if (!Array.isArray(args)) throw new LabError('EINVAL', coreMsg('error.argsNotList', { method: name }))
      const parsed = requestSchemas[name].safeParse(args)
      if (!parsed.success)
        throw new LabError('EINVAL', coreMsg('error.badRequest', { method: name, why: describeIssues(parsed.error) }))
      const fn = this[name] as (...a: unknown[]) => Promise<unknown>
      const value = await fn.apply(this, parsed.data as unknown[])
      return { ok: true, value: value ?? null }
    } catch (err) {
      const e = toLabError(err)
      return { ok: false, error: { code: e.code, message: e.message, msg: e.msg } }
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
    return this.runs.list()
  }

  /** What a listed run did (processes, lifecycle, newest output), for a page that was not watching. */
  async getRunRecord(runId: string): Promise<RunLogData> {
    const r = this.runLog.get(runId)
    if (!r) throw new LabError('EINVAL', coreMsg('error.unknownRun', { runId }))
    return r
  }

  async getScenarioSource(id: string): Promise<ScenarioSource> {
    const s = this.scenario(id)
    const files = s.sources.map((name) => {
      const file = shownSource(name)
      return { name: path.basename(file), text: fs.readFileSync(file, 'utf8') }
    })
    return { scenarioId: id, files }
  }

  async startScenario(id: string, options?: Record<string, unknown>): Promise<RunInfo> {
    if (this.closed) throw new LabError('EBUSY', coreMsg('error.shuttingDown'))
    const scenario = this.scenario(id)
    const resolved = resolveOptions(scenario.info.options, options, `scenario.${scenario.info.id}.option`)
    scenario.check?.(resolved, this.supervisor.platform)
    return this.runs.start(scenario, resolved)
  }

  stopScenario(runId: string): Promise<void> {
    return this.runs.stop(runId)
  }

  scenarioAction(runId: string, action: string, options?: Record<string, unknown>): Promise<void> {
    return this.runs.action(runId, action, options)
  }

  /** The sampler's table, for the target guard where the platform cannot read one process cheaply. */
  private readonly ownProcesses: ProcLabProcesses = {
    parentOf: (p) => this.sampler.parentOf(p),
    ownerOf: (p) => this.sampler.ownerOf(p),
  }

  async kill(pid: number, signal: SignalName = 'SIGTERM'): Promise<void> {
    sendSignal(this.supervisor, pid, signal, this.ownProcesses)
    this.emit('event', { type: 'signal', at: Date.now(), pid, signal })
    // The change shows at once, not at the next tick.
    void this.sampler.sampleNow().catch(() => {})
  }

  join(pid: number, timeoutMs?: number): Promise<JoinResult> {
    return this.supervisor.join(pid, timeoutMs)
  }

  async inspectProcess(pid: number) {
    return this.supervisor.platform.holdings(pid)
  }

  async getThreadTimeline(pid: number, seconds?: number): Promise<ThreadTimeline> {
    return this.timelines.get(pid, seconds)
  }

  async setPriority(pid: number, nice: number): Promise<number> {
    // The same targets kill refuses (pid 1, ProcLab, its helpers, any thread id), refused first.
    guardTarget(this.supervisor, pid, 'nice', this.ownProcesses)
    const now = setNice(pid, nice, this.supervisor.platform)
    // The new nice shows in the tree at once.
    void this.sampler.sampleNow().catch(() => {})
    return now
  }

  async loadSettings(): Promise<SettingsLoad | null> {
    return this.settings?.load() ?? null
  }

  async saveSettings(settings: Settings): Promise<void> {
    if (!this.settings) throw new LabError('EINVAL', coreMsg('error.noSettingsFile'))
    try {
      this.settings.save(settings)
    } catch (err) {
      throw new LabError(
        'EINTERNAL',
        coreMsg('error.settingsNotSaved', { why: plainMsg(err instanceof Error ? err.message : String(err)) }),
      )
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

  private scenario(id: string): AnyScenario {
    const s = this.scenarios.get(id)
    if (!s)
      throw new LabError(
        'EINVAL',
        coreMsg('error.unknownScenario', {
          id,
          known: [...this.scenarios.keys()].join(', ') || coreMsg('optionError.none'),
        }),
      )
    return s
  }
}
