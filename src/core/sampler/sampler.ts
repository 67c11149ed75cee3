// The sampler: one poll at a time (the next is scheduled when the current one
// ends), tiered so that watching a big machine stays cheap:
//   - every tick (min(interval, 500 ms)): per-core load, the pid list, the
//     processes ProcLab started and the selected one, threads of those;
//   - every pass (the interval, 1 s by default): every busy process's CPU and
//     memory, and a third of the idle ones, so each idle process is re-read
//     every three passes; passes never cost more than `budget` of a core.
import { EventEmitter } from 'node:events'
import type { ProcessDetails, ProcessInfo, ProcessLabel, RunSummary, Snapshot, ThreadInfo, ThreadState } from '../../shared/model'
import { CpuLoadMeter, machinePercent } from './cpu-load'
import type { Identity, ProcessSource, Reading } from './sources'
import { platform as currentPlatform, type Platform } from '../platform'
import { ThreadCpuMeter } from './thread-cpu'
import { IoMeter, ThroughputMeter } from './io'
import { LabError } from '../errors'

export const DEFAULT_INTERVAL_MS = 1000
/** The lab's own processes refresh at least this often (ARCHITECTURE.md, Targets: twice a second). */
export const HOT_INTERVAL_MS = 500
/** Share of one core the passes over the table may use on average. */
export const DEFAULT_BUDGET = 0.008
/** An idle process (no CPU used since its last reading) is re-read every this many passes. */
export const IDLE_SLICES = 3

export interface SamplerHooks {
  /** Processes ProcLab started, with their labels. Sampled every tick. */
  labels(): ReadonlyMap<number, ProcessLabel>
  runs(): readonly RunSummary[]
  /** What the lab's own threads say they are (name, "waiting for lock B"), by tid: merged into the thread list. */
  threadLabels?(pid: number): ReadonlyMap<number, ThreadLabel>
}

export interface ThreadLabel {
  readonly name: string
  readonly state: string
}

export interface SamplerOptions {
  intervalMs?: number
  budget?: number
  source?: ProcessSource
  /** What differs by OS; the one chosen at startup unless a test passes another. */
  platform?: Platform
}

interface Entry {
  pid: number
  ppid: number
  name: string
  identity: Identity
  cpu: number
  memory: number
  threads?: number
  cpuSeconds?: number
  start?: number
  state?: ThreadState
  nice?: number
  ioRead?: number
  ioWrite?: number
  ioDenied?: boolean
  /** Its CPU time moved since the reading before: it ran, so it may have done I/O. */
  ran?: boolean
  /** /proc/<pid>/io has been read at least once. */
  ioSeen?: boolean
  /** Read at least twice, so its CPU is a real rate over an interval (not a first, baseline reading). */
  measured?: boolean
  readAt: number
  info?: ProcessInfo
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
    this.platform = opts.platform ?? currentPlatform()
    this.source = opts.source ?? this.platform.createSource()
    this.threadCpu = new ThreadCpuMeter(this.platform)
    const procfs = this.platform.info.os === 'linux'
    this.io = procfs ? new IoMeter() : undefined
    this.throughput = procfs ? new ThroughputMeter() : undefined
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
      if (!e || !e.measured || labels.has(pid) || pid === this.selected || (pass && (e.cpu > 0 || pid % IDLE_SLICES === this.slice))) toRead.push(pid)
    }
    const cost0 = process.cpuUsage()
    const readings = await this.source.read(toRead)
    for (const [pid, r] of readings) this.update(pid, r, now)
    // I/O on the same tiers as CPU (busy, ours, selected, or due in its idle
    // slice), and of those only the ones that ran since their last reading:
    // a read or write is a system call, and a process that used no CPU made
    // none. That halves the cost on an idle machine (a /proc/<pid>/io read
    // costs about what the stat read does); bytes moved in between still count,
    // averaged over the longer span, at the next reading.
    if (this.io) for (const pid of readings.keys()) this.updateIo(pid, now, labels.has(pid) || pid === this.selected)
    for (const pid of toRead) if (!readings.has(pid)) this.drop(pid)
    if (pass) {
      const c = process.cpuUsage(cost0)
      // What the helpers it ran (ps) cost is ProcLab's cost too.
      const helperMs = ((this.source.helperCpuSeconds?.() ?? 0) - helpers0) * 1000
      const costMs = (c.user + c.system) / 1000 + helperMs
      // Spend at most `budget` of a core on passes: on a huge machine they stretch out.
      const passMs = Math.max(this.intervalMs, Math.ceil(costMs / this.budget))
      this.tableIntervalMs = passMs * IDLE_SLICES
      this.nextPassAt = now + passMs - this.tickMs / 2
    }

    const processes: ProcessInfo[] = []
    for (const e of this.entries.values()) processes.push(this.info(e, labels.get(e.pid)))

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

  private update(pid: number, r: Reading, tickAt: number): void {
    // A slow helper (ps) read the numbers later than the tick began: rates use the reading's own time.
    const now = r.at ?? tickAt
    let e = this.entries.get(pid)
    if (!e || e.start !== r.start) {
      // A new pid, or a reused one (another start time): identity is read once, not on every pass.
      e = { pid, ppid: r.ppid, name: r.name, identity: this.source.identify(pid), cpu: 0, memory: r.memory, start: r.start, readAt: now }
      this.entries.set(pid, e)
    } else {
      if (r.cpuSeconds !== undefined && e.cpuSeconds !== undefined && now > e.readAt) {
        e.cpu = Math.max(0, ((r.cpuSeconds - e.cpuSeconds) / ((now - e.readAt) / 1000)) * 100)
      }
      e.measured = true
    }
    if (r.cpuPercent !== undefined) {
      e.cpu = r.cpuPercent
    }
    // A new name means exec(): the command line seen between fork and exec was the parent's.
    if (e.name !== r.name) {
      e.identity = this.source.identify(pid)
      e.info = undefined
    }
    // Most processes are idle: keep their ProcessInfo object when nothing shown changed.
    if (
      e.info &&
      (e.info.cpu !== round1(e.cpu) ||
        e.info.memory !== r.memory ||
        e.info.threads !== r.threads ||
        e.info.name !== r.name ||
        e.info.ppid !== r.ppid ||
        e.info.state !== r.state ||
        e.info.nice !== r.nice)
    ) {
      e.info = undefined
    }
    e.name = r.name
    e.ppid = r.ppid
    e.memory = r.memory
    e.threads = r.threads
    e.state = r.state
    e.nice = r.nice
    e.ran = r.cpuSeconds === undefined || r.cpuSeconds !== e.cpuSeconds
    e.cpuSeconds = r.cpuSeconds
    e.readAt = now
  }

  private updateIo(pid: number, now: number, always: boolean): void {
    const e = this.entries.get(pid)
    if (!e) return
    if (!always && e.ioSeen && !e.ran && !e.ioDenied) {
      // It did not run since the last reading, so it moved no bytes: 0, not "unknown".
      if (e.ioRead !== 0 || e.ioWrite !== 0) {
        e.ioRead = e.ioWrite = 0
        e.info = undefined
      }
      return
    }
    e.ioSeen = true
    const r = this.io!.rate(pid, now)
    const read = r.read === undefined ? e.ioRead : Math.round(r.read)
    const write = r.write === undefined ? e.ioWrite : Math.round(r.write)
    if (read !== e.ioRead || write !== e.ioWrite || (r.denied ?? false) !== (e.ioDenied ?? false)) e.info = undefined
    e.ioRead = read
    e.ioWrite = write
    e.ioDenied = r.denied
  }

  private info(e: Entry, label: ProcessLabel | undefined): ProcessInfo {
    if (e.info && e.info.runId === label?.runId && e.info.role === label?.role) return e.info
    e.info = Object.freeze({
      pid: e.pid,
      ppid: e.ppid,
      name: e.name,
      cmd: e.identity.cmd,
      cpu: round1(e.cpu),
      memory: e.memory,
      threads: e.threads,
      uid: e.identity.uid,
      user: e.identity.user,
      state: e.state,
      nice: e.nice,
      startedAt: this.platform.startedAt(e.start, Date.now()),
      ioRead: e.ioRead,
      ioWrite: e.ioWrite,
      ioDenied: e.ioDenied || undefined,
      runId: label?.runId,
      role: label?.role,
    })
    return e.info
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
    if (!d) throw new LabError('ESRCH', `No process with pid ${pid} (it may have exited already)`)
    return d
  }

  private readDetails(pid: number, labels: ReadonlyMap<number, ProcessLabel>, now: number): ProcessDetails | undefined {
    const e = this.entries.get(pid)
    if (!e) return undefined
    const label = labels.get(pid)
    const supported = this.platform.info.threads
    const threads = supported ? this.readThreadCpu(pid, this.hooks.threadLabels?.(pid)) : []
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

  /** Threads with CPU % from the change in their tick counts since the last read. */
  readThreadCpu(pid: number, lab?: ReadonlyMap<number, ThreadLabel>): ThreadInfo[] {
    const seen = new Set<number>()
    const out = this.threadCpu.read(pid).map(({ thread: t, cpu }) => {
      seen.add(t.tid)
      return {
        tid: t.tid,
        name: t.name,
        state: t.state,
        cpu: cpu ?? 0,
        voluntarySwitches: t.voluntary,
        involuntarySwitches: t.involuntary,
        ...labelOf(lab, t.tid),
      }
    })
    this.threadCpu.forgetExcept(seen)
    return out
  }

}

function labelOf(lab: ReadonlyMap<number, ThreadLabel> | undefined, tid: number): Pick<ThreadInfo, 'labName' | 'labState'> {
  const l = lab?.get(tid)
  return l ? { labName: l.name, labState: l.state } : {}
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}
