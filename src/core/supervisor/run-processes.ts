// The supervisor narrowed to one run: what a scenario (and the bridges and
// restart keeper that work for it) may do with processes. Everything it starts
// is labelled with the run, so the tree, the event log and the stop of the run
// find it; nothing here can touch another run's processes or the supervisor's
// event stream at large.
import type { ExitInfo, LabEvent, OutputStream } from '../../shared/model'
import type { SpawnSpec, Started, Supervisor } from './supervisor'
import type { Msg } from '../../shared/msg'
import type { Platform } from '../platform'

export type ChildSpec = Omit<SpawnSpec, 'runId'>

export interface RunProcesses {
  readonly runId: string
  /** The Lab's door to the OS (the same instance the supervisor and sampler use). */
  readonly platform: Platform
  /** Starts a process of this run, in its own process group, output streamed. */
  spawn(spec: ChildSpec): Promise<Started>
  /** Stops a process and its tree: SIGTERM, then SIGKILL after graceMs. */
  stop(pid: number, graceMs?: number): Promise<ExitInfo | undefined>
  /** A process one of this run's processes started (only its parent can wait for it). */
  adopt(pid: number, role: string, startedAt?: number, origin?: { ppid: number; name: string }): void
  /** Output of an adopted process, relayed by its parent. */
  output(pid: number, stream: OutputStream, text: string): void
  /** An adopted process ended, as its parent saw it (or `reason` where nobody could see). */
  exited(pid: number, code: number | null, signal: string | null, reason?: ExitInfo['reason']): ExitInfo | undefined
  /** Every line this run's processes print; returns the unsubscribe. */
  onOutput(cb: (pid: number, stream: OutputStream, text: string) => void): () => void
  /** A line in the run's event log. */
  /** A note in the run's log: a message (a plain string only from scenarios not yet moved to messages). */
  log(text: Msg | string, level?: 'info' | 'warn' | 'error'): void
  /** Announces a restart the run made itself (e.g. a worker thread). */
  restarted(role: string, oldPid: number, attempt: number, delayMs: number): void
}

export function runProcesses(supervisor: Supervisor, runId: string): RunProcesses {
  return {
    runId,
    platform: supervisor.platform,
    spawn: (spec) => supervisor.start({ ...spec, runId }),
    stop: (pid, graceMs) => supervisor.stop(pid, graceMs),
    adopt: (pid, role, startedAt, origin) => supervisor.adopt(pid, { runId, role }, startedAt, origin),
    output: (pid, stream, text) => supervisor.reportOutput(pid, stream, text),
    exited: (pid, code, signal, reason) => supervisor.recordExit(pid, code, signal, reason),
    onOutput: (cb) => {
      const listener = (e: LabEvent): void => {
        if (e.type === 'output' && e.runId === runId) cb(e.pid, e.stream, e.text)
      }
      supervisor.on('event', listener)
      return () => supervisor.off('event', listener)
    },
    log: (text, level = 'info') => supervisor.emit('event', { type: 'log', at: Date.now(), level, text, runId }),
    restarted: (role, oldPid, attempt, delayMs) =>
      supervisor.emit('event', { type: 'restart', at: Date.now(), runId, role, oldPid, attempt, delayMs }),
  }
}
