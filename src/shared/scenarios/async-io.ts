// async-io: one event-loop thread holding many connections, against a thread per connection.

/**
 * Who served: asyncio or Node's event loop (one thread); Python threads (a real
 * OS thread per connection); Node worker threads (a whole JavaScript engine per
 * connection, only where Python is missing).
 */
export type Server = 'asyncio' | 'asyncio-processes' | 'node-event-loop' | 'python-threads' | 'node-workers'

/** One worker of the Nginx model: a single-threaded event-loop process, as it reported itself. */
export interface LoopWorkerView {
  readonly pid: number
  readonly held: number
  readonly threads: number | null
  readonly threadsBefore: number | null
  readonly rss: number
  readonly rssBefore: number
  /** % of one core over the hold. */
  readonly cpu: number
}

export interface ServeVariant {
  /** process-per-core: Nginx's model, one single-threaded event-loop process per core (Python). */
  readonly id: 'event-loop' | 'thread-per-connection' | 'process-per-core'
  readonly server: Server
  readonly connections: number
  /** Connections the server had open at the end of the hold. */
  readonly held: number
  readonly roundTrips: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  /** Host threads (OS count) while holding, and before; null where the OS does not say. */
  readonly threads: number | null
  readonly threadsBefore: number | null
  /** Host resident memory while holding, and before, bytes. */
  readonly rss: number
  readonly rssBefore: number
  /** Host CPU over the hold, % of one core. */
  readonly cpu: number
  readonly holdMs: number
  /** process-per-core: each worker process; its totals are above (threads: the most any worker had). */
  readonly workers?: readonly LoopWorkerView[] | null
}

export interface AsyncIoResult {
  readonly language: 'python' | 'node'
  readonly variants: readonly ServeVariant[]
}

/** Published in the live state as each variant finishes. */
export interface AsyncIoProgress {
  readonly variants: readonly ServeVariant[]
}
