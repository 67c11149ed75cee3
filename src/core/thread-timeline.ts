// The thread timeline: while someone watches a process, every thread's
// scheduling state is sampled about 25 times a second (often enough to see a
// 50 ms wait) and kept for a minute as run-lengths. It reads ONE process (or a
// few, one per watching dashboard), never the machine: the sampler's own
// passes and overhead are untouched, and it stops by itself once nobody has
// asked for IDLE_MS. What the OS can tell comes through the platform door
// (platform/thread-states.ts); this file only keeps time.
import type { ThreadTimeline, TimelineSegment, TimelineState } from '../shared/thread-timeline'
import { TIMELINE_MAX_SECONDS } from '../shared/thread-timeline'
import { coreMsg } from '../shared/i18n/core'
import { LabError } from './errors'
import type { Platform } from './platform'
import type { ThreadStateReader, ThreadStateReading } from './platform/thread-states'

/** 25 Hz: a 50 ms wait spans at least one sample. */
export const TIMELINE_INTERVAL_MS = 40
/** Slowest sampling, for a process with so many threads that one read costs more than its budget. */
const MAX_INTERVAL_MS = 500
/** A read may take at most this share of the time between reads; past it the interval grows. */
const BUDGET = 0.1
/** Nobody asked for this long: the process is no longer sampled (the dashboard asks every second). */
export const IDLE_MS = 10_000
/** Processes sampled at once (each watching dashboard asks for the one it shows). */
const MAX_WATCHED = 4
/** Rows returned at most (the busiest rows of the Threads tab are 200 too). */
const MAX_ROWS = 200
/** Segments returned at most; past it, runs shorter than a pixel of a minute-wide row are merged. */
const MAX_SEGMENTS = 20_000

interface Row {
  name: string
  segments: { from: number; to: number; state: TimelineState }[]
  runNs?: number
  waitNs?: number
}

interface Watch {
  readonly pid: number
  readonly reader: ThreadStateReader
  readonly rows: Map<number, Row>
  askedAt: number
  lastAt: number
  intervalMs: number
  timer?: ReturnType<typeof setTimeout>
  /** Set once the process has ended: its rows are kept, nothing more is read. */
  ended: boolean
}

export interface ThreadTimelinesOptions {
  readonly intervalMs?: number
  readonly idleMs?: number
  readonly now?: () => number
}

export class ThreadTimelines {
  private readonly watches = new Map<number, Watch>()
  private readonly intervalMs: number
  private readonly idleMs: number
  private readonly now: () => number

  constructor(
    private readonly platform: Platform,
    opts: ThreadTimelinesOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? TIMELINE_INTERVAL_MS
    this.idleMs = opts.idleMs ?? IDLE_MS
    this.now = opts.now ?? Date.now
  }

  /** Pids sampled now (tests, the bench). */
  get watched(): number[] {
    return [...this.watches.values()].filter((w) => !w.ended).map((w) => w.pid)
  }

  /**
   * The last `seconds` of every thread of `pid`. The first ask starts sampling
   * it (the answer then holds one sample); asking again keeps it going.
   */
  get(pid: number, seconds = TIMELINE_MAX_SECONDS): ThreadTimeline {
    const why = this.platform.info.timelineWhy
    if (why) throw new LabError('ENOENT', why)
    let w = this.watches.get(pid)
    if (!w) w = this.watch(pid)
    w.askedAt = this.now()
    const to = w.ended ? w.lastAt : this.now()
    const from = to - Math.min(seconds, TIMELINE_MAX_SECONDS) * 1000
    return { pid, from, to, intervalMs: w.intervalMs, threads: rowsOf(w, from, to) }
  }

  private watch(pid: number): Watch {
    const reader = this.platform.threadStates(pid)
    if (!reader) {
      const why = this.platform.info.timelineWhy
      throw why ? new LabError('ENOENT', why) : new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
    }
    if (this.watches.size >= MAX_WATCHED) {
      // The one asked for least recently makes room.
      const oldest = [...this.watches.values()].sort((a, b) => a.askedAt - b.askedAt)[0]
      this.unwatch(oldest)
    }
    const w: Watch = {
      pid,
      reader,
      rows: new Map(),
      askedAt: this.now(),
      lastAt: this.now(),
      intervalMs: this.intervalMs,
      ended: false,
    }
    this.watches.set(pid, w)
    this.sample(w)
    if (w.ended && w.rows.size === 0) {
      this.watches.delete(pid)
      throw new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
    }
    return w
  }

  private schedule(w: Watch): void {
    // A chain of timeouts, not an interval: samples never overlap, and a slow one pushes the next.
    w.timer = setTimeout(() => {
      w.timer = undefined
      if (this.now() - w.askedAt > this.idleMs) return this.unwatch(w)
      this.sample(w)
    }, w.intervalMs)
    w.timer.unref?.()
  }

  private sample(w: Watch): void {
    // CPU time, not wall time: on a busy machine a read is often preempted, which costs nothing.
    const started = process.cpuUsage()
    const readings = w.reader.read()
    const now = this.now()
    if (readings === null) {
      w.ended = true
      w.reader.close()
      // The ended process's rows stay for the dashboard until nobody asks.
      w.timer = setTimeout(() => this.watches.get(w.pid) === w && this.watches.delete(w.pid), this.idleMs)
      w.timer.unref?.()
      return
    }
    for (const r of readings) this.add(w, r, now)
    w.lastAt = now
    trim(w, now - TIMELINE_MAX_SECONDS * 1000)
    // Reading 100 threads costs about 2 ms of CPU; a process with thousands is read less often.
    const used = process.cpuUsage(started)
    const took = (used.user + used.system) / 1000
    w.intervalMs = Math.min(MAX_INTERVAL_MS, Math.max(this.intervalMs, Math.ceil(took / BUDGET)))
    this.schedule(w)
  }

  private add(w: Watch, r: ThreadStateReading, now: number): void {
    let row = w.rows.get(r.tid)
    if (!row) {
      row = { name: r.name, segments: [] }
      w.rows.set(r.tid, row)
    }
    row.name = r.name
    let state = r.state
    // R is "on a CPU or waiting for one": over the interval, more time queued than run is runnable.
    if (state === 'running' && r.runNs !== undefined && r.waitNs !== undefined && row.runNs !== undefined) {
      const ran = r.runNs - row.runNs
      const waited = r.waitNs - (row.waitNs ?? r.waitNs)
      if (waited > ran) state = 'runnable'
    }
    row.runNs = r.runNs
    row.waitNs = r.waitNs
    const last = row.segments[row.segments.length - 1]
    // A state seen at two samples in a row is taken to have lasted between them.
    if (last && last.state === state && now - last.to <= 3 * w.intervalMs + 100) last.to = now
    else if (last && now - last.to <= 3 * w.intervalMs + 100) row.segments.push({ from: last.to, to: now, state })
    else row.segments.push({ from: now, to: now, state })
  }

  private unwatch(w: Watch): void {
    clearTimeout(w.timer)
    w.reader.close()
    if (this.watches.get(w.pid) === w) this.watches.delete(w.pid)
  }

  close(): void {
    for (const w of [...this.watches.values()]) this.unwatch(w)
  }
}

function trim(w: Watch, before: number): void {
  for (const [tid, row] of w.rows) {
    let drop = 0
    while (drop < row.segments.length && row.segments[drop].to < before) drop++
    if (drop) row.segments.splice(0, drop)
    if (row.segments.length === 0) w.rows.delete(tid)
    else if (row.segments[0].from < before) row.segments[0].from = before
  }
}

function rowsOf(w: Watch, from: number, to: number): ThreadTimeline['threads'] {
  const rows = [...w.rows.entries()]
    // The main thread first, then by thread id (the order threads were made).
    .sort(([a], [b]) => (a === w.pid ? -1 : b === w.pid ? 1 : a - b))
    .slice(0, MAX_ROWS)
    .map(([tid, row]) => ({
      tid,
      name: row.name,
      segments: row.segments
        .filter((s) => s.to >= from && s.from <= to)
        .map((s) => ({ from: Math.max(s.from, from), to: Math.min(s.to, to), state: s.state })),
    }))
    .filter((r) => r.segments.length > 0)
  const total = rows.reduce((n, r) => n + r.segments.length, 0)
  if (total <= MAX_SEGMENTS) return rows
  // A reply of megabytes would outweigh what a row of a few hundred pixels can show.
  const minMs = (to - from) / 1000
  return rows.map((r) => ({ ...r, segments: merged(r.segments, minMs) }))
}

/** Runs shorter than minMs folded into the run before them. */
export function merged(segments: readonly TimelineSegment[], minMs: number): TimelineSegment[] {
  const out: { from: number; to: number; state: TimelineState }[] = []
  for (const s of segments) {
    const last = out[out.length - 1]
    if (last && (s.to - s.from < minMs || last.state === s.state)) last.to = s.to
    else out.push({ ...s })
  }
  return out
}
