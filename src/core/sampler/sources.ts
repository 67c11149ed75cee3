// Where process numbers come from. Linux reads /proc directly with cached file
// descriptors (one pread per process per pass: about 4 ms for 1,000 processes
// here, against 86 ms for one ps-list call that spawns ps twice); other
// platforms use ps-list for the table and pidusage for CPU and memory.
import fs from 'node:fs'
import os from 'node:os'
import pidusage from 'pidusage'
import {
  HAS_PROCFS,
  clockTicks,
  listPids,
  parseStat,
  readCmdline,
  readOwner,
  readStat,
  userName,
  type StatLine,
} from './procfs'
import type { ThreadState } from '../../shared/model'

export interface Reading {
  readonly pid: number
  readonly ppid: number
  readonly name: string
  readonly state?: ThreadState
  readonly threads?: number
  readonly nice?: number
  readonly memory: number
  /** CPU seconds used so far (Linux) or a ready-made percent (portable). */
  readonly cpuSeconds?: number
  readonly cpuPercent?: number
  readonly start?: number
}

export interface Identity {
  readonly cmd?: string
  readonly uid?: number
  readonly user?: string
}

export interface ProcessSource {
  /** All pids now alive. Cheap: called every tick. */
  listPids(): Promise<number[]>
  /** Fresh numbers for these pids; a pid that is gone is simply missing from the result. */
  read(pids: readonly number[]): Promise<Map<number, Reading>>
  /** Slow-changing facts, read once per new pid. */
  identify(pid: number): Identity
  /** The pid has gone: let go of anything kept for it. */
  forget(pid: number): void
  close(): void
}

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
    for (const pid of pids) {
      const stat = this.readOne(pid)
      if (stat) out.set(pid, this.toReading(stat))
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
      return parseStat(this.buf.toString('latin1', 0, n))
    } catch {
      // ESRCH: the process behind this descriptor has exited. If its pid is
      // reused later, a fresh descriptor is opened for the new process.
      fs.closeSync(fd)
      this.fds.delete(pid)
      return null
    }
  }

  private toReading(s: StatLine): Reading {
    return {
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

/** ps-list spawns ps (twice on macOS): the table is re-read at most this often. */
const PORTABLE_TABLE_MS = 3000

/**
 * macOS and Windows: ps-list for the table, pidusage for CPU and memory. A
 * process that appears between two table reads shows at the next one; one
 * that ends drops out at once, when pidusage no longer finds it.
 */
export class PortableSource implements ProcessSource {
  private table = new Map<number, { ppid: number; name: string; cmd?: string; uid?: number }>()
  private listedAt = 0

  async listPids(): Promise<number[]> {
    if (Date.now() - this.listedAt >= PORTABLE_TABLE_MS) {
      const { default: psList } = await import('ps-list')
      const list = await psList()
      this.table = new Map(list.map((p) => [p.pid, { ppid: p.ppid, name: p.name, cmd: p.cmd, uid: p.uid }]))
      this.listedAt = Date.now()
    }
    return [...this.table.keys()]
  }

  async read(pids: readonly number[]): Promise<Map<number, Reading>> {
    const out = new Map<number, Reading>()
    if (pids.length === 0) return out
    const stats = await pidusage([...pids]).catch(() => ({}) as Record<string, pidusage.Status>)
    for (const pid of pids) {
      const s = (stats as Record<string, pidusage.Status | undefined>)[pid]
      const row = this.table.get(pid)
      if (!s) continue
      out.set(pid, { pid, ppid: s.ppid ?? row?.ppid ?? 0, name: row?.name ?? String(pid), memory: s.memory, cpuPercent: s.cpu })
    }
    return out
  }

  identify(pid: number): Identity {
    const row = this.table.get(pid)
    return { cmd: row?.cmd, uid: row?.uid, user: row?.uid === undefined ? undefined : String(row.uid) }
  }

  forget(pid: number): void {
    // pidusage expires its own history; the table must not bring the pid back before its next read.
    this.table.delete(pid)
  }

  close(): void {
    pidusage.clear()
  }
}

export function createSource(): ProcessSource {
  return HAS_PROCFS ? new ProcfsSource() : new PortableSource()
}

export const selfUser = (): string => {
  try {
    return os.userInfo().username
  } catch {
    return ''
  }
}
