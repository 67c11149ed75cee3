// The Linux process source: /proc read directly, one cached descriptor per
// process (one pread per process per pass; see sampler/sources.ts for what it
// costs against ps).
import fs from 'node:fs'
import {
  clockTicks,
  listPids,
  pageSize,
  readCmdline,
  readMemoryParts,
  readOwner,
  readStat,
  swapInUse,
  userName,
} from './procfs'
import { parseStat, type StatLine } from '../../shared/procfs-parse'
import type { Identity, ProcessSource, Reading } from '../sampler/sources'

const MAX_CACHED_FDS = 8192

export class ProcfsSource implements ProcessSource {
  private readonly fds = new Map<number, number>()
  private readonly buf = Buffer.alloc(4096)
  private readonly tick = clockTicks()

  async listPids(): Promise<number[]> {
    return listPids()
  }

  async read(pids: readonly number[]): Promise<Map<number, Reading>> {
    const out = new Map<number, Reading>()
    const swapped = swapInUse()
    for (const pid of pids) {
      const stat = this.readOne(pid)
      if (stat) out.set(pid, this.toReading(stat, swapped))
    }
    return out
  }

  private readOne(pid: number): StatLine | null {
    let fd = this.fds.get(pid)
    if (fd === undefined) {
      if (this.fds.size >= MAX_CACHED_FDS) return readStat(pid)
      try {
        fd = fs.openSync(`/proc/${pid}/stat`, 'r')
      } catch (err) {
        // Out of descriptors is our limit, not the process's end: read it the slow way.
        const code = (err as NodeJS.ErrnoException).code
        return code === 'EMFILE' || code === 'ENFILE' ? readStat(pid) : null
      }
      this.fds.set(pid, fd)
    }
    try {
      const n = fs.readSync(fd, this.buf, 0, this.buf.length, 0)
      return parseStat(this.buf.toString('latin1', 0, n), pageSize())
    } catch {
      // ESRCH: the process behind this descriptor has exited. If its pid is
      // reused later, a fresh descriptor is opened for the new process.
      fs.closeSync(fd)
      this.fds.delete(pid)
      return null
    }
  }

  private toReading(s: StatLine, swapped: boolean): Reading {
    // One more small read per process (statm; status too while anything is in swap): the sampler
    // reads only the busy processes and a third of the idle ones per pass, within its budget.
    const m = readMemoryParts(s.pid, swapped)
    return {
      virtual: m?.virtual,
      shared: m?.shared,
      swap: m?.swap,
      pid: s.pid,
      ppid: s.ppid,
      name: s.name,
      state: s.state,
      threads: s.threads,
      nice: s.nice,
      memory: s.rssBytes,
      cpuSeconds: s.ticks / this.tick,
      start: s.start,
    }
  }

  forget(pid: number): void {
    const fd = this.fds.get(pid)
    if (fd === undefined) return
    fs.closeSync(fd)
    this.fds.delete(pid)
  }

  identify(pid: number): Identity {
    const uid = readOwner(pid)
    return { cmd: readCmdline(pid), uid, user: userName(uid) }
  }

  close(): void {
    for (const fd of this.fds.values()) fs.closeSync(fd)
    this.fds.clear()
  }
}
