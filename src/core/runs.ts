// The scenario runs of one Lab: starting a run with a context typed by its
// scenario, its state as it changes, stopping it, the caps on live runs and
// processes, and ending whatever a run leaves behind. The Lab facade validates
// requests and hands them here.
import { coreCatalog } from '../shared/i18n'
import { renderPlain } from '../shared/msg'
import {
  MAX_RUNS_KEPT,
  type LabEvent,
  type RunInfo,
  type RunInfoOf,
  type RunOutcome,
  type RunSummary,
} from '../shared/model'
import type { ScenarioId } from '../shared/scenarios'
import { LabError, toLabError } from './errors'
import { coreMsg } from '../shared/i18n/core'
import { resolveOptions } from './scenarios/options'
import type { AnyScenario, Scenario, ScenarioContext, ScenarioOptions } from './scenarios/types'
import { runProcesses } from './supervisor/run-processes'
import type { Supervisor } from './supervisor/supervisor'

interface RunState {
  info: RunInfo
  readonly scenario: AnyScenario
  readonly abort: AbortController
  /** The scenario's run() and action(), bound to the run's context. */
  readonly run: () => Promise<RunOutcome<unknown>>
  readonly action?: (action: string, options: ScenarioOptions) => Promise<void>
  done: Promise<void>
}

export class Runs {
  private readonly runs = new Map<string, RunState>()
  /** Run numbers count per scenario: the first pool run is pool-1 whatever ran before it. */
  private readonly seqs = new Map<string, number>()

  constructor(
    private readonly supervisor: Supervisor,
    private readonly emit: (e: LabEvent) => void,
    private readonly maxLive: number,
  ) {}

  list(): RunInfo[] {
    return [...this.runs.values()].map((r) => r.info)
  }

  /** Each run as a snapshot carries it: no outcome or live data, which can be large and travel in 'run' events. */
  summaries(): RunSummary[] {
    return this.list().map((r) => ({
      runId: r.runId,
      scenarioId: r.scenarioId,
      title: r.title,
      status: r.status,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      hostPid: r.hostPid,
      pids: r.pids,
    }))
  }

  start(scenario: AnyScenario, options: ScenarioOptions): RunInfo {
    this.checkCaps()
    const state = this.newRun(scenario, options)
    const { runId } = state.info
    const abort = state.abort
    this.runs.set(runId, state)
    this.prune()
    this.emit({ type: 'run', at: Date.now(), run: state.info })
    state.done = state
      .run()
      .then(
        (outcome) =>
          this.patch(state, { outcome, status: abort.signal.aborted ? 'stopped' : 'finished', endedAt: Date.now() }),
        (err: unknown) => {
          const e = toLabError(err)
          this.patch(state, {
            status: abort.signal.aborted ? 'stopped' : 'failed',
            error: e.message,
            errorMsg: e.msg,
            endedAt: Date.now(),
          })
        },
      )
      .finally(() => this.endProcesses(runId))
    return state.info
  }

  async stop(runId: string): Promise<void> {
    const r = this.get(runId)
    if (r.info.endedAt) return
    this.patch(r, { status: 'stopping' })
    r.abort.abort()
    await Promise.race([r.done, this.endProcesses(runId)])
    await r.done
  }

  async action(runId: string, action: string, options?: Record<string, unknown>): Promise<void> {
    const r = this.get(runId)
    if (r.info.endedAt) throw new LabError('EINVAL', coreMsg('error.runEnded', { runId }))
    const declared = r.scenario.info.actions?.find((a) => a.id === action)
    if (!declared || !r.action)
      throw new LabError('EINVAL', coreMsg('error.noAction', { id: r.scenario.info.id, action }))
    await r.action(
      action,
      resolveOptions(declared.options ?? [], options, `scenario.${r.scenario.info.id}.action.${action}.option`),
    )
  }

  /** Asks every run to end and waits for them, at most `graceMs`. */
  async abortAll(graceMs: number): Promise<void> {
    for (const r of this.runs.values()) r.abort.abort()
    const settled = Promise.allSettled([...this.runs.values()].map((r) => r.done))
    await Promise.race([settled, new Promise((r) => setTimeout(r, graceMs).unref())])
  }

  /** A run of scenario K, with a context typed by K: what it publishes is K's live state and outcome data. */
  private newRun<K extends ScenarioId>(scenario: Scenario<K>, options: ScenarioOptions): RunState {
    const n = (this.seqs.get(scenario.info.id) ?? 0) + 1
    this.seqs.set(scenario.info.id, n)
    const runId = `${scenario.info.id}-${n}`
    const abort = new AbortController()
    const state = {} as RunState
    const ctx: ScenarioContext<K> = {
      ...runProcesses(this.supervisor, runId),
      options,
      signal: abort.signal,
      setLive: (live) => this.patch(state, { live }),
      setOutcome: (outcome) => this.patch(state, { outcome }),
      info: () => state.info as RunInfoOf<K>,
    }
    const info: RunInfoOf<K> = {
      runId,
      scenarioId: scenario.info.id,
      // English, for logs, reports and metrics labels; the dashboard shows scenario.<id>.title in its language.
      title: renderPlain(coreCatalog('en'), { key: `scenario.${scenario.info.id}.title` }),
      status: 'running',
      startedAt: Date.now(),
      options,
      pids: [],
    }
    return Object.assign(state, {
      info: info as RunInfo,
      scenario: scenario as AnyScenario,
      abort,
      run: () => scenario.run(ctx),
      action: scenario.action && ((a: string, o: ScenarioOptions) => scenario.action!(ctx, a, o)),
    })
  }

  /** Refuses a new run past the caps: a click storm or a script must not fork-bomb the machine. */
  private checkCaps(): void {
    const live = [...this.runs.values()].filter((r) => !r.info.endedAt).length
    if (live >= this.maxLive) {
      throw new LabError('EBUSY', coreMsg('error.tooManyRuns', { max: this.maxLive }))
    }
    const children = this.supervisor.labels().size
    if (children >= this.supervisor.maxLive) {
      throw new LabError(
        'EBUSY',
        coreMsg('error.tooManyRunProcesses', { live: children, max: this.supervisor.maxLive }),
      )
    }
  }

  private get(runId: string): RunState {
    const r = this.runs.get(runId)
    if (!r) throw new LabError('EINVAL', coreMsg('error.unknownRun', { runId }))
    return r
  }

  /** A change to a run; its live and outcome come from the run's own context, typed by its scenario. */
  private patch(
    state: RunState,
    patch: Partial<Omit<RunInfo, 'live' | 'outcome'>> & { live?: unknown; outcome?: RunOutcome<unknown> },
  ): void {
    const pids = [...this.supervisor.labels()].filter(([, l]) => l.runId === state.info.runId).map(([pid]) => pid)
    state.info = Object.freeze({ ...state.info, ...patch, pids }) as RunInfo
    this.emit({ type: 'run', at: Date.now(), run: state.info })
  }

  private async endProcesses(runId: string): Promise<void> {
    const leaders = [...this.supervisor.labels()].filter(([, l]) => l.runId === runId).map(([pid]) => pid)
    await Promise.all(leaders.map((pid) => this.supervisor.stop(pid, 1000)))
  }

  private prune(): void {
    const ended = [...this.runs.values()].filter((r) => r.info.endedAt)
    for (const r of ended.slice(0, Math.max(0, this.runs.size - MAX_RUNS_KEPT))) this.runs.delete(r.info.runId)
  }
}
