// crash-isolation's workers, two ways behind one interface: W worker
// processes, each kept alive by the supervisor's restart policy; or W worker
// threads inside one host process, the host kept alive by the same policy and
// each thread restarted by the host on the master's word. The master sees only
// slots becoming ready, finishing tasks, dying and being restarted.
import type { ExitInfo } from '../../../shared/model'
import type {
  CrashHostOptions,
  ExitSeen,
  FromCrashHost,
  FromCrashWorker,
  ToCrashHost,
  ToCrashWorker,
} from '../../../shared/scenarios/crash-isolation'
import { entry } from '../../../child/entries'
import { KeptChild, RestartPolicy, type RestartDecision } from '../../supervisor/restart'
import type { RunProcesses } from '../../supervisor/run-processes'
import type { Started } from '../../supervisor/supervisor'

export const PROCESS_HEAP_MB = 64
export const THREAD_HEAP_MB = 32

/** What the workers tell the master. Slots are numbered from 1. */
export interface WorkerEvents {
  /** These slots now live in process `pid` and are starting. */
  spawned(slots: readonly number[], pid: number): void
  ready(slot: number, threadId?: number): void
  done(slot: number, taskId: number): void
  /** These slots died, as the OS or their host reported it; `host`: the whole host process went with them. */
  died(slots: readonly number[], exit: ExitSeen, host: boolean, threadOnly?: boolean): void
  /** What happens next to slots that died. */
  decided(slots: readonly number[], decision: RestartDecision): void
  /** The run is winding down: deaths from now on are the stop, not a crash. */
  stopping(): boolean
}

export interface Workers {
  start(): Promise<void>
  /** Sends an order to the worker in a slot; false when it cannot be reached. */
  send(slot: number, order: ToCrashWorker): boolean
  stop(graceMs: number): Promise<void>
  /** The one process holding every worker (thread mode). */
  readonly hostPid?: number
}

/**
 * A worker may die between our check and the write. Its exit is handled
 * elsewhere; the failed write must not become an 'error' event nobody listens to.
 */
function sendQuietly(s: Started | undefined, m: ToCrashWorker | ToCrashHost): boolean {
  if (!s?.child.connected) return false
  s.child.send(m, () => {})
  return true
}

const seen = (e: ExitInfo): ExitSeen => ({ reason: e.reason, code: e.code, signal: e.signal })

const slotsOf = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1)

/** Each worker a process of its own: a crash takes down that process only. */
export function workerProcesses(run: RunProcesses, count: number, on: WorkerEvents): Workers {
  const e = entry('crash-worker')
  const keepers = slotsOf(count).map(
    (slot) =>
      new KeptChild({
        run,
        spec: {
          kind: 'fork',
          file: e.file,
          execArgv: [...e.execArgv, `--max-old-space-size=${PROCESS_HEAP_MB}`],
          role: `worker ${slot}`,
        },
        onStart: (s) => {
          on.spawned([slot], s.pid)
          s.child.on('message', (m: FromCrashWorker) => m.type === 'done' && on.done(slot, m.id))
        },
        onReady: () => on.ready(slot),
        onExit: (exit, decision) => {
          if (on.stopping() || (!decision.restart && decision.stopped)) return
          on.died([slot], seen(exit), false)
          on.decided([slot], decision)
        },
      }),
  )
  return {
    start: async () => void (await Promise.all(keepers.map((k) => k.start()))),
    send: (slot, order) => sendQuietly(keepers[slot - 1]?.current, order),
    stop: async (graceMs) => void (await Promise.all(keepers.map((k) => k.stop(graceMs)))),
  }
}

/** Every worker a thread of one host process: a native crash in one takes them all. */
export function workerThreads(run: RunProcesses, count: number, on: WorkerEvents): Workers {
  const e = entry('crash-host')
  const policies = new Map<number, RestartPolicy>()
  let host: Started | undefined
  const options: CrashHostOptions = { workers: count, threadHeapMb: THREAD_HEAP_MB }

  const onThreadExit = (slot: number, code: number, error: string | undefined, s: Started): void => {
    const exit: ExitSeen = {
      reason: error?.includes('OUT_OF_MEMORY') ? 'out-of-memory' : 'error-exit',
      code,
      signal: null,
      error,
    }
    on.died([slot], exit, false, true)
    const policy = policies.get(slot) ?? new RestartPolicy()
    policies.set(slot, policy)
    const decision = policy.decide(exit, true)
    on.decided([slot], decision)
    if (!decision.restart) return
    run.restarted(`thread ${slot}`, s.pid, decision.attempt, decision.delayMs)
    setTimeout(() => !on.stopping() && sendQuietly(s, { type: 'respawn', slot }), decision.delayMs)
  }

  const keeper = new KeptChild({
    run,
    spec: { kind: 'fork', file: e.file, execArgv: e.execArgv, args: [JSON.stringify(options)], role: 'thread host' },
    isReady: (m) => (m as FromCrashHost).type === 'host-ready',
    onStart: (s) => {
      host = s
      on.spawned(slotsOf(count), s.pid)
      s.child.on('message', (m: FromCrashHost) => {
        if (m.type === 'host-ready' || !(m.slot >= 1 && m.slot <= count)) return
        if (m.type === 'ready') on.ready(m.slot, m.threadId)
        else if (m.type === 'done') on.done(m.slot, m.id)
        else if (m.type === 'thread-exit' && !on.stopping()) onThreadExit(m.slot, m.code, m.error, s)
      })
    },
    onExit: (exit, decision) => {
      if (on.stopping() || (!decision.restart && decision.stopped)) return
      on.died(slotsOf(count), seen(exit), true)
      on.decided(slotsOf(count), decision)
    },
  })
  return {
    start: async () => void (await keeper.start()),
    send: (slot, order) => sendQuietly(host, { ...order, slot }),
    stop: (graceMs) => keeper.stop(graceMs),
    get hostPid() {
      return host?.pid
    },
  }
}
