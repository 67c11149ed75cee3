// distributed: a master serving a task queue and a result queue over TCP,
// behind an HMAC challenge; workers that know only its address and the key.
import type { ExitStatus } from '../child-protocol'

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
  readonly refused?: string
  readonly received: number
}

export interface DistributedLive {
  readonly address: string
  readonly queues: { readonly task: number; readonly result: number }
  readonly tasks: number
  readonly results: readonly DistributedResultItem[]
  readonly connections: readonly DistributedConnection[]
}

export interface DistributedResult {
  readonly masterPid: number
  readonly address: { readonly address: string; readonly family: string; readonly port: number }
  /** Listening sockets of the master per /proc/net/tcp{,6}; null where there is no procfs. */
  readonly listeners: readonly string[] | null
  readonly tasks: readonly DistributedTask[]
  readonly results: readonly DistributedResultItem[]
  readonly timedOut: boolean
  readonly workersConnected: number
  readonly workers: readonly { readonly role: string; readonly pid: number; readonly exit: ExitStatus }[]
  readonly intruder?: { readonly pid: number; readonly exit?: ExitStatus; readonly view: IntruderView }
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
export type DistributedData = Pick<DistributedResult, 'tasks' | 'results' | 'connections' | 'workers' | 'listeners'>
