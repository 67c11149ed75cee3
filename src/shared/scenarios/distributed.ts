// distributed: a master serving a task queue and a result queue over TCP,
// behind an HMAC challenge; workers that know only its address and the key.
// Node mode: ProcLab's own protocol. Python mode: multiprocessing.managers
// (src/python/task_master.py, task_worker.py), workers startable by hand.
import type { ExitStatus } from '../child-protocol'

export type DistributedLanguage = 'python' | 'node'

/** Where a worker runs: started by the master, started by hand on this machine, or on another machine. */
export type WorkerKind = 'local' | 'hand' | 'remote'

/** A worker as the master knows it (its hello, its results). */
export interface DistributedWorkerView {
  readonly host: string
  readonly pid: number
  readonly kind: WorkerKind
  readonly done: number
  readonly state: 'working' | 'gone'
  /** The role ProcLab gave it (local workers). */
  readonly role?: string | null
  /** It said hello on the roster queue (so it connected with the key and named itself); else it is known only by its results. */
  readonly greeted?: boolean
}

/** The queues' sizes at one moment. */
export interface QueueSample {
  readonly at: number
  readonly task: number
  readonly result: number
}

/**
 * How to start one more worker by hand (Python mode). The key itself is never here: this state is
 * shown, recorded and exported, and whoever holds the key can make the manager unpickle what they
 * send. argv names keyFile (`--key-file`), which only this user can read; or the key goes in keyEnv,
 * or is typed when asked.
 */
export interface JoinCommand {
  readonly argv: readonly string[]
  readonly keyEnv: string
  /** A file (0600, in a 0700 folder of its own) holding the key, removed when the master ends. */
  readonly keyFile: string | null
  /** The worker program's path on this machine (copy it to another). */
  readonly file: string
  /** This machine's host name. */
  readonly host: string
}

export interface DistributedTask {
  readonly id: number
  readonly n: number
}

export interface DistributedResultItem {
  readonly id: number
  readonly n: number
  readonly square: number
  readonly text: string
  readonly pid: number
  /** The worker's host name (Python mode). */
  readonly host?: string
  /** When the master received it. */
  readonly at?: number
}

/** One client connection, as the master sees it. */
export interface DistributedConnection {
  readonly n: number
  readonly remotePort?: number
  readonly state: 'challenged' | 'authenticated' | 'refused' | 'closed'
  /** Items handed to this client by a get. */
  readonly served: number
  /** Requests that arrived before or after a failed challenge, and were not answered. */
  readonly ignored: number
  readonly refusedWhy?: string
}

/** What the intruder saw from its side, reported over its IPC channel. */
export interface IntruderView {
  readonly refused?: string | null
  readonly received: number
}

export interface DistributedLive {
  readonly language?: DistributedLanguage
  readonly address: string
  readonly queues: { readonly task: number; readonly result: number }
  readonly tasks: number
  readonly results: readonly DistributedResultItem[]
  readonly connections: readonly DistributedConnection[]
  /** The queues' sizes over time. */
  readonly series?: readonly QueueSample[]
  readonly workers?: readonly DistributedWorkerView[]
  readonly join?: JoinCommand
  /** Python mode: the manager's server process, which holds the queues. */
  readonly serverPid?: number
}

export interface DistributedResult {
  readonly language?: DistributedLanguage
  readonly masterPid: number
  readonly address: { readonly address: string; readonly family: string; readonly port: number }
  /** Listening sockets of the master per /proc/net/tcp{,6}; null where there is no procfs. */
  readonly listeners: readonly string[] | null
  readonly tasks: readonly DistributedTask[]
  readonly results: readonly DistributedResultItem[]
  readonly timedOut: boolean
  readonly workersConnected: number
  readonly workers: readonly { readonly role: string; readonly pid: number; readonly exit: ExitStatus }[]
  readonly intruder?: { readonly pid: number; readonly exit?: ExitStatus | null; readonly view: IntruderView } | null
  /** Python mode: the manager's server process, how it ended, where the master itself listened (nowhere), this host's name, every worker that said hello. */
  readonly serverPid?: number
  readonly serverExit?: ExitStatus
  readonly masterListeners?: readonly string[] | null
  readonly hostname?: string
  readonly known?: readonly DistributedWorkerView[]
  /**
   * Python mode, putInto 'original': the tasks went into task_master's own
   * task_queue; how many it holds, and how many the server's queue (the one
   * workers read) held, as the proxy's qsize() said.
   */
  readonly original?: { readonly localQueued: number; readonly serverQueued: number } | null
  readonly connections: readonly DistributedConnection[]
  readonly startedAt: number
  readonly tasksPutAt: number
  readonly collectedAt: number
  readonly closedAt: number
}

/** Master → worker over IPC: where to connect and with which key. */
export interface ConnectMessage {
  readonly type: 'connect'
  readonly host: string
  readonly port: number
  readonly key: string
  readonly intruder: boolean
}

/** Worker → master over IPC. */
export type FromDistributedWorker = { readonly type: 'ready' } | ({ readonly type: 'intruder' } & IntruderView)

/** RunOutcome.data. */
export type DistributedData = Pick<DistributedResult, 'tasks' | 'results' | 'connections' | 'workers' | 'listeners'> & {
  readonly language: DistributedLanguage
  readonly series: readonly QueueSample[]
  readonly known: readonly DistributedWorkerView[]
}
