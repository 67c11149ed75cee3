// The core's side of a thread scenario: forks the scenario host through the
// supervisor, starts the scenario's driver in it, turns the host's thread
// table into the run's live thread list (joined with the OS's per-thread CPU),
// adopts the children the host starts, and makes sure that when the run ends,
// however it ends, the host and everything under it are gone.
import { LabError, plainMsg } from '../errors'
import { exitMsg } from '../../shared/exit'
import { threadRunOf, type RunInfo } from '../../shared/model'
import { delay } from '../../shared/delay'
import { coreMsg } from '../../shared/i18n/core'
import type { Msg } from '../../shared/msg'
import type { LabThread } from '../../shared/thread-lab'
import { compiledEntry, entry } from '../../child/entries'
import type { Platform } from '../platform'
import { ThreadCpuMeter } from '../sampler/thread-cpu'
import type { FromHost, HostLock, HostThread, ToHost } from '../../shared/thread-protocol'
import type { LiveOf, ResultOf, ThreadScenarioId } from '../../shared/scenarios'
import { isGone } from './host-bridge'
import type { RunProcesses } from '../supervisor/run-processes'
import type { ScenarioContext, ScenarioOptions } from '../scenarios/types'

/** How often per-thread CPU is read from /proc for the live thread list. */
const CPU_EVERY_MS = 500
/** After a stop request, how long the host gets to wind down before it is killed. */
const STOP_GRACE_MS = 2500

export interface HostView {
  readonly pid: number
  readonly at: number
  readonly threads: readonly LabThread[]
  readonly raw: readonly HostThread[]
  readonly locks: readonly HostLock[]
}

export interface HostHooks<Live> {
  /** Extra live fields computed from each table the host sends (the deadlock graph). */
  onTable?(view: HostView): Partial<Live> | void
  /** Sees each live message; what it returns is merged too (charts drawn from the driver's points). */
  onLive?(live: Partial<Live>): Partial<Live> | void
}

export interface HostRun<R> {
  /** The driver's result; undefined when the run was stopped before the host could answer. */
  readonly result: R | undefined
  readonly stopped: boolean
  readonly pid: number
  /** The last thread table, with states as words. */
  readonly view: HostView
}

interface Session {
  send(m: ToHost): void
  /** Actions sent and not yet answered, by id. */
  readonly pending: Map<number, { resolve(): void; reject(e: LabError): void }>
}

const sessions = new Map<string, Session>()
let nextActionId = 1
/** A step waits for its thread to reach its next gate; far longer than that means the host is stuck. */
const ACTION_TIMEOUT_MS = 15_000

/**
 * Forwards a user action to the run's host and waits for its answer: resolves
 * once the driver has carried it out and published the live state it changed,
 * rejects with the driver's refusal (a blocked thread), or after a timeout.
 */
export async function hostAction(ctx: ScenarioContext, action: string, options: ScenarioOptions): Promise<void> {
  const s = sessions.get(ctx.runId)
  if (!s) throw new LabError('EINVAL', coreMsg('error.hostNotRunning'))
  const id = nextActionId++
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      s.pending.delete(id)
      reject(new LabError('EINTERNAL', coreMsg('error.actionTimeout', { action, seconds: ACTION_TIMEOUT_MS / 1000 })))
    }, ACTION_TIMEOUT_MS)
    const settle = (f: () => void): void => {
      clearTimeout(timer)
      s.pending.delete(id)
      f()
    }
    s.pending.set(id, { resolve: () => settle(resolve), reject: (e) => settle(() => reject(e)) })
    s.send({ type: 'action', action, options: { ...options }, id })
  })
}

export async function runHost<K extends ThreadScenarioId>(
  ctx: ScenarioContext<K>,
  driver: string,
  options: Record<string, unknown>,
  hooks: HostHooks<LiveOf<K>> = {},
): Promise<HostRun<ResultOf<K>>> {
  const e = entry('thread-host')
  const started = await ctx.spawn({ kind: 'fork', file: e.file, execArgv: e.execArgv, role: 'scenario host' })
  const { pid, child } = started
  const adopted = new Map<number, string>()
  const cpu = new ThreadCpuMeter(ctx.platform)
  let view: HostView = { pid, at: Date.now(), threads: [], raw: [], locks: [] }
  let extra: Partial<LiveOf<K>> = {}
  let tableExtra: Partial<LiveOf<K>> = {}

  const publish = (): void => {
    // What the driver added (its own Progress type) and what the core measured.
    ctx.setLive({ ...extra, ...tableExtra, hostPid: pid, threads: view.threads } as LiveOf<K>)
  }
  const refreshCpu = (): void => {
    const byTid = cpu.byTid([pid, ...adopted.keys()])
    view = { ...view, threads: view.threads.map((t) => ({ ...t, cpu: byTid.get(t.tid) ?? t.cpu })) }
  }

  type R = ResultOf<K>
  let settle!: (v: { result?: R; error?: Msg }) => void
  const answered = new Promise<{ result?: R; error?: Msg }>((r) => (settle = r))
  const session: Session = { send: (m) => child.connected && child.send(m), pending: new Map() }

  child.on('message', (m: FromHost) => {
    switch (m.type) {
      case 'table': {
        const threads = toLabThreads(m.threads, m.locks, view.threads)
        view = { pid, at: m.at, threads, raw: m.threads, locks: m.locks }
        tableExtra = hooks.onTable?.(view) ?? tableExtra
        publish()
        break
      }
      case 'live':
        // The boundary of the thread protocol: the driver is this scenario's own entry (Host<Progress>).
        {
          const live = m.live as Partial<LiveOf<K>>
          extra = { ...extra, ...live, ...hooks.onLive?.(live) }
        }
        publish()
        break
      case 'child':
        adopted.set(m.pid, m.role)
        ctx.adopt(
          m.pid,
          m.role,
          undefined,
          m.ppid !== undefined ? { ppid: m.ppid, name: m.name ?? 'python3' } : undefined,
        )
        break
      case 'child-output':
        ctx.output(m.pid, m.stream, m.text)
        break
      case 'child-exit':
        adopted.delete(m.pid)
        ctx.exited(m.pid, m.code, m.signal)
        break
      case 'stop':
        // Only a process the host itself reported starting: the host names no other pid to end.
        if (adopted.has(m.pid)) void ctx.stop(m.pid, m.graceMs)
        break
      case 'log':
        ctx.log(m.text, m.level)
        break
      case 'action-done': {
        const p = session.pending.get(m.id)
        if (!p) break
        if (m.error === undefined) p.resolve()
        else p.reject(new LabError('EINVAL', typeof m.error === 'string' ? plainMsg(m.error) : m.error))
        break
      }
      case 'result':
        settle({ result: m.result as R })
        break
      case 'error':
        settle({ error: plainMsg(m.message) })
        break
    }
  })
  void started.exited.then((x) =>
    settle({ error: coreMsg('error.hostEnded', { how: exitMsg(x.reason, x.code, x.signal) }) }),
  )

  sessions.set(ctx.runId, session)
  const cpuTimer = setInterval(() => {
    refreshCpu()
    publish()
  }, CPU_EVERY_MS)
  let killTimer: NodeJS.Timeout | undefined
  const onAbort = (): void => {
    if (child.connected) child.send({ type: 'stop' } satisfies ToHost)
    killTimer = setTimeout(() => void ctx.stop(pid, 1000), STOP_GRACE_MS)
  }
  if (ctx.signal.aborted) onAbort()
  else ctx.signal.addEventListener('abort', onAbort, { once: true })
  if (child.connected) child.send({ type: 'start', driver, options, bundles: threadBundles(driver) } satisfies ToHost)

  try {
    const answer = await answered
    // The host exits by itself once it has answered; make sure it did.
    const gone = await Promise.race([started.exited.then(() => true), delay(3000).then(() => false)])
    if (!gone) await ctx.stop(pid, 1000)
    if (
      answer.error !== undefined &&
      !(ctx.signal.aborted && answer.result === undefined && answer.error.key === 'core.error.hostEnded')
    ) {
      throw new LabError('EINTERNAL', answer.error)
    }
    refreshCpu()
    return { result: answer.result, stopped: ctx.signal.aborted, pid, view }
  } finally {
    clearInterval(cpuTimer)
    clearTimeout(killTimer)
    ctx.signal.removeEventListener('abort', onAbort)
    sessions.delete(ctx.runId)
    // An action still waiting gets its answer: the run has ended.
    for (const p of [...session.pending.values()])
      p.reject(new LabError('EINVAL', coreMsg('error.runEnded', { runId: ctx.runId })))
    await ctx.stop(pid, 500)
    await reapAdopted(ctx, adopted)
    view = {
      ...view,
      threads: view.threads.map((t) => (isOver(t.state) ? t : { ...t, state: coreMsg('thread.endedWithHost') })),
    }
    publish()
  }
}

/**
 * From source, the driver's entry compiled to plain JavaScript for the host's
 * worker threads (see threadWorker in entries.ts); built, nothing. Done here,
 * once per ProcLab process, so no host pays for a compiler.
 */
function threadBundles(driver: string): Record<string, string> | undefined {
  if (!entry(driver).file.endsWith('.ts')) return undefined
  return { [driver]: compiledEntry(driver) }
}

function isOver(state: Msg): boolean {
  return state.key === 'core.thread.done' || state.key === 'core.thread.terminated'
}

/** Children the host started and did not see end (it was killed): end them and record it. */
async function reapAdopted(ctx: RunProcesses, adopted: ReadonlyMap<number, string>): Promise<void> {
  // Each one's whole tree: on Windows a python.exe's own workers would otherwise outlive it.
  for (const pid of adopted.keys()) ctx.platform.stopTree(pid, 'force', false)
  const deadline = Date.now() + 2000
  for (const pid of adopted.keys()) {
    while (!isGone(ctx.platform, pid) && Date.now() < deadline) await delay(20)
    ctx.exited(pid, null, 'SIGKILL')
  }
}

/** What a lab thread is doing, as a message (core.thread.*): the lock it waits for, the thread it joins. */
export function stateMsg(t: HostThread, threads: readonly HostThread[], locks: readonly HostLock[]): Msg {
  switch (t.state) {
    case 'waiting':
      return coreMsg('thread.waiting', { lock: locks[t.arg]?.name ?? t.arg })
    case 'joining': {
      const name = threads[t.arg]?.name
      return name ? coreMsg('thread.joining', { thread: name }) : coreMsg('thread.joiningAny')
    }
    case 'blocked-io':
      return coreMsg('thread.blockedIo')
    default:
      return coreMsg(`thread.${t.state}`)
  }
}

function toLabThreads(raw: readonly HostThread[], locks: readonly HostLock[], prev: readonly LabThread[]): LabThread[] {
  const cpuBySlot = new Map(prev.map((t, i) => [i, t.cpu]))
  return raw.map((t) => ({
    pid: t.pid,
    tid: t.tid,
    name: t.name,
    state: stateMsg(t, raw, locks),
    since: t.since,
    progress: t.progress,
    cpu: cpuBySlot.get(t.slot),
  }))
}

/**
 * CPU seconds used so far by a set of processes (threads that ended included),
 * as the OS counts them; null where the platform cannot read one process on its
 * own (macOS), so nothing is concluded from a figure that was not measured.
 */
export function cpuSeconds(platform: Platform, pids: readonly number[]): number | null {
  let seconds = 0
  for (const pid of pids) {
    const s = platform.processCpuSeconds(pid)
    if (s === undefined) return null
    seconds += s
  }
  return seconds
}

export const round1 = (n: number): number => Math.round(n * 10) / 10

/** A number option, typed (the core has checked it against the declared bounds). */
export const num = (o: ScenarioOptions, key: string): number => o[key] as number
export const str = (o: ScenarioOptions, key: string): string => o[key] as string

/**
 * The lab threads of running runs that live in `pid`, by tid: how the
 * sampler's thread list (the OS's view, with CPU) learns that tid 4242 is
 * "Thread-2, waiting for lock A".
 */
export function threadLabels(runs: readonly RunInfo[], pid: number): ReadonlyMap<number, { name: string; state: Msg }> {
  const out = new Map<number, { name: string; state: Msg }>()
  for (const run of runs) {
    const r = threadRunOf(run)
    if (!r?.live || r.endedAt) continue
    for (const t of r.live.threads) if (t.pid === pid && t.tid > 0) out.set(t.tid, { name: t.name, state: t.state })
  }
  return out
}
