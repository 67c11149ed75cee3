// What the sampler keeps of each process between passes, and how a reading
// updates it: CPU as a rate over the time between two readings, identity read
// once per process (again after exec), and one frozen ProcessInfo kept for as
// long as nothing shown changed, so an idle process costs no new object.
import type { ProcessInfo, ProcessLabel, ThreadState } from '../../shared/model'
import type { IoMeter } from './io'
import type { Identity, Reading } from './sources'

export interface Entry {
  pid: number
  ppid: number
  name: string
  identity: Identity
  cpu: number
  memory: number
  virtual?: number
  shared?: number
  swap?: number
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

export function applyReading(
  entries: Map<number, Entry>,
  pid: number,
  r: Reading,
  tickAt: number,
  identify: (pid: number) => Identity,
): void {
  // A slow helper (ps) read the numbers later than the tick began: rates use the reading's own time.
  const now = r.at ?? tickAt
  let e = entries.get(pid)
  if (!e || e.start !== r.start) {
    // A new pid, or a reused one (another start time): identity is read once, not on every pass.
    e = {
      pid,
      ppid: r.ppid,
      name: r.name,
      identity: identify(pid),
      cpu: 0,
      memory: r.memory,
      start: r.start,
      readAt: now,
    }
    entries.set(pid, e)
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
    e.identity = identify(pid)
    e.info = undefined
  }
  // Most processes are idle: keep their ProcessInfo object when nothing shown changed.
  if (
    e.info &&
    (e.info.cpu !== round1(e.cpu) ||
      e.info.memory !== r.memory ||
      e.info.virtual !== r.virtual ||
      e.info.shared !== r.shared ||
      e.info.swap !== r.swap ||
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
  e.virtual = r.virtual
  e.shared = r.shared
  e.swap = r.swap
  e.threads = r.threads
  e.state = r.state
  e.nice = r.nice
  e.ran = r.cpuSeconds === undefined || r.cpuSeconds !== e.cpuSeconds
  e.cpuSeconds = r.cpuSeconds
  e.readAt = now
}

export function applyIo(e: Entry, io: IoMeter, now: number, always: boolean): void {
  if (!always && e.ioSeen && !e.ran && !e.ioDenied) {
    // It did not run since the last reading, so it moved no bytes: 0, not "unknown".
    if (e.ioRead !== 0 || e.ioWrite !== 0) {
      e.ioRead = e.ioWrite = 0
      e.info = undefined
    }
    return
  }
  e.ioSeen = true
  const r = io.rate(e.pid, now)
  const read = r.read === undefined ? e.ioRead : Math.round(r.read)
  const write = r.write === undefined ? e.ioWrite : Math.round(r.write)
  if (read !== e.ioRead || write !== e.ioWrite || (r.denied ?? false) !== (e.ioDenied ?? false)) e.info = undefined
  e.ioRead = read
  e.ioWrite = write
  e.ioDenied = r.denied
}

export function infoOf(
  e: Entry,
  label: ProcessLabel | undefined,
  startedAt: (start: number | undefined) => number | undefined,
): ProcessInfo {
  if (e.info && e.info.runId === label?.runId && e.info.role === label?.role) return e.info
  e.info = Object.freeze({
    pid: e.pid,
    ppid: e.ppid,
    name: e.name,
    cmd: e.identity.cmd,
    cpu: round1(e.cpu),
    memory: e.memory,
    virtual: e.virtual,
    shared: e.shared,
    swap: e.swap,
    threads: e.threads,
    uid: e.identity.uid,
    user: e.identity.user,
    state: e.state,
    nice: e.nice,
    startedAt: startedAt(e.start),
    ioRead: e.ioRead,
    ioWrite: e.ioWrite,
    ioDenied: e.ioDenied || undefined,
    runId: label?.runId,
    role: label?.role,
  })
  return e.info
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10
}
