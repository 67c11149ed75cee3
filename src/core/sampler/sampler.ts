// The sampler: one poll at a time (the next is scheduled when the current one
// ends), tiered so that watching a big machine stays cheap:
//   - every tick (min(interval, 500 ms)): per-core load, the pid list, the
//     processes ProcLab started and the selected one, threads of those;
//   - every pass (the interval, 1 s by default): every busy process's CPU and
//     memory, and a third of the idle ones, so each idle process is re-read
//     every three passes; passes never cost more than `budget` of a core.
import { coreMsg } from '../../shared/i18n/core'
import { EventEmitter } from 'node:events'
import type { ProcessDetails, ProcessInfo, ProcessLabel, RunSummary, Snapshot } from '../../shared/model'
import { CpuLoadMeter, machinePercent } from './cpu-load'
import type { ProcessSource } from './sources'
import { hostPlatform, type Platform } from '../platform'
import { ThreadCpuMeter, threadInfos, type ThreadLabel } from './thread-cpu'
import { applyIo, applyReading, infoOf, round1, type Entry } from './entry'
import { IoMeter, ThroughputMeter } from './io'
import { LabError } from '../errors'

export const DEFAULT_INTERVAL_MS = 1000
/** The lab's own processes refresh at least this often (ARCHITECTURE.md, Targets: twice a second). */
export const HOT_INTERVAL_MS = 500
/** Share of one core the passes over the table may use on average. */
export const DEFAULT_BUDGET = 0.008
/** How many passes' costs the pass interval is judged on. */
export const COST_PASSES = 3
/** An idle process (no CPU used since its last reading) is re-read every this many passes. */
export const IDLE_SLICES = 3

export interface SamplerHooks {
  /** Processes ProcLab started, with their labels. Sampled every tick. */
  labels(): ReadonlyMap<number, ProcessLabel>
  runs(): readonly RunSummary[]
  /** What the lab's own threads say they are (name, "waiting for lock B"), by tid: merged into the thread list. */
  threadLabels?(pid: number): ReadonlyMap<number, ThreadLabel>
}

export interface SamplerOptions {
  intervalMs?: number
  budget?: number
  source?: ProcessSource
  /** What differs by OS; the one chosen at startup unless a test passes another. */
  platform?: Platform
}

export class Sampler extends EventEmitter<{ snapshot: [Snapshot]; error: [Error] }> {
  private readonly source: ProcessSource
  readonly platform: Platform
  private readonly meter = new CpuLoadMeter()
  /** Disk I/O per process and the machine's disk and network throughput: read from /proc, so Linux only. */
  private readonly io: IoMeter | undefined
  private readonly throughput: ThroughputMeter | undefined
  private readonly entries = new Map<number, Entry>()
  private readonly threadCpu: ThreadCpuMeter
  private intervalMs: number
  private readonly budget: number
  private timer: NodeJS.Timeout | undefined
  private running = false
  private inFlight: Promise<void> | undefined
  private nextPassAt = 0
  private slice = 0
  private tableIntervalMs: number
  /** CPU ms of the last passes over the table (COST_PASSES of them). */
  private readonly passCosts: number[] = []
  private selected: number | null = null
  private selectedDetails: ProcessDetails | undefined
  private seq = 0
  private latest: Snapshot | undefined

  constructor(
    private readonly hooks: SamplerHooks,
    opts: SamplerOptions = {},
  ) {
    super()
    this.intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS
    this.tableIntervalMs = this.intervalMs * IDLE_SLICES
    this.budget = opts.budget ?? DEFAULT_BUDGET
    this.platform = opts.platform ?? hostPlatform()
    this.source = opts.source ?? this.platform.createSource()
    this.threadCpu = new ThreadCpuMeter(this.platform)
    // Only where the platform counts I/O (Linux): elsewhere the columns say "not available".
    const p = this.platform
    const counts = p.processIo(process.pid) !== undefined
    this.io = counts ? new IoMeter((pid) => p.processIo(pid) ?? null) : undefined
    this.throughput = p.machineIo() !== undefined ? new ThroughputMeter(() => p.machineIo()) : undefined
  }

  /**
   * Ticks come every interval, or every HOT_INTERVAL_MS while ProcLab has
   * processes of its own or a process is selected: only those need the
   * faster refresh, and an idle monitor should cost as little as possible.
   */
  get tickMs(): number {
    const hot = this.selected !== null || this.hooks.labels().size > 0
    return hot ? Math.min(this.intervalMs, HOT_INTERVAL_MS) : this.intervalMs
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.schedule(0)
  }

  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    await this.inFlight
    this.source.close()
    this.io?.close()
  }

  setIntervalMs(ms: number): void {
    this.intervalMs = ms
    this.nextPassAt = 0
    if (this.running && !this.inFlight) this.schedule(0)
  }

  /** Something changed (a child spawned): take the next tick now rather than at the end of a long wait. */
  kick(): void {
    if (this.running && !this.inFlight) this.schedule(0)
  }

  select(pid: number | null): void {
    this.selected = pid
    this.selectedDetails = undefined
    if (this.running && !this.inFlight) this.schedule(0)
  }

  /** The latest snapshot, or a fresh one if none has been taken yet. */
  async snapshot(): Promise<Snapshot> {
    if (this.latest) return this.latest
    await this.sampleNow()
    return this.latest!
  }

  /** Runs one tick now (waiting for one in flight first). */
  async sampleNow(): Promise<Snapshot> {
    if (this.inFlight) await this.inFlight
    clearTimeout(this.timer)
    await this.runTick()
    if (this.running) this.schedule(this.tickMs)
    return this.latest!
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      void this.runTick().finally(() => {
        if (this.running) this.schedule(this.tickMs)
      })
    }, delay)
    this.timer.unref?.()
  }

  private runTick(): Promise<void> {
    // Polls never overlap: a caller arriving mid-poll shares the one in flight.
    this.inFlight ??= this.tick()
      .catch((err: unknown) => {
        this.emit('error', err instanceof Error ? err : new Error(String(err)))
      })
      .finally(() => {
        this.inFlight = undefined
      })
    return this.inFlight
  }

  private async tick(): Promise<void> {
    const now = Date.now()
    const helpers0 = this.source.helperCpuSeconds?.() ?? 0
    const cpus = this.meter.read()
    const alive = new Set(await this.source.listPids())
    for (const pid of this.entries.keys()) if (!alive.has(pid)) this.drop(pid)

    const labels = this.hooks.labels()
    // A pass refreshes every process that is busy, ProcLab's own or selected,
    // plus one slice of the idle ones: an idle process is re-read every
    // IDLE_SLICES passes, a busy one on every pass. A new process is read on
    // every tick until it has a rate: passes stretch out when the table is
    // costly (ps on macOS), and a new busy loop must not read 0 % until then.
    const pass = now >= this.nextPassAt
    if (pass) this.slice = (this.slice + 1) % IDLE_SLICES
    const toRead: number[] = []
    for (const pid of alive) {
      const e = this.entries.get(pid)
      if (
        !e ||
        !e.measured ||
        labels.has(pid) ||
        pid === this.selected ||
        (pass && (e.cpu > 0 || pid % IDLE_SLICES === this.slice))
      )
        toRead.push(pid)
    }
    const cost0 = process.cpuUsage()
    const readings = await this.source.read(toRead)
    for (const [pid, r] of readings) applyReading(this.entries, pid, r, now, (p) => this.source.identify(p))
    // I/O on the same tiers as CPU (busy, ours, selected, or due in its idle
    // slice), and of those only the ones that ran since their last reading:
    // a read or write is a system call, and a process that used no CPU made
    // none. That halves the cost on an idle machine (a /proc/<pid>/io read
    // costs about what the stat read does); bytes moved in between still count,
    // averaged over the longer span, at the next reading.
    if (this.io) {
      for (const pid of readings.keys()) {
        const e = this.entries.get(pid)
        if (e) applyIo(e, this.io, now, labels.has(pid) || pid === this.selected)
      }
    }
    for (const pid of toRead) if (!readings.has(pid)) this.drop(pid)
    if (pass) {
      const c = process.cpuUsage(cost0)
      // What the helpers it ran (ps) cost is ProcLab's cost too.
      const helperMs = ((this.source.helperCpuSeconds?.() ?? 0) - helpers0) * 1000
      this.passCosts.push((c.user + c.system) / 1000 + helperMs)
      if (this.passCosts.length > COST_PASSES) this.passCosts.shift()
      // cpuUsage counts every thread of this process, and whatever else ran while a slow source
      // awaited: one pass can carry a GC or a burst of other work (seen: 28 s "whole table" on a busy
      // machine). The median of the last few is what a pass costs: one outlier moves it not at all,
      // a bigger table within two passes, and, unlike the least, it keeps the budget an average.
      const costMs = [...this.passCosts].sort((a, b) => a - b)[(this.passCosts.length - 1) >> 1]
      // Spend at most `budget` of a core on passes: on a huge machine they stretch out.
      const passMs = Math.max(this.intervalMs, Math.ceil(costMs / this.budget))
      this.tableIntervalMs = passMs * IDLE_SLICES
      this.nextPassAt = now + passMs - this.tickMs / 2
    }

    const processes: ProcessInfo[] = []
    const startedAt = (start: number | undefined): number | undefined => this.platform.startedAt(start, now)
    for (const e of this.entries.values()) processes.push(infoOf(e, labels.get(e.pid), startedAt))

    if (this.selected !== null) this.selectedDetails = this.readDetails(this.selected, labels, now)

    const mem = this.platform.memory()
    const throughput = this.throughput?.read(now)
    this.latest = Object.freeze({
      takenAt: now,
      seq: ++this.seq,
      cpus,
      cpuTotal: machinePercent(cpus),
      memory: { total: mem.total, used: mem.total - mem.available },
      processes,
      runs: this.hooks.runs(),
      sampling: { intervalMs: this.intervalMs, tableIntervalMs: this.tableIntervalMs },
      platform: this.platform.info.os,
      throughput,
      selfPid: process.pid,
      selected: this.selectedDetails,
    })
    this.emit('snapshot', this.latest)
  }

  private drop(pid: number): void {
    this.entries.delete(pid)
    this.source.forget(pid)
    this.io?.forget(pid)
    // A selected process that has ended no longer needs the fast tick.
    if (pid === this.selected) {
      this.selected = null
      this.selectedDetails = undefined
    }
  }

  /** The parent of a pid as the last table read saw it. */
  parentOf(pid: number): number | undefined {
    return this.entries.get(pid)?.ppid
  }

  /** The owner of a pid as the table has it (ps's uid on macOS; Windows gives none). */
  ownerOf(pid: number): { uid: number; user: string } | undefined {
    const id = this.entries.get(pid)?.identity
    return id?.uid === undefined ? undefined : { uid: id.uid, user: id.user ?? String(id.uid) }
  }

  /** Details of one process: identity, and its threads with CPU (Linux). */
  details(pid: number): ProcessDetails {
    const d = this.readDetails(pid, this.hooks.labels(), Date.now())
    if (!d) throw new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
    return d
  }

  private readDetails(pid: number, labels: ReadonlyMap<number, ProcessLabel>, now: number): ProcessDetails | undefined {
    const e = this.entries.get(pid)
    if (!e) return undefined
    const label = labels.get(pid)
    const supported = this.platform.info.threads
    const threads = supported ? threadInfos(this.threadCpu, pid, this.hooks.threadLabels?.(pid)) : []
    const startedAt = this.platform.startedAt(e.start, now)
    return Object.freeze({
      pid,
      ppid: e.ppid,
      name: e.name,
      cmd: e.identity.cmd,
      user: e.identity.user,
      uid: e.identity.uid,
      state: e.state,
      startedAt,
      cpu: round1(e.cpu),
      memory: e.memory,
      threads,
      threadsSupported: supported,
      nice: e.nice,
      runId: label?.runId,
      role: label?.role,
      ownChild: labels.has(pid),
    })
  }
}
