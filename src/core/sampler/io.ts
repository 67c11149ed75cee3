// Disk I/O: per process from /proc/<pid>/io (Linux), and the machine's disk
// and network throughput from /proc/diskstats and /proc/net/dev.
//
// Per process, read_bytes / write_bytes are what reached (or will reach) the
// storage layer, the figures iotop and htop's DISK READ/WRITE columns show;
// rchar/wchar would also count reads served from the page cache and pipes.
// /proc/<pid>/io of another user's process cannot be opened without
// privileges: that is "not permitted", never 0.
import fs from 'node:fs'
import type { Throughput } from '../../shared/model'

export interface IoCounters {
  readonly read: number
  readonly write: number
}

export type IoReading = IoCounters | 'denied' | null

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
 * Reads /proc/<pid>/io and turns successive readings into rates. No
 * descriptor is kept open: the sampler reads I/O only for processes that ran
 * since their last reading (a few on an idle machine), and a cached
 * descriptor per process would double the sampler's open files.
 */
export class IoMeter {
  private readonly denied = new Set<number>()
  private readonly last = new Map<number, { at: number; c: IoCounters }>()

  read(pid: number): IoReading {
    if (this.denied.has(pid)) return 'denied'
    try {
      return parseIo(fs.readFileSync(`/proc/${pid}/io`, 'latin1'))
    } catch (err) {
      return this.failed(pid, err)
    }
  }

  /** EACCES/EPERM: not ours to read. Anything else: the process has gone. */
  private failed(pid: number, err: unknown): IoReading {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EACCES' && code !== 'EPERM') return null
    this.denied.add(pid)
    return 'denied'
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

const SKIP_DISK = /^(loop|ram|zram|dm-|md|sr|fd)/

function wholeDisks(): Set<string> | undefined {
  try {
    return new Set(fs.readdirSync('/sys/block').filter((n) => !SKIP_DISK.test(n)))
  } catch {
    return undefined
  }
}

function readText(path: string): string | null {
  try {
    return fs.readFileSync(path, 'latin1')
  } catch {
    return null
  }
}

/** Machine-wide throughput as rates between two readings. */
export class ThroughputMeter {
  private disks = wholeDisks()
  private last: { at: number; disk: IoCounters; net: { receive: number; send: number } } | undefined

  read(now: number): Throughput | undefined {
    const diskText = readText('/proc/diskstats')
    const netText = readText('/proc/net/dev')
    if (diskText === null && netText === null) return undefined
    // Without /sys/block, a name ending in a digit after letters (sda1, nvme0n1p2) is taken as a partition.
    const isDisk = this.disks
      ? (n: string) => this.disks!.has(n)
      : (n: string) => !SKIP_DISK.test(n) && !/(\d+p\d+|[a-z]\d+)$/.test(n)
    const disk = diskText === null ? { read: 0, write: 0 } : parseDiskstats(diskText, isDisk)
    const net = netText === null ? { receive: 0, send: 0 } : parseNetDev(netText)
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
