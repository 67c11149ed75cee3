// Where process numbers come from. Each platform makes its own source
// (src/core/platform): Linux reads the kernel's process files with cached
// descriptors (platform/procfs-source.ts: one pread per process per pass, about
// 4 ms for 1,000 processes here, against 86 ms for one ps-list call that spawns
// ps twice); macOS gets them from ps-list and pidusage (below), Windows from
// one NtQuerySystemInformation call.
import pidusage from 'pidusage'
import type { ThreadState } from '../../shared/model'

export interface Reading {
  readonly pid: number
  readonly ppid: number
  readonly name: string
  readonly state?: ThreadState
  readonly threads?: number
  readonly nice?: number
  readonly memory: number
  /** VIRT, SHR, SWAP in bytes, where the OS gives them (Linux). */
  readonly virtual?: number
  readonly shared?: number
  readonly swap?: number
  /** CPU seconds used so far (Linux) or a ready-made percent (portable). */
  readonly cpuSeconds?: number
  readonly cpuPercent?: number
  /** When the numbers were read (ms), where that differs from the tick's start (a slow helper). */
  readonly at?: number
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
  /** CPU seconds so far of the helper programs (ps, ...) this source has run. */
  helperCpuSeconds?(): number
  close(): void
}

/** ps-list spawns ps (twice on macOS): the table is re-read at most this often. */
const PORTABLE_TABLE_MS = 3000
/**
 * How far apart ps's and pidusage's start of one process may be. ps's lstart is
 * whole seconds (truncated, < 1 s) counted from a boot time that is itself
 * whole seconds (Linux's btime, < 1 s more); pidusage's start is its reading's
 * timestamp minus an elapsed time read a moment apart (whole seconds of etime
 * on macOS, < 1 s). Measured here: 0.6 to 1.8 s for the same process. Two starts
 * more than this apart are two processes; a pid reused within 3 s of the last
 * table read is caught at the next one, by its name.
 */
export const START_SLACK_MS = 3000

interface TableRow {
  readonly ppid: number
  readonly name: string
  readonly cmd?: string
  readonly uid?: number
  /** ms since 1970, from ps's lstart. */
  readonly start?: number
}

export interface PortableOptions {
  /** A user name for a uid, where the platform has a cheap way to tell. */
  readonly userName?: (uid: number) => string | undefined
  /** CPU seconds of the helpers this process spawned and reaped (ps), so their cost counts as ProcLab's. */
  readonly childCpuSeconds?: () => number | undefined
  /** pidusage itself, or a stand-in with its failures (tests). */
  readonly pidusage?: PidUsage
}

type PidUsage = (pids: number | number[]) => Promise<pidusage.Status | Record<string, pidusage.Status | null>>

/**
 * macOS (and Linux in tests): ps-list for the table, pidusage for CPU and
 * memory. CPU is reported as cumulative seconds (pidusage's ctime) with the
 * time of the reading, so the sampler computes rates on its own clock:
 * pidusage's own percentage divides by whole seconds of ps's etime, which
 * reads 0 % or double at half-second ticks. A process that appears between two
 * table reads shows at the next one; one that ends drops out at once.
 */
export class PortableSource implements ProcessSource {
  private table = new Map<number, TableRow>()
  private listedAt = 0
  private helperSeconds = 0

  constructor(private readonly opts: PortableOptions = {}) {}

  async listPids(): Promise<number[]> {
    if (Date.now() - this.listedAt >= PORTABLE_TABLE_MS) {
      const { default: psList } = await import('ps-list')
      const list = await this.counted(() => psList())
      this.table = new Map(
        list.map((p) => [p.pid, { ppid: p.ppid, name: p.name, cmd: p.cmd, uid: p.uid, start: p.startTime?.getTime() }]),
      )
      this.listedAt = Date.now()
    }
    return [...this.table.keys()]
  }

  async read(pids: readonly number[]): Promise<Map<number, Reading>> {
    const out = new Map<number, Reading>()
    if (pids.length === 0) return out
    const stats = await this.counted(() => usage(this.opts.pidusage ?? (pidusage as PidUsage), pids))
    for (const pid of pids) {
      const s = stats.get(pid)
      if (!s) continue
      let row = this.table.get(pid)
      // The pid was reused since the table was read: this is another process, whose name we do not know yet.
      const begun = s.timestamp - s.elapsed
      if (row?.start !== undefined && Math.abs(begun - row.start) > START_SLACK_MS) {
        // Truncated to the second, as ps's lstart is, so the next table read agrees with it.
        row = { ppid: s.ppid, name: String(pid), start: Math.floor(begun / 1000) * 1000 }
        this.table.set(pid, row)
        this.listedAt = 0 // learn its name at the next tick
      }
      out.set(pid, {
        pid,
        ppid: s.ppid ?? row?.ppid ?? 0,
        name: row?.name ?? String(pid),
        memory: s.memory,
        cpuSeconds: s.ctime / 1000,
        at: s.timestamp,
        start: row?.start,
      })
    }
    return out
  }

  identify(pid: number): Identity {
    const row = this.table.get(pid)
    const uid = row?.uid
    return { cmd: row?.cmd, uid, user: uid === undefined ? undefined : (this.opts.userName?.(uid) ?? String(uid)) }
  }

  forget(pid: number): void {
    // The table must not bring the pid back before its next read.
    this.table.delete(pid)
  }

  helperCpuSeconds(): number {
    return this.helperSeconds
  }

  close(): void {
    pidusage.clear()
  }

  /** Runs a call that spawns helpers, adding what they cost (as the OS counted them) to ours. */
  private async counted<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.opts.childCpuSeconds?.()
    try {
      return await fn()
    } finally {
      const after = this.opts.childCpuSeconds?.()
      if (before !== undefined && after !== undefined && after > before) this.helperSeconds += after - before
    }
  }
}

/**
 * pidusage for many pids at once; if the batch fails (one pid vanished between
 * the table and this read, or ps returned an error for one), each pid is read
 * on its own so one bad pid cannot drop the whole tick.
 */
async function usage(read: PidUsage, pids: readonly number[]): Promise<Map<number, pidusage.Status>> {
  const out = new Map<number, pidusage.Status>()
  try {
    const all = (await read([...pids])) as Record<string, pidusage.Status | null | undefined>
    for (const pid of pids) {
      const s = all[pid]
      if (s) out.set(pid, s)
    }
    return out
  } catch {
    const each = await Promise.allSettled(pids.map((pid) => read(pid)))
    each.forEach((r, i) => {
      if (r.status === 'fulfilled' && r.value) out.set(pids[i], r.value as pidusage.Status)
    })
    return out
  }
}
