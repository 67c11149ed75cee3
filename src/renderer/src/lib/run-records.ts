// A scenario run as the lab shows it: its state, its processes, the newest of
// its output and its lifecycle, folded from the core's events. Plain data, not
// reactive: the lab store publishes changes at most ten times a second.
import { markRaw } from 'vue'
import { MAX_RUNS_KEPT, type ExitInfo, type LabEvent, type RunInfo } from '../../../shared/model'
import { exitMsg } from '../../../shared/exit'
import type { Msg } from '../../../shared/msg'
import type { RunLogData } from '../../../shared/run-log'
import { runsMsg } from '../i18n/ui-runs'
import { formatDuration } from './format'

/** How a process ended and after how long ("killed by SIGKILL after 1.2 s"), as a message. */
export const exitAfterMsg = (e: ExitInfo): Msg =>
  runsMsg('exitAfter', { how: exitMsg(e.reason, e.code, e.signal), time: formatDuration(e.runtimeMs) })

/** Output lines kept per run; older ones are dropped (and counted). */
export const MAX_OUTPUT = 2000
const MAX_LIFECYCLE = 400

export interface RunProcess {
  readonly pid: number
  readonly ppid: number
  readonly role: string
  readonly name: string
  /** 0 when unknown (a process found in a snapshot, not seen starting). */
  readonly startedAt: number
  exit?: ExitInfo
}

export interface OutputLine {
  readonly id: number
  readonly at: number
  readonly pid: number
  readonly role: string
  readonly stream: 'stdout' | 'stderr'
  readonly text: string
}

export interface LifecycleItem {
  readonly id: number
  readonly at: number
  readonly kind: 'spawn' | 'exit' | 'restart' | 'status' | 'info' | 'warn' | 'error'
  readonly pid?: number
  readonly role?: string
  /** A message rendered in the dashboard's language when shown (plain text only from code not yet moved to messages). */
  readonly text: Msg | string
  /** Something went wrong here: a crash, a kill, an error. */
  readonly bad?: boolean
}

export interface RunRecord {
  info: RunInfo
  readonly processes: Map<number, RunProcess>
  output: OutputLine[]
  droppedOutput: number
  lifecycle: LifecycleItem[]
  /** Known from the core's list only: the page did not watch it and the core had no record of what it did. */
  incomplete?: boolean
}

/** The runs of the page, newest kept, fed by the core's events. */
export class RunRecords {
  readonly records = new Map<string, RunRecord>()
  private nextId = 1

  /** `onDrop` hears of a run pruned from the page (the store forgets a selection of it). */
  constructor(private readonly onDrop: (runId: string) => void) {}

  clear(): void {
    this.records.clear()
  }

  record(runId: string, info?: RunInfo): RunRecord | undefined {
    let r = this.records.get(runId)
    if (!r && info) {
      r = markRaw({ info, processes: new Map(), output: [], droppedOutput: 0, lifecycle: [] })
      this.records.set(runId, r)
      this.prune()
    }
    return r
  }

  /** Keeps the newest ended runs, as the core does; a long class must not grow the page without bound. */
  private prune(): void {
    const ended = [...this.records.values()]
      .filter((r) => r.info.endedAt)
      .sort((a, b) => a.info.startedAt - b.info.startedAt)
    for (const r of ended.slice(0, Math.max(0, this.records.size - MAX_RUNS_KEPT))) {
      this.records.delete(r.info.runId)
      this.onDrop(r.info.runId)
    }
  }

  private life(r: RunRecord, item: Omit<LifecycleItem, 'id'>): void {
    r.lifecycle.push({ id: this.nextId++, ...item })
    if (r.lifecycle.length > MAX_LIFECYCLE) r.lifecycle.splice(0, r.lifecycle.length - MAX_LIFECYCLE)
  }

  /**
   * Rebuilds a run the page did not watch (a reload, "Back to live") from the record the core kept:
   * the same lifecycle and output it would have folded from the events, then the run as it is now.
   */
  restore(info: RunInfo, log: RunLogData): void {
    const r = this.record(info.runId, info)
    if (!r) return
    r.processes.clear()
    r.lifecycle = []
    r.output = []
    for (const e of log.events) {
      if (e.type !== 'status') {
        this.receive(e)
        continue
      }
      const why = e.errorMsg ?? e.error
      const status = runsMsg(`status.${e.status}`)
      this.life(r, {
        at: e.at,
        kind: e.status === 'failed' ? 'error' : 'status',
        text: why ? runsMsg('lifecycle.runWhy', { status, why }) : runsMsg('lifecycle.run', { status }),
      })
    }
    // The core's list is whole (the lifecycle may have lost its oldest spawns) and in the order they started.
    r.processes.clear()
    for (const p of log.processes) r.processes.set(p.pid, { ...p })
    r.output = log.lines.map((l) => ({ id: this.nextId++, ...l }))
    r.droppedOutput = log.droppedLines
    r.incomplete = false
    r.info = info
  }

  /** Folds one event in; false when it concerns no run of the page. */
  receive(e: LabEvent): boolean {
    switch (e.type) {
      case 'run': {
        const known = this.records.get(e.run.runId)
        const r = this.record(e.run.runId, e.run)!
        if (!known || known.info.status !== e.run.status) {
          const status = runsMsg(`status.${e.run.status}`)
          const why = e.run.errorMsg ?? e.run.error
          this.life(r, {
            at: e.at,
            kind: e.run.status === 'failed' ? 'error' : 'status',
            text: why ? runsMsg('lifecycle.runWhy', { status, why }) : runsMsg('lifecycle.run', { status }),
          })
        }
        r.info = e.run
        break
      }
      case 'spawn': {
        const r = e.runId ? this.records.get(e.runId) : undefined
        if (!r) return false
        r.processes.set(e.pid, { pid: e.pid, ppid: e.ppid, role: e.role ?? '', name: e.name, startedAt: e.at })
        this.life(r, {
          at: e.at,
          kind: 'spawn',
          pid: e.pid,
          role: e.role,
          text: runsMsg('lifecycle.started', { name: e.name, ppid: e.ppid }),
        })
        break
      }
      case 'exit': {
        const r = e.runId ? this.records.get(e.runId) : undefined
        if (!r) return false
        const p = r.processes.get(e.exit.pid)
        if (p) p.exit = e.exit
        this.life(r, {
          at: e.at,
          kind: 'exit',
          pid: e.exit.pid,
          role: e.role,
          text: exitAfterMsg(e.exit),
          bad: e.exit.reason !== 'clean-exit',
        })
        break
      }
      case 'restart': {
        const r = e.runId ? this.records.get(e.runId) : undefined
        if (!r) return false
        this.life(r, {
          at: e.at,
          kind: 'restart',
          pid: e.oldPid,
          role: e.role,
          text: runsMsg('lifecycle.restarting', { attempt: e.attempt, delay: e.delayMs }),
        })
        break
      }
      case 'output': {
        const r = e.runId ? this.records.get(e.runId) : undefined
        if (!r) return false
        for (const text of e.text.split('\n')) {
          r.output.push({ id: this.nextId++, at: e.at, pid: e.pid, role: e.role ?? '', stream: e.stream, text })
        }
        if (r.output.length > MAX_OUTPUT) {
          r.droppedOutput += r.output.length - MAX_OUTPUT
          r.output.splice(0, r.output.length - MAX_OUTPUT)
        }
        break
      }
      case 'log': {
        const r = e.runId ? this.records.get(e.runId) : undefined
        if (!r) return false
        this.life(r, { at: e.at, kind: e.level, text: e.text })
        break
      }
      default:
        return false
    }
    return true
  }
}
