// Every scenario's live state (RunInfo.live, while it runs) and outcome data
// (RunOutcome.data, after), keyed by scenario id. The core publishes them
// through a context typed by this map, and views narrow a RunInfo by its
// scenarioId to read them: a change on one side fails to compile on the other.
import type { ThreadLive, ThreadOutcomeData } from '../thread-lab'
import type { AsyncIoProgress, AsyncIoResult } from './async-io'
import type { SweepProgress, SweepResult } from './cpu-vs-io'
import type { CrashData, CrashLive, CrashPythonResult } from './crash-isolation'
import type { DeadlockResult } from './deadlock'
import type { DistributedData, DistributedLive, DistributedResult } from './distributed'
import type { ForkResult } from './fork'
import type { RaceProgress, RaceResult } from './lock-race'
import type { PoolData, PoolLive, PoolResult } from './pool'
import type { ProcessJoinResult } from './process-join'
import type { QueueData, QueueLive, QueueResult } from './queue-pair'
import type { SpinProgress, SpinResult } from './spin'
import type { SubprocessData, SubprocessLive, SubprocessPythonResult } from './subprocess'
import type { SwitchProgress, SwitchResult } from './switch-cost'
import type { LocalResult } from './thread-local'
import type { LoopResult } from './threads'

/**
 * What a scenario publishes: its live state (RunInfo.live), its outcome data
 * (RunOutcome.data), and the result its parent process or thread driver sends
 * the core at the end (never for scenarios run by the core itself).
 */
interface Published<Live, Data, Result = never> {
  readonly live: Live
  readonly data: Data
  readonly result: Result
}

/**
 * Thread scenarios share one live shape and one data shape (thread-lab.ts);
 * their drivers may add partial results (Progress) to the live state as they go.
 */
type ThreadScenario<Result, Progress = unknown> = Published<ThreadLive & Partial<Progress>, ThreadOutcomeData, Result>

export interface ScenarioTypes {
  readonly fork: Published<never, never, ForkResult>
  readonly 'process-join': Published<never, never, ProcessJoinResult>
  readonly pool: Published<PoolLive, PoolData, PoolResult>
  readonly subprocess: Published<SubprocessLive, SubprocessData, SubprocessPythonResult>
  readonly 'queue-pair': Published<QueueLive, QueueData, QueueResult>
  readonly threads: ThreadScenario<LoopResult>
  readonly 'lock-race': ThreadScenario<RaceResult, RaceProgress>
  readonly deadlock: ThreadScenario<DeadlockResult>
  readonly spin: ThreadScenario<SpinResult, SpinProgress>
  readonly 'thread-local': ThreadScenario<LocalResult>
  readonly 'crash-isolation': Published<CrashLive, CrashData, CrashPythonResult>
  readonly distributed: Published<DistributedLive, DistributedData, DistributedResult>
  readonly 'switch-cost': ThreadScenario<SwitchResult, SwitchProgress>
  readonly 'cpu-vs-io': ThreadScenario<SweepResult, SweepProgress>
  readonly 'async-io': ThreadScenario<AsyncIoResult, AsyncIoProgress>
}

export type ScenarioId = keyof ScenarioTypes
export type LiveOf<K extends ScenarioId> = ScenarioTypes[K]['live']
export type DataOf<K extends ScenarioId> = ScenarioTypes[K]['data']
export type ResultOf<K extends ScenarioId> = ScenarioTypes[K]['result']

/** The ids of the thread scenarios: their views and tests read ThreadLive. */
export const THREAD_SCENARIOS = [
  'threads',
  'lock-race',
  'deadlock',
  'spin',
  'thread-local',
  'switch-cost',
  'cpu-vs-io',
  'async-io',
] as const satisfies readonly ScenarioId[]
export type ThreadScenarioId = (typeof THREAD_SCENARIOS)[number]
