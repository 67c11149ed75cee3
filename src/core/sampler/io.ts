// Disk I/O rates: per process, and the machine's disk and network throughput,
// from the counters the platform reads (Platform.processIo / machineIo; Linux:
// /proc/<pid>/io, /proc/diskstats and /proc/net/dev, parsed here).
//
// Per process, read_bytes / write_bytes are what reached (or will reach) the
// storage layer, the figures iotop and htop's DISK READ/WRITE columns show;
// rchar/wchar would also count reads served from the page cache and pipes.
// /proc/<pid>/io of another user's process cannot be opened without
// privileges: that is "not permitted", never 0.
import type { Throughput } from '../../shared/model'

export interface IoCounters {
  readonly read: number
  readonly write: number
}

/** One process's counters; 'denied' when it is another user's; null when it has gone. */
export type IoReading = IoCounters | 'denied' | null

/** The machine's disk and network byte counters so far (either may be unreadable). */
export interface MachineIo {
  readonly disk: IoCounters | null
  readonly net: { readonly receive: number; readonly send: number } | null
}

/** Parses /proc/<pid>/io, or null if the fields are missing. */
export function parseIo(text: string): IoCounters | null {
  const r = /^read_bytes:\s*(\d+)/m.exec(text)
  const w = /^write_bytes:\s*(\d+)/m.exec(text)
  const c = /^cancelled_write_bytes:\s*(\d+)/m.exec(text)
  if (!r || !w) return null
  // Bytes dirtied then truncated away never reach the disk: the kernel counts them apart.
  return { read: Number(r[1]), write: Math.max(0, Number(w[1]) - Number(c?.[1] ?? 0)) }
}

/**
 * Turns successive readings of one process's counters into rates. A refusal
 * is remembered: another user's process stays "not permitted" without being
 * asked again every pass.
 */
export class IoMeter {
  private readonly denied = new Set<number>()
  private readonly last = new Map<number, { at: number; c: IoCounters }>()

  constructor(private readonly readIo: (pid: number) => IoReading) {}

  read(pid: number): IoReading {
    if (this.denied.has(pid)) return 'denied'
    const r = this.readIo(pid)
    if (r === 'denied') this.denied.add(pid)
    return r
  }

  /** Bytes per second since the previous reading of this pid; undefined on the first one. */
  rate(pid: number, now: number): { read?: number; write?: number; denied?: true } {
    const r = this.read(pid)
    if (r === 'denied') return { denied: true }
    if (r === null) return {}
    const prev = this.last.get(pid)
    this.last.set(pid, { at: now, c: r })
    if (!prev || now <= prev.at) return {}
    const s = (now - prev.at) / 1000
    return { read: Math.max(0, (r.read - prev.c.read) / s), write: Math.max(0, (r.write - prev.c.write) / s) }
  }

  forget(pid: number): void {
    this.denied.delete(pid)
    this.last.delete(pid)
  }

  close(): void {
    this.denied.clear()
    this.last.clear()
  }
}

/**
 * Whole disks from /proc/diskstats: partitions, loop and RAM devices and
 * device-mapper / md layers are left out, since counting them too would count
 * the same bytes twice (or bytes that never touch a disk).
 */
export function parseDiskstats(text: string, isDisk: (name: string) => boolean): IoCounters {
  let read = 0
  let write = 0
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/)
    if (f.length < 10 || !isDisk(f[2])) continue
    // Fields 6 and 10 (1-based) are sectors read and written; a sector here is always 512 bytes.
    read += Number(f[5]) * 512
    write += Number(f[9]) * 512
  }
  return { read, write }
}

/** Every interface of /proc/net/dev but loopback, whose traffic never leaves the machine. */
export function parseNetDev(text: string): { receive: number; send: number } {
  let receive = 0
  let send = 0
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const name = line.slice(0, colon).trim()
    if (name === 'lo') continue
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
    if (f.length < 9) continue
    receive += Number(f[0])
    send += Number(f[8])
  }
  return { receive, send }
}

/** Machine-wide throughput as rates between two readings. */
export class ThroughputMeter {
  private last: { at: number; disk: IoCounters; net: { receive: number; send: number } } | undefined

  constructor(private readonly readMachine: () => MachineIo | undefined) {}

  read(now: number): Throughput | undefined {
    const m = this.readMachine()
    if (!m || (m.disk === null && m.net === null)) return undefined
    const disk = m.disk ?? { read: 0, write: 0 }
    const net = m.net ?? { receive: 0, send: 0 }
    const prev = this.last
    this.last = { at: now, disk, net }
    if (!prev || now <= prev.at) return { diskRead: 0, diskWrite: 0, netReceive: 0, netSend: 0 }
    const s = (now - prev.at) / 1000
    const rate = (a: number, b: number): number => Math.max(0, (a - b) / s)
    return {
      diskRead: rate(disk.read, prev.disk.read),
      diskWrite: rate(disk.write, prev.disk.write),
      netReceive: rate(net.receive, prev.net.receive),
      netSend: rate(net.send, prev.net.send),
    }
  }
}
