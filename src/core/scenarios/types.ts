import type { OptionValue, RunInfo, RunOutcome, ScenarioInfo } from '../../shared/model'
import type { Supervisor } from '../supervisor/supervisor'

export type ScenarioOptions = Readonly<Record<string, OptionValue | readonly string[]>>

/** What a running scenario may do. Everything it starts goes through the supervisor. */
export interface ScenarioContext {
  readonly runId: string
  readonly options: ScenarioOptions
  readonly supervisor: Supervisor
  /** Aborted when the user stops the run; the scenario must then wind down promptly. */
  readonly signal: AbortSignal
  /** Publishes live, scenario-specific state for the view (sent with the run). */
  setLive(live: unknown): void
  /** Publishes a partial outcome while running (the final one is run()'s result). */
  setOutcome(outcome: RunOutcome): void
  /** A line in the run's event log. */
  log(text: string, level?: 'info' | 'warn' | 'error'): void
  /** The latest RunInfo of this run. */
  info(): RunInfo
}

export interface Scenario {
  readonly info: ScenarioInfo
  /** Entry names (`<name>.child.ts`, see src/child/entries.ts) whose source the UI shows beside the run. */
  readonly sources: readonly string[]
  /** Runs to completion (or until ctx.signal aborts) and returns the outcome. */
  run(ctx: ScenarioContext): Promise<RunOutcome>
  /** A user action on a running run (e.g. "crash a worker"). */
  action?(ctx: ScenarioContext, action: string, options: ScenarioOptions): Promise<void>
}
