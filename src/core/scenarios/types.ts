// What a scenario is, and what a running one may do: its processes (the
// supervisor narrowed to the run) and its reports (live state, outcome, log),
// typed by the scenario's id (src/shared/scenarios/index.ts).
import type { OptionValue, RunInfoOf, RunOutcome, ScenarioInfo } from '../../shared/model'
import type { DataOf, LiveOf, ScenarioId } from '../../shared/scenarios'
import type { Platform } from '../platform'
import type { RunProcesses } from '../supervisor/run-processes'

export type ScenarioOptions = Readonly<Record<string, OptionValue | readonly string[]>>

export interface ScenarioContext<K extends ScenarioId = ScenarioId> extends RunProcesses {
  readonly options: ScenarioOptions
  /** Aborted when the user stops the run; the scenario must then wind down promptly. */
  readonly signal: AbortSignal
  /** Publishes live, scenario-specific state for the view (sent with the run). */
  setLive(live: LiveOf<K>): void
  /** Publishes a partial outcome while running (the final one is run()'s result). */
  setOutcome(outcome: RunOutcome<DataOf<K>>): void
  /** The latest RunInfo of this run. */
  info(): RunInfoOf<K>
}

export interface Scenario<K extends ScenarioId = ScenarioId> {
  readonly info: ScenarioInfo & { readonly id: K }
  /** Entry names (`<name>.child.ts`, see src/child/entries.ts) whose source the UI shows beside the run. */
  readonly sources: readonly string[]
  /** Refuses options that are valid one by one but not together (throws a LabError), before anything starts. */
  check?(options: ScenarioOptions, platform: Platform): void
  /** Runs to completion (or until ctx.signal aborts) and returns the outcome. */
  run(ctx: ScenarioContext<K>): Promise<RunOutcome<DataOf<K>>>
  /** A user action on a running run (e.g. "crash a worker"). */
  action?(ctx: ScenarioContext<K>, action: string, options: ScenarioOptions): Promise<void>
}

/** A scenario of any id: the catalogue's element type. */
export type AnyScenario = { [K in ScenarioId]: Scenario<K> }[ScenarioId]

/** Declares a scenario; its id fixes the types of what it publishes. */
export function defineScenario<K extends ScenarioId>(s: Scenario<K>): Scenario<K> {
  return s
}
