// Restarting scenario workers that die, the way piscina and Erlang/OTP
// supervisors do: a growing delay between restarts (so a worker that keeps
// crashing does not spin), a limit on restarts within a window (OTP's intensity
// and period: past it, restarting is not helping), and never a restart of a
// child that failed at startup (it would fail the same way again).
import { roleMsg } from '../../shared/roles'
import type { ExitInfo } from '../../shared/model'
import { englishOf, LabError } from '../errors'
import { coreMsg } from '../../shared/i18n/core'
import type { Msg } from '../../shared/msg'
import { exitMsg } from '../../shared/exit'
import type { ChildSpec, RunProcesses } from './run-processes'
import type { Started } from './supervisor'

export interface RestartLimits {
  /** Delay before the first restart in a window; each further one doubles it. */
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** Restarts allowed within windowMs; the next death past that is final. */
  readonly maxRestarts: number
  readonly windowMs: number
}

export const DEFAULT_RESTART_LIMITS: RestartLimits = {
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRestarts: 5,
  windowMs: 60_000,
}

export type RestartDecision =
  | { readonly restart: true; readonly attempt: number; readonly delayMs: number }
  | {
      readonly restart: false
      /** Why not, in English (for logs and scenario notes); whyMsg is the same as a message. */
      readonly why: string
      readonly whyMsg: Msg
      readonly stopped?: true
    }

const noRestart = (whyMsg: Msg): { restart: false; why: string; whyMsg: Msg } => ({
  restart: false,
  why: englishOf(whyMsg),
  whyMsg,
})

type ExitLike = Pick<ExitInfo, 'reason' | 'code' | 'signal'>

export class RestartPolicy {
  private restarts: number[] = []

  constructor(readonly limits: RestartLimits = DEFAULT_RESTART_LIMITS) {}

  /** Whether, and after how long, to restart a child that has just ended. */
  decide(exit: ExitLike, wasReady: boolean, now = Date.now()): RestartDecision {
    const how = exitMsg(exit.reason, exit.code, exit.signal)
    if (!wasReady) return noRestart(coreMsg('restart.failedAtStartup', { how }))
    if (exit.reason === 'clean-exit') return noRestart(coreMsg('restart.exitedCleanly'))
    const { windowMs, maxRestarts, baseDelayMs, maxDelayMs } = this.limits
    this.restarts = this.restarts.filter((t) => now - t < windowMs)
    if (this.restarts.length >= maxRestarts) {
      return noRestart(
        coreMsg('restart.givingUp', { how, restarts: this.restarts.length, seconds: Math.round(windowMs / 1000) }),
      )
    }
    this.restarts.push(now)
    const attempt = this.restarts.length
    return { restart: true, attempt, delayMs: Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) }
  }
}

export interface KeepOptions {
  readonly run: RunProcesses
  readonly spec: ChildSpec
  readonly policy?: RestartPolicy
  /** Recognises the message a child sends once it is ready; by default {type: 'ready'}. */
  readonly isReady?: (m: unknown) => boolean
  /** A child not ready by then has failed at startup: it is stopped and not restarted. */
  readonly readyTimeoutMs?: number
  /** Each start and restart, before the child is ready (attach message handlers here). */
  readonly onStart?: (s: Started) => void
  readonly onReady?: (s: Started) => void
  readonly onExit?: (exit: ExitInfo, decision: RestartDecision, s: Started) => void
  /** The child could not be launched at all (e.g. the file is missing). Never retried. */
  readonly onLaunchError?: (err: Error) => void
}

const isReadyMessage = (m: unknown): boolean => (m as { type?: unknown } | null)?.type === 'ready'

/**
 * One supervised child kept running under a restart policy. Restarts are
 * announced as {type: 'restart'} events in the run's event log.
 */
export class KeptChild {
  current: Started | undefined
  ready = false
  restarts = 0
  private stopped = false
  private timer: NodeJS.Timeout | undefined
  private readonly policy: RestartPolicy

  constructor(private readonly o: KeepOptions) {
    this.policy = o.policy ?? new RestartPolicy()
  }

  get alive(): boolean {
    return this.current !== undefined && !this.stopped
  }

  /** Starts the first child. Rejects if it cannot be launched. */
  start(): Promise<Started> {
    return this.launch()
  }

  /** No more restarts; stops the current child and its tree. */
  async stop(graceMs = 1000): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    const pid = this.current?.pid
    if (pid !== undefined) await this.o.run.stop(pid, graceMs)
  }

  private async launch(): Promise<Started> {
    const { run, spec } = this.o
    let s: Started
    try {
      s = await run.spawn(spec)
    } catch (err) {
      this.current = undefined
      this.o.onLaunchError?.(err as Error)
      throw err
    }
    if (this.stopped) {
      void run.stop(s.pid, 500)
      throw new LabError('EBUSY', coreMsg('error.stoppedWhileStarting'))
    }
    this.current = s
    this.ready = false
    const isReady = this.o.isReady ?? isReadyMessage
    const readyTimer = setTimeout(() => {
      if (!this.ready) {
        run.log(coreMsg('log.notReady', { pid: s.pid, role: roleMsg(spec.role ?? '') }), 'warn')
        void run.stop(s.pid, 500)
      }
    }, this.o.readyTimeoutMs ?? 15_000)
    const onMessage = (m: unknown): void => {
      if (this.ready || !isReady(m)) return
      this.ready = true
      clearTimeout(readyTimer)
      this.o.onReady?.(s)
    }
    s.child.on('message', onMessage)
    this.o.onStart?.(s)
    void s.exited.then((exit) => {
      clearTimeout(readyTimer)
      s.child.off('message', onMessage)
      const decision: RestartDecision = this.stopped
        ? { ...noRestart(coreMsg('restart.stopped')), stopped: true as const }
        : this.policy.decide(exit, this.ready)
      if (this.current === s) this.current = undefined
      this.o.onExit?.(exit, decision, s)
      if (!decision.restart) {
        if (!this.stopped) {
          run.log(
            coreMsg('log.notRestarting', { pid: s.pid, role: roleMsg(spec.role ?? ''), why: decision.whyMsg }),
            'warn',
          )
        }
        return
      }
      this.restarts++
      run.restarted(spec.role ?? 'process', s.pid, decision.attempt, decision.delayMs)
      this.timer = setTimeout(() => {
        if (!this.stopped) this.launch().catch(() => {})
      }, decision.delayMs)
    })
    return s
  }
}
