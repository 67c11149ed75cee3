import type {
  JoinResult,
  LabEvent,
  PlatformInfo,
  ProcessDetails,
  ProcessHoldings,
  RunInfo,
  ScenarioInfo,
  SignalName,
  Snapshot,
} from './model'
import type { Settings, SettingsLoad } from './settings'
import type { RunLogData } from './run-log'
import type { ThreadTimeline } from './thread-timeline'

export interface SamplingRequest {
  intervalMs?: number
}

/** The state of recording in the core. */
export interface RecordingInfo {
  readonly recording: boolean
  /** Set when the host only replays a file (--replay): the file's name. Nothing can be started then. */
  readonly replayOnly?: string
  /** The current or last recording. */
  readonly current?: {
    readonly file: string
    readonly startedAt: number
    /** Compressed bytes written so far. */
    readonly bytes: number
    readonly maxBytes: number
    readonly stoppedAt?: number
    readonly stopReason?: 'stopped' | 'limit' | 'error'
    readonly message?: string
  }
}

/** A recording file handed to the dashboard (gzip bytes, base64). */
export interface RecordingFile {
  readonly name: string
  readonly base64: string
}

export interface ScenarioSource {
  readonly scenarioId: string
  readonly files: readonly { readonly name: string; readonly text: string }[]
}

/** The request/response half of `window.proclab`. Every member has a row in INVOKE. */
export interface ProcLabInvoke {
  getSnapshot(): Promise<Snapshot>
  /** What this system offers: signals (and why some are missing), suspend/resume, threads. */
  getPlatform(): Promise<PlatformInfo>
  setSampling(o: SamplingRequest): Promise<void>
  /** Marks a process as selected: it is sampled every tick and its threads are read. null clears. */
  selectProcess(pid: number | null): Promise<void>
  getProcess(pid: number): Promise<ProcessDetails>
  listScenarios(): Promise<ScenarioInfo[]>
  /** Every run the core still keeps, in full (outcome, live state). */
  listRuns(): Promise<RunInfo[]>
  /** A listed run's processes, lifecycle and newest output, as the core kept them (a page that connects later rebuilds its view from it). */
  getRunRecord(runId: string): Promise<RunLogData>
  getScenarioSource(id: string): Promise<ScenarioSource>
  startScenario(id: string, options?: Record<string, unknown>): Promise<RunInfo>
  stopScenario(runId: string): Promise<void>
  scenarioAction(runId: string, action: string, options?: Record<string, unknown>): Promise<void>
  /** SIGTERM by default. */
  kill(pid: number, signal?: SignalName): Promise<void>
  join(pid: number, timeoutMs?: number): Promise<JoinResult>
  /** Open files and sockets, working directory, environment (own processes only), limits, cgroup: read now. */
  inspectProcess(pid: number): Promise<ProcessHoldings>
  /**
   * Every thread of one process as run-lengths of scheduling states over the last `seconds`
   * (1..60, default 60). The first call starts sampling that process (about 25 times a second);
   * it stops when nobody has asked for 10 s. ESRCH once the process has gone, ENOENT where this
   * system cannot tell (getPlatform().timelineWhy).
   */
  getThreadTimeline(pid: number, seconds?: number): Promise<ThreadTimeline>
  /** Sets the nice value (-20..19); resolves to the value the OS now reports. */
  setPriority(pid: number, nice: number): Promise<number>
  /** The settings the host keeps (Electron: a file in the app-data folder), or null: the host keeps none (use the browser's storage). */
  loadSettings(): Promise<SettingsLoad | null>
  saveSettings(settings: Settings): Promise<void>
  /** Starts recording the session (snapshots, events, runs) to a file. */
  startRecording(): Promise<RecordingInfo>
  stopRecording(): Promise<RecordingInfo>
  getRecording(): Promise<RecordingInfo>
  /** 'last': the finished recording, to save; 'replay': the file a replay-only host plays. null if none. */
  getRecordingFile(which: 'last' | 'replay'): Promise<RecordingFile | null>
}

export interface ProcLabApi extends ProcLabInvoke {
  onSnapshot(cb: (s: Snapshot) => void): () => void
  onEvent(cb: (e: LabEvent) => void): () => void
  /**
   * The transport's own state, where it can be lost (the web build's WebSocket): 'closed' when the
   * connection drops, 'open' when a reconnect succeeds. Electron's IPC cannot drop, so it has none.
   */
  onConnection?(cb: (state: 'open' | 'closed') => void): () => void
}
