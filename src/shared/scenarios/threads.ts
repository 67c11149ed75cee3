// threads: the tutorial's LoopThread, started and joined.

/** A line a thread printed, with the thread and process the runtime says printed it. */
export interface LoopLine {
  /** The printing thread's name, as the runtime knows it (Python: current_thread().name). */
  readonly thread: string
  /** The OS thread that printed it (Python: threading.get_native_id()). */
  readonly tid: number
  readonly pid: number
  readonly text: string
  readonly at: number
}

export interface LoopResult {
  readonly language: 'python' | 'node'
  readonly count: number
  readonly lines: readonly LoopLine[]
  /** The process that holds both threads (Python's own; the scenario host for Node). */
  readonly pid: number
  /** The OS thread ids as the main thread knows them (Python: main_thread().native_id, t.native_id). */
  readonly mainTid: number
  readonly loopTid: number
  /** When join() returned in the main thread. */
  readonly joinedAt: number
  /** Python only: the interpreter's version ("3.11.7"). */
  readonly python?: string
  /** Python only: what the OS calls each thread (by its Python name); null where the OS does not tell. */
  readonly osNames?: Readonly<Record<string, string | null>>
  /** Python only: the name Python gives a thread that nobody named ("Thread-1 (loop)" since 3.10). */
  readonly defaultName?: string
}
