// Linux /proc readers. Synchronous on purpose: each read is a few microseconds
// from the kernel's memory, and a sync loop costs far less CPU than a thousand
// threadpool round trips. A file that vanishes mid-read means the process (or
// thread) exited: that is an ordinary outcome, reported as null.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { parseStat, statusField, type StatLine } from '../../shared/procfs-parse'
import { parseDiskstats, parseIo, parseNetDev, type IoReading, type MachineIo } from '../sampler/io'

export const HAS_PROCFS = process.platform === 'linux' && fs.existsSync('/proc/self/stat')

function getconf(name: string, fallback: number): number {
  try {
    const v = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000 }).trim())
    return Number.isFinite(v) && v > 0 ? v : fallback
  } catch {
    return fallback
  }
}

let clk: number | undefined
let page: number | undefined
export const clockTicks = (): number => (clk ??= getconf('CLK_TCK', 100))
export const pageSize = (): number => (page ??= getconf('PAGESIZE', 4096))

function readText(path: string): string | null {
  try {
    return fs.readFileSync(path, 'latin1')
  } catch {
    return null
  }
}

export function readStat(pid: number): StatLine | null {
  const text = readText(`/proc/${pid}/stat`)
  return text === null ? null : parseStat(text, pageSize())
}

export function listPids(): number[] {
  const out: number[] = []
  for (const name of fs.readdirSync('/proc')) {
    const c = name.charCodeAt(0)
    if (c >= 48 && c <= 57) out.push(Number(name))
  }
  return out
}

export function readCmdline(pid: number): string | undefined {
  const raw = readText(`/proc/${pid}/cmdline`)
  if (!raw) return undefined
  return Buffer.from(raw, 'latin1').toString('utf8').replace(/\0+$/, '').replace(/\0/g, ' ')
}

/**
 * The thread-group id of a pid: the process a thread belongs to (equal to the
 * pid for a process's main thread). Thread ids have /proc entries too, hidden
 * from listings, and kill() on one signals its whole thread group.
 */
export function readTgid(pid: number): number | undefined {
  const m = /^Tgid:\s*(\d+)$/m.exec(readText(`/proc/${pid}/status`) ?? '')
  return m ? Number(m[1]) : undefined
}

export function readOwner(pid: number): number | undefined {
  try {
    return fs.statSync(`/proc/${pid}`).uid
  } catch {
    return undefined
  }
}

let users: Map<number, string> | undefined
export function userName(uid: number | undefined): string | undefined {
  if (uid === undefined) return undefined
  if (!users) {
    users = new Map()
    for (const line of (readText('/etc/passwd') ?? '').split('\n')) {
      const [name, , id] = line.split(':')
      if (name && id) users.set(Number(id), name)
    }
  }
  return users.get(uid) ?? String(uid)
}

export interface ThreadStat extends StatLine {
  readonly tid: number
  readonly voluntary?: number
  readonly involuntary?: number
}

/** The threads of one process, or null if it has gone. */
export function readThreads(pid: number): ThreadStat[] | null {
  let tids: string[]
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`)
  } catch {
    return null
  }
  const out: ThreadStat[] = []
  for (const t of tids) {
    const stat = readText(`/proc/${pid}/task/${t}/stat`)
    const parsed = stat === null ? null : parseStat(stat, pageSize())
    if (!parsed) continue
    const status = readText(`/proc/${pid}/task/${t}/status`) ?? ''
    out.push({
      ...parsed,
      tid: Number(t),
      voluntary: statusField(status, 'voluntary_ctxt_switches'),
      involuntary: statusField(status, 'nonvoluntary_ctxt_switches'),
    })
  }
  return out
}

let boot: number | undefined
/** When the machine booted, ms since epoch (btime of /proc/stat): start ticks + this = a wall-clock start. */
export function bootTimeMs(): number {
  if (boot === undefined) {
    const m = /^btime (\d+)/m.exec(readText('/proc/stat') ?? '')
    boot = m ? Number(m[1]) * 1000 : Date.now() - uptimeSeconds() * 1000
  }
  return boot
}

/** Seconds since boot, for turning start ticks into wall-clock times. */
export function uptimeSeconds(): number {
  return Number((readText('/proc/uptime') ?? '0').split(' ')[0])
}

/** CPU seconds of the children this process has reaped (cutime + cstime of /proc/self/stat). */
export function reapedChildSeconds(): number | undefined {
  const text = readText('/proc/self/stat')
  if (text === null) return undefined
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return (Number(f[13]) + Number(f[14])) / clockTicks()
}

/**
 * /proc/<pid>/io. No descriptor is kept open: the sampler reads I/O only for
 * processes that ran since their last reading (a few on an idle machine), and
 * a cached descriptor per process would double the sampler's open files.
 * Another user's process cannot be opened without privileges: that is
 * 'denied', never 0.
 */
export function readIo(pid: number): IoReading {
  try {
    return parseIo(fs.readFileSync(`/proc/${pid}/io`, 'latin1'))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return code === 'EACCES' || code === 'EPERM' ? 'denied' : null
  }
}

const SKIP_DISK = /^(loop|ram|zram|dm-|md|sr|fd)/

let disks: Set<string> | undefined | null = null
function wholeDisks(): Set<string> | undefined {
  if (disks === null) {
    try {
      disks = new Set(fs.readdirSync('/sys/block').filter((n) => !SKIP_DISK.test(n)))
    } catch {
      disks = undefined
    }
  }
  return disks
}

/** The machine's disk (/proc/diskstats, whole disks only) and network (/proc/net/dev) counters. */
export function readMachineIo(): MachineIo {
  const diskText = readText('/proc/diskstats')
  const netText = readText('/proc/net/dev')
  const known = wholeDisks()
  // Without /sys/block, a name ending in a digit after letters (sda1, nvme0n1p2) is taken as a partition.
  const isDisk = known
    ? (n: string) => known.has(n)
    : (n: string) => !SKIP_DISK.test(n) && !/(\d+p\d+|[a-z]\d+)$/.test(n)
  return {
    disk: diskText === null ? null : parseDiskstats(diskText, isDisk),
    net: netText === null ? null : parseNetDev(netText),
  }
}

export interface MemoryParts {
  /** Virtual size (statm field 1), bytes. */
  readonly virtual: number
  /** Resident pages shared with others, file-backed and shmem (statm field 3), bytes. */
  readonly shared: number
  /** Swapped out (status VmSwap), bytes; undefined for a kernel thread, which has no memory of its own. */
  readonly swap?: number
}

/**
 * True when some memory is swapped out on this machine (SwapTotal - SwapFree of
 * /proc/meminfo): when none is, no process has any, and the status files need
 * not be read for it.
 */
export function swapInUse(): boolean {
  const text = readText('/proc/meminfo') ?? ''
  const total = statusField(text, 'SwapTotal')
  const free = statusField(text, 'SwapFree')
  // Unreadable: read each process's own figure rather than claim 0.
  return total === undefined || free === undefined || total - free > 0
}

/**
 * htop's VIRT, SHR and SWAP of one process: /proc/<pid>/statm (three numbers in
 * pages) and the VmSwap line of /proc/<pid>/status, read only when `swapped`
 * (some memory is in swap; otherwise every process's VmSwap is 0). Null once
 * the process is gone.
 */
export function readMemoryParts(pid: number, swapped = true): MemoryParts | null {
  const statm = readText(`/proc/${pid}/statm`)
  if (statm === null) return null
  const f = statm.split(' ')
  const pg = pageSize()
  const virtual = Number(f[0]) * pg
  const shared = Number(f[2]) * pg
  if (!Number.isFinite(virtual) || !Number.isFinite(shared)) return null
  if (!swapped) return { virtual, shared, swap: 0 }
  const kb = statusField(readText(`/proc/${pid}/status`) ?? '', 'VmSwap')
  return { virtual, shared, swap: kb === undefined ? undefined : kb * 1024 }
}

/** Variables of a process's environment, sorted; throws as the read does (EACCES for another user's). */
export function readEnviron(pid: number): string[] {
  return fs
    .readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .filter((v) => v !== '')
    .sort()
}
