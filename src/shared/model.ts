// The data model every part of ProcLab agrees on. Plain readonly data only:
// these objects cross IPC and WebSocket boundaries as JSON.
import { THREAD_SCENARIOS, type DataOf, type LiveOf, type ScenarioId, type ThreadScenarioId } from './scenarios'
import type { Msg } from './msg'

/** Load of one logical CPU over the last sampling interval, 0..100. */
export interface CpuLoad {
  readonly id: number
  readonly percent: number
}

export interface MemoryInfo {
  readonly total: number
  readonly used: number
}

/** What ProcLab says of a process it started: which run, and the part it plays there. */
export interface ProcessLabel {
  readonly runId?: string
  readonly role?: string
}

export interface ProcessInfo {
  readonly pid: number
  readonly ppid: number
  readonly name: string
  readonly cmd?: string
  /** Percent of ONE core (htop's convention): a busy single thread reads about 100. */
  readonly cpu: number
  /** Resident set size in bytes. */
  readonly memory: number
  /**
   * Virtual size, the resident pages shared with others (file-backed and shmem),
   * and what is swapped out, in bytes (htop's VIRT, SHR, SWAP): Linux reads them
   * from /proc/<pid>/statm and status; unset where the OS does not give them.
   */
  readonly virtual?: number
  readonly shared?: number
  readonly swap?: number
  readonly threads?: number
  readonly uid?: number
  readonly user?: string
  /** Scheduling state of the process (Linux). */
  readonly state?: ThreadState
  /** Nice value, -20 (most favoured) .. 19 (Linux). */
  readonly nice?: number
  /** When it started, ms since epoch (Linux). */
  readonly startedAt?: number
  /** Disk I/O in bytes per second (Linux /proc/<pid>/io read_bytes / write_bytes); unset until measured. */
  readonly ioRead?: number
  readonly ioWrite?: number
  /** True when the OS does not let ProcLab read this process's I/O counters (another user's process). */
  readonly ioDenied?: boolean
  /** Set when ProcLab started this process (directly or within a scenario run). */
  readonly runId?: string
  readonly role?: string
}

export type ThreadState = 'running' | 'sleeping' | 'disk-sleep' | 'stopped' | 'zombie' | 'idle' | 'unknown'

export interface ThreadInfo {
  readonly tid: number
  readonly name: string
  readonly state: ThreadState
  /** Percent of one core over the last interval. */
  readonly cpu: number
  /** Voluntary and involuntary context switches since the thread started (Linux). */
  readonly voluntarySwitches?: number
  readonly involuntarySwitches?: number
  /** What the scenario itself says this thread is doing ("waiting for lock B"). */
  readonly labState?: Msg
  readonly labName?: string
}

export interface ProcessDetails {
  readonly pid: number
  readonly ppid: number
  readonly name: string
  readonly cmd?: string
  readonly user?: string
  readonly uid?: number
  readonly state?: ThreadState
  readonly startedAt?: number
  readonly cpu: number
  readonly memory: number
  /** Linux only; empty elsewhere. */
  readonly threads: readonly ThreadInfo[]
  readonly threadsSupported: boolean
  readonly nice?: number
  readonly runId?: string
  readonly role?: string
  /** True when ProcLab started it, so join() is available. */
  readonly ownChild: boolean
}

export type ExitReason = 'clean-exit' | 'error-exit' | 'killed' | 'crashed' | 'out-of-memory' | 'failed-to-launch'

export interface ExitInfo {
  readonly pid: number
  readonly code: number | null
  readonly signal: string | null
  readonly reason: ExitReason
  readonly startedAt: number
  readonly endedAt: number
  /** endedAt - startedAt */
  readonly runtimeMs: number
  readonly timedOut?: false
}

export interface JoinTimeout {
  readonly pid: number
  readonly timedOut: true
  readonly waitedMs: number
}

export type JoinResult = ExitInfo | JoinTimeout

export type OptionValue = number | string | boolean

/**
 * An option of a scenario. Its texts are in the catalog, not here:
 * scenario.<id>.option.<key>.label / .help / .choice.<value> (src/shared/i18n),
 * or core.option.<key> for the options every scenario shares (language).
 */
export interface ScenarioOption {
  readonly key: string
  readonly type: 'integer' | 'number' | 'boolean' | 'choice' | 'string' | 'string-list'
  readonly default: OptionValue | readonly string[]
  readonly min?: number
  readonly max?: number
  readonly choices?: readonly string[]
}

/**
 * A scenario as the dashboard lists it. Its title, summary, caution and the
 * labels of its options and actions are in the catalog under scenario.<id>
 * (src/shared/i18n/scenarios/<id>.ts), in both languages.
 */
export interface ScenarioInfo {
  readonly id: string
  /** The tutorial's section this scenario teaches, in Chinese in both languages (the tutorial's own heading). */
  readonly section: string
  readonly kind: 'process' | 'thread'
  /** True when the scenario has a caution to show beside Start (scenario.<id>.caution), e.g. that it runs any program. */
  readonly cautious?: boolean
  readonly options: readonly ScenarioOption[]
  /** Named actions a user can take while it runs (e.g. "crash a worker"): scenario.<id>.action.<action id>. */
  readonly actions?: readonly ScenarioAction[]
}

export interface ScenarioAction {
  readonly id: string
  readonly options?: readonly ScenarioOption[]
}

/** How many ended runs the core, and each dashboard, keeps. */
export const MAX_RUNS_KEPT = 20

export type RunStatus = 'starting' | 'running' | 'stopping' | 'finished' | 'failed' | 'stopped'

/**
 * A claim of the tutorial checked with what the run measured. It must be able
 * to fail: a statement true by how the run is built is a fact, not a check.
 * `ok` is null when the check was not run (e.g. Python 3 is missing), which
 * the panel shows as "not run", never as holding.
 */
export interface OutcomeCheck {
  readonly label: Msg
  readonly ok: boolean | null
  readonly detail?: Msg
}

/** What the run shows by construction (a definition, or how ProcLab built it): told, not counted as a check. */
export interface OutcomeFact {
  readonly label: Msg
  readonly detail?: Msg
}

export interface RunOutcome<Data = unknown> {
  readonly summary: Msg
  readonly checks: readonly OutcomeCheck[]
  readonly facts?: readonly OutcomeFact[]
  /** Scenario-specific figures, flat and JSON-safe (counts, times, balances). */
  readonly figures: Readonly<Record<string, number | string | boolean | null>>
  /** Structured data the scenario's view draws (timelines, graphs, series); typed per scenario in scenarios/index.ts. */
  readonly data?: Data
}

interface RunFields {
  readonly runId: string
  readonly title: string
  readonly status: RunStatus
  readonly startedAt: number
  readonly endedAt?: number
  readonly options: Readonly<Record<string, unknown>>
  /** pid of the scenario host process that holds the run. */
  readonly hostPid?: number
  readonly pids: readonly number[]
  /** Why the run failed, in English (API clients, logs). */
  readonly error?: string
  /** The same, as a message the dashboard renders in the user's language. */
  readonly errorMsg?: Msg
}

/** A run of scenario K: its live state and outcome data have K's types. */
export interface RunInfoOf<K extends ScenarioId> extends RunFields {
  readonly scenarioId: K
  readonly outcome?: RunOutcome<DataOf<K>>
  /** Live, scenario-specific state the view draws while running (e.g. wait-for graph). */
  readonly live?: LiveOf<K>
}

/** A run of any scenario; narrow it by scenarioId (see runOf) to read live and outcome.data. */
export type RunInfo = { [K in ScenarioId]: RunInfoOf<K> }[ScenarioId]

/** The run, typed as scenario K's, or undefined when it is another scenario's. */
export function runOf<K extends ScenarioId>(run: RunInfo | undefined, id: K): RunInfoOf<K> | undefined {
  return run?.scenarioId === id ? (run as RunInfoOf<K>) : undefined
}

/** The run, typed as a thread scenario's, or undefined. */
export function threadRunOf(run: RunInfo | undefined): RunInfoOf<ThreadScenarioId> | undefined {
  return run && (THREAD_SCENARIOS as readonly string[]).includes(run.scenarioId)
    ? (run as RunInfoOf<ThreadScenarioId>)
    : undefined
}

/** What each snapshot says of a run: enough to label the tree. The full RunInfo travels in 'run' events and listRuns(). */
export type RunSummary = Pick<
  RunFields,
  'runId' | 'title' | 'status' | 'startedAt' | 'endedAt' | 'hostPid' | 'pids'
> & { readonly scenarioId: ScenarioId }

/** Machine-wide throughput in bytes per second over the last tick (Linux: /proc/diskstats, /proc/net/dev). */
export interface Throughput {
  readonly diskRead: number
  readonly diskWrite: number
  readonly netReceive: number
  readonly netSend: number
}

/** A part of the details pane that may be unavailable: the value, or why not, as a message. */
export type Facet<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: Msg }

export interface SocketInfo {
  readonly protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'unix'
  /** "127.0.0.1:8080", "[::1]:443", or a unix path. */
  readonly local?: string
  readonly remote?: string
  /** LISTEN, ESTABLISHED, ... (TCP); UNCONN (UDP); LISTEN / CONNECTED (unix). */
  readonly state?: string
  readonly inode: number
}

export interface OpenFile {
  readonly fd: number
  readonly kind: 'file' | 'directory' | 'device' | 'pipe' | 'socket' | 'anon' | 'other'
  /** What the descriptor points at: a path, "pipe:[123]", "anon_inode:[eventfd]". */
  readonly target: string
  readonly socket?: SocketInfo
}

export interface ResourceLimit {
  readonly name: string
  /** "unlimited" or a number as the kernel prints it. */
  readonly soft: string
  readonly hard: string
  readonly units?: string
}

/** What a process holds, read on demand when the details pane opens. */
export interface ProcessHoldings {
  readonly pid: number
  readonly readAt: number
  readonly files: Facet<readonly OpenFile[]>
  readonly cwd: Facet<string>
  readonly environment: Facet<readonly string[]>
  readonly limits: Facet<readonly ResourceLimit[]>
  readonly cgroup: Facet<readonly string[]>
}

export interface SamplingInfo {
  readonly intervalMs: number
  /** Every process, idle ones included, is re-read at least this often (ms); busy ones every interval. */
  readonly tableIntervalMs: number
}

export interface Snapshot {
  readonly takenAt: number
  /** Which sampling tick this is; increases by one per snapshot. */
  readonly seq: number
  readonly cpus: readonly CpuLoad[]
  /** Mean of cpus[].percent: the machine-normalised figure (100 = every core busy). */
  readonly cpuTotal: number
  readonly memory: MemoryInfo
  readonly processes: readonly ProcessInfo[]
  readonly runs: readonly RunSummary[]
  readonly sampling: SamplingInfo
  readonly platform: string
  /** Disk and network throughput of the whole machine (Linux). */
  readonly throughput?: Throughput
  /** pid of the process that hosts the core (Electron main or the web host). */
  readonly selfPid: number
  /** Threads of the selected process, when one is selected (Linux). */
  readonly selected?: ProcessDetails
}

export type OutputStream = 'stdout' | 'stderr'

export type LabEvent =
  | {
      readonly type: 'spawn'
      readonly at: number
      readonly pid: number
      readonly ppid: number
      readonly name: string
      readonly runId?: string
      readonly role?: string
    }
  | {
      readonly type: 'exit'
      readonly at: number
      readonly exit: ExitInfo
      readonly runId?: string
      readonly role?: string
    }
  | {
      readonly type: 'output'
      readonly at: number
      readonly pid: number
      readonly stream: OutputStream
      readonly text: string
      readonly runId?: string
      readonly role?: string
    }
  | { readonly type: 'run'; readonly at: number; readonly run: RunInfo }
  | {
      readonly type: 'restart'
      readonly at: number
      readonly runId?: string
      readonly role?: string
      readonly oldPid: number
      readonly attempt: number
      readonly delayMs: number
    }
  | { readonly type: 'signal'; readonly at: number; readonly pid: number; readonly signal: string }
  | {
      readonly type: 'log'
      readonly at: number
      readonly level: 'info' | 'warn' | 'error'
      /** A message; a plain string only from scenarios not yet moved to messages. */
      readonly text: Msg | string
      readonly runId?: string
    }

export const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL', 'SIGSTOP', 'SIGCONT'] as const
export type SignalName = (typeof SIGNALS)[number]

/** A signal this platform cannot deliver, and why (shown where the UI would have offered it). */
export interface MissingSignal {
  readonly signal: SignalName
  readonly why: Msg
}

/**
 * What the machine ProcLab runs on can do, so the UI offers only that
 * (getPlatform()). Chosen once, at startup, by the core's platform layer.
 */
export interface PlatformInfo {
  readonly os: 'linux' | 'darwin' | 'win32'
  /** Signals that exist here, in the order the kill menu lists them. */
  readonly signals: readonly SignalName[]
  readonly missingSignals: readonly MissingSignal[]
  /** What each offered signal does here, where that differs from its Unix meaning. */
  readonly signalNotes: Partial<Record<SignalName, Msg>>
  /** What Stop does here, where it is not "SIGTERM to the tree, SIGKILL after a grace period" (Windows). */
  readonly stopNote?: Msg
  /** SIGSTOP/SIGCONT: suspend and resume a process. */
  readonly canSuspend: boolean
  readonly suspendWhy?: Msg
  /** The threads of a process (ids, states, CPU, context switches). */
  readonly threads: boolean
  readonly threadsWhy?: Msg
  /** Set where the thread timeline (getThreadTimeline) cannot be read here: why. */
  readonly timelineWhy?: Msg
}
