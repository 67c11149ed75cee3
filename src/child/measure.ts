// How a scenario's own processes and threads measure themselves. One module,
// so every worker reads the OS the same way, and says so where it cannot: on
// Linux from /proc (parsed by src/shared/procfs-parse.ts, as the sampler does);
// elsewhere from Node's own portable counters where they exist; otherwise null,
// which the core shows as "not measurable here" — never as a zero that would
// let a check pass without a measurement.
import fs from 'node:fs'
import os from 'node:os'
import { parseStat, statusField, USER_HZ } from '../shared/procfs-parse'

const HAS_PROCFS = process.platform === 'linux' && fs.existsSync('/proc/self/stat')

function read(path: string): string | null {
  try {
    return fs.readFileSync(path, 'latin1')
  } catch {
    return null
  }
}

/** CPU seconds this process has used so far, all its threads together (portable). */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/**
 * CPU milliseconds the calling thread has used so far: Linux's schedstat
 * (nanoseconds; stat's ticks are 10 ms, too coarse for a 50 ms share). Where
 * the OS does not say, a process with one busy thread counts as that thread
 * (`soleThread`); otherwise null.
 */
export function ownThreadCpuMs(soleThread: boolean): number | null {
  const text = HAS_PROCFS ? read('/proc/thread-self/schedstat') : null
  const ns = text === null ? NaN : Number(text.split(' ')[0])
  if (Number.isFinite(ns)) return ns / 1e6
  return soleThread ? ownCpuSeconds() * 1000 : null
}

/** CPU seconds another process has used so far (Linux), or null where that cannot be read. */
export function cpuSecondsOf(pid: number): number | null {
  if (!HAS_PROCFS) return null
  const text = read(`/proc/${pid}/stat`)
  const s = text === null ? null : parseStat(text)
  return s ? s.ticks / USER_HZ : null
}

/** This process's resident memory (portable) and OS thread count (Linux; null elsewhere). */
export function ownFootprint(): { rss: number; threads: number | null } {
  const status = HAS_PROCFS ? read('/proc/self/status') : null
  return { rss: process.memoryUsage().rss, threads: status === null ? null : (statusField(status, 'Threads') ?? null) }
}

/** The OS thread ids of a process (Linux), or null. */
export function threadIdsOf(pid: number): number[] | null {
  if (!HAS_PROCFS) return null
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .map(Number)
      .sort((a, b) => a - b)
  } catch {
    return null
  }
}

/** The OS's id for the calling thread (Linux), 0 where the OS does not say. */
export function osThreadId(): number {
  const text = HAS_PROCFS ? read('/proc/thread-self/stat') : null
  return (text && Number(text.slice(0, text.indexOf(' ')))) || 0
}

/**
 * Gives the calling OS thread a name (Linux keeps 15 bytes), so htop, ps -L
 * and ProcLab's own thread list show "LoopThread" rather than "node".
 */
export function nameOsThread(name: string): void {
  if (!HAS_PROCFS) return // cosmetic: nothing else depends on it
  try {
    fs.writeFileSync('/proc/thread-self/comm', name.slice(0, 15))
  } catch {
    // Not allowed: the name is cosmetic.
  }
}

/**
 * The calling thread's context switches (Linux, per thread), or null. Node's
 * resourceUsage() counts them for the whole process only, which would blur one
 * thread's switches with every other's: not the same measurement, so not used.
 */
export function ownContextSwitches(): { voluntary: number; involuntary: number } | null {
  const status = HAS_PROCFS ? read('/proc/thread-self/status') : null
  const voluntary = status === null ? undefined : statusField(status, 'voluntary_ctxt_switches')
  const involuntary = status === null ? undefined : statusField(status, 'nonvoluntary_ctxt_switches')
  return voluntary === undefined || involuntary === undefined ? null : { voluntary, involuntary }
}

/** Busy time of all cores so far, ms: every process on the machine (os.cpus(), portable). */
function machineBusyMs(): number {
  return os.cpus().reduce((s, { times: t }) => s + t.user + t.nice + t.sys + t.irq, 0)
}

/**
 * Starts a window over the whole machine: the function it returns gives what
 * every process used since, % of one core (100 = one core busy throughout),
 * for a verdict to tell the run's own CPU from other programs'.
 */
export function machineWindow(): () => number {
  const busy0 = machineBusyMs()
  const t0 = performance.now()
  return () => {
    const ms = performance.now() - t0
    return ms > 0 ? Math.round(((machineBusyMs() - busy0) / ms) * 1000) / 10 : 0
  }
}
/**
 * The TCP sockets this process listens on, as the kernel lists them in
 * /proc/net/tcp{,6}: the OS's word on where it listens, beside what Node says.
 * null where there is no /proc.
 */
export function listeningSockets(): string[] | null {
  if (!HAS_PROCFS) return null
  try {
    const inodes = new Set<string>()
    for (const fd of fs.readdirSync('/proc/self/fd')) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`))
        if (m) inodes.add(m[1])
      } catch {
        // Closed meanwhile.
      }
    }
    const out: string[] = []
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!fs.existsSync(file)) continue
      for (const row of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
        const f = row.trim().split(/\s+/)
        // local_address is f[1], st is f[3] (0A = LISTEN), inode is f[9].
        if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9])) continue
        const [hexIp, hexPort] = f[1].split(':')
        out.push(`${hexToIp(hexIp)}:${parseInt(hexPort, 16)}`)
      }
    }
    return out
  } catch {
    return null
  }
}

function hexToIp(hex: string): string {
  // IPv4 is stored as one little-endian 32-bit word.
  if (hex.length === 8) return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.')
  return `[${hex}]`
}
