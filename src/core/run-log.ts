// What each listed run did, kept by the core so that a page that connects later
// (a reload, "Back to live", a second window) sees the same processes, lifecycle
// and output as the page that watched it live. Folded from the very events the
// core emits; bounded, because a chatty run must not grow the core without end.
import type { LabEvent, RunInfo } from '../shared/model'
import type { RunLogData, RunLogLine, RunLogProcess } from '../shared/run-log'

/** Output lines kept per process and per run; older ones are dropped and counted. */
export const LOG_LINES_PER_PROCESS = 500
export const LOG_LINES_PER_RUN = 2000
/** Lifecycle events (spawn, exit, restart, log, status) kept per run. */
export const LOG_EVENTS_PER_RUN = 400
/** A line longer than this is cut: one megabyte without a newline must not fill the log. */
export const LOG_LINE_CHARS = 4000

type Lifecycle = RunLogData['events'][number]

interface Entry {
  readonly processes: Map<number, RunLogProcess>
  lines: RunLogLine[]
  readonly perPid: Map<number, number>
  droppedLines: number
  events: Lifecycle[]
  droppedEvents: number
  lastStatus?: RunInfo['status']
}

export class RunLog {
  private readonly entries = new Map<string, Entry>()

  /** `listed` says whether the core still lists a run: a record lives exactly as long as its run. */
  constructor(private readonly listed: (runId: string) => boolean) {}

  receive(e: LabEvent): void {
    switch (e.type) {
      case 'run': {
        const r = this.entry(e.run.runId)
        if (r.lastStatus !== e.run.status) {
          r.lastStatus = e.run.status
          // The status change alone: live data and the outcome travel in listRuns().
          this.event(r, {
            type: 'status',
            at: e.at,
            status: e.run.status,
            ...(e.run.error ? { error: e.run.error } : {}),
            ...(e.run.errorMsg ? { errorMsg: e.run.errorMsg } : {}),
          })
        }
        this.prune()
        break
      }
      case 'spawn': {
        if (!e.runId) return
        const r = this.entry(e.runId)
        r.processes.set(e.pid, { pid: e.pid, ppid: e.ppid, role: e.role ?? '', name: e.name, startedAt: e.at })
        this.event(r, e)
        break
      }
      case 'exit': {
        if (!e.runId) return
        const r = this.entry(e.runId)
        const p = r.processes.get(e.exit.pid)
        if (p) r.processes.set(p.pid, { ...p, exit: e.exit })
        this.event(r, e)
        break
      }
      case 'restart':
      case 'log': {
        if (!e.runId) return
        this.event(this.entry(e.runId), e)
        break
      }
      case 'output': {
        if (!e.runId) return
        const r = this.entry(e.runId)
        for (const raw of e.text.split('\n')) {
          const text = raw.length > LOG_LINE_CHARS ? raw.slice(0, LOG_LINE_CHARS) + '…' : raw
          r.lines.push({ at: e.at, pid: e.pid, role: e.role ?? '', stream: e.stream, text })
          r.perPid.set(e.pid, (r.perPid.get(e.pid) ?? 0) + 1)
        }
        this.boundLines(r, e.pid)
        break
      }
      default:
    }
  }

  /** The run's record, or undefined when the core no longer lists it. */
  get(runId: string): RunLogData | undefined {
    if (!this.listed(runId)) return undefined
    const r = this.entries.get(runId)
    return {
      runId,
      processes: r ? [...r.processes.values()] : [],
      events: r ? [...r.events] : [],
      droppedEvents: r?.droppedEvents ?? 0,
      lines: r ? [...r.lines] : [],
      droppedLines: r?.droppedLines ?? 0,
    }
  }

  private entry(runId: string): Entry {
    let r = this.entries.get(runId)
    if (!r) {
      r = { processes: new Map(), lines: [], perPid: new Map(), droppedLines: 0, events: [], droppedEvents: 0 }
      this.entries.set(runId, r)
    }
    return r
  }

  private event(r: Entry, e: Lifecycle): void {
    r.events.push(e)
    if (r.events.length > LOG_EVENTS_PER_RUN) {
      r.droppedEvents += r.events.length - LOG_EVENTS_PER_RUN
      r.events.splice(0, r.events.length - LOG_EVENTS_PER_RUN)
    }
  }

  /** The oldest lines of a process past its share go first, then the run's oldest past the run's cap. */
  private boundLines(r: Entry, pid: number): void {
    let over = (r.perPid.get(pid) ?? 0) - LOG_LINES_PER_PROCESS
    if (over > 0) {
      r.droppedLines += over
      r.perPid.set(pid, LOG_LINES_PER_PROCESS)
      r.lines = r.lines.filter((l) => l.pid !== pid || over-- <= 0)
    }
    const extra = r.lines.length - LOG_LINES_PER_RUN
    if (extra > 0) {
      for (const l of r.lines.slice(0, extra)) r.perPid.set(l.pid, (r.perPid.get(l.pid) ?? 1) - 1)
      r.lines.splice(0, extra)
      r.droppedLines += extra
    }
  }

  /** Forgets the runs the core no longer lists. */
  private prune(): void {
    for (const runId of this.entries.keys()) if (!this.listed(runId)) this.entries.delete(runId)
  }
}
