// The live and outcome data of the thread scenarios, as the core publishes it
// (RunInfo.live, RunOutcome.data) and the thread views draw it. Plain JSON.
import type { Msg } from './msg'
import type { ScheduleLive } from './scheduler'

/** One lab thread: the scenario's own account joined with the OS's. */
export interface LabThread {
  /** The process that holds the thread (the scenario host, or a child of it). */
  readonly pid: number
  /** OS thread id (Linux: /proc/<pid>/task/<tid>); 0 before the thread published it. */
  readonly tid: number
  readonly name: string
  /** What the thread says it is doing: core.thread.<state> ("running", "waiting for lock {lock}", "done"). */
  readonly state: Msg
  readonly since: number
  readonly progress: number
  /** Percent of one core over the last half second, by the OS's count. */
  readonly cpu?: number
}

export interface GraphNode {
  readonly id: string
  readonly kind: 'thread' | 'lock'
  readonly label: string
  readonly inCycle: boolean
}

export interface GraphEdge {
  readonly from: string
  readonly to: string
  /** thread → lock it is blocked on, or lock → thread that owns it. */
  readonly kind: 'waits-for' | 'held-by'
  readonly inCycle: boolean
}

export interface WaitForGraph {
  readonly nodes: readonly GraphNode[]
  readonly edges: readonly GraphEdge[]
  /** Each cycle as node ids in edge order (thread, lock, thread, lock, ...). */
  readonly cycles: readonly (readonly string[])[]
}

/** A line chart: one x axis, several named series. Its texts are messages (the dashboard renders them). */
export interface SeriesChart {
  readonly id: string
  readonly title: Msg
  readonly xLabel: Msg
  readonly yLabel: Msg
  readonly x: readonly number[]
  /** `id` is stable across languages (tests and the chart's identity); `name` is shown. */
  readonly series: readonly { readonly id: string; readonly name: Msg; readonly values: readonly (number | null)[] }[]
  /** An x value worth marking (the core count). */
  readonly markX?: number
  readonly markLabel?: Msg
}

export interface DeadlockReport {
  /** "Thread-1 holds A and waits for B; Thread-2 holds B and waits for A." */
  readonly text: Msg
  /** Thread names on the cycle, in order. */
  readonly threads: readonly string[]
  readonly locks: readonly string[]
  readonly detectedAt: number
  /** From the moment the last thread on the cycle blocked to the lab reporting it. */
  readonly latencyMs: number
  /** CPU of the deadlocked threads and of the whole host while stuck, % of one core (after a second). */
  readonly threadCpu?: number
  readonly hostCpu?: number
}

/** RunInfo.live of every thread scenario. */
export interface ThreadLive {
  readonly hostPid?: number
  readonly threads: readonly LabThread[]
  /** deadlock: the graph as of the last table read. */
  readonly graph?: WaitForGraph
  /** deadlock: the current cycle, when it was first seen, and what it costs. */
  readonly deadlock?: DeadlockReport | null
  /** What the run is doing now ("4 threads", "level 8 of 16"). (`string`: scenarios not yet moved to messages.) */
  readonly phase?: Msg
  /** What the run wants the learner to know now (deadlock in Python: no thread can be terminated). */
  readonly notice?: Msg
  /** Sweeps fill their charts as they go. */
  readonly charts?: readonly SeriesChart[]
  /** lock-race and deadlock with `schedule: manual`: each thread's next step, the shared values, the steps so far. */
  readonly schedule?: ScheduleLive
}

/** RunOutcome.data of every thread scenario. */
export interface ThreadOutcomeData {
  readonly threads?: readonly LabThread[]
  readonly graph?: WaitForGraph
  readonly charts?: readonly SeriesChart[]
  /** Rows of a small results table (one per variant or mode). */
  readonly table?: {
    readonly columns: readonly (Msg | string)[]
    readonly rows: readonly (readonly (string | number | null | Msg)[])[]
  }
  /** Lines the scenario printed, in order, with the printing thread. */
  readonly lines?: readonly { readonly thread: string; readonly text: string; readonly at: number }[]
}
