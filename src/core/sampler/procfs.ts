// Linux /proc readers. Synchronous on purpose: each read is a few microseconds
// from the kernel's memory, and a sync loop costs far less CPU than a thousand
// threadpool round trips. A file that vanishes mid-read means the process (or
// thread) exited: that is an ordinary outcome, reported as null.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import type { ThreadState } from '../../shared/model'

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

export interface StatLine {
  readonly pid: number
  readonly name: string
  readonly state: ThreadState
  readonly ppid: number
  /** utime + stime, in clock ticks. */
  readonly ticks: number
  readonly threads: number
  /** Nice value, -20 (most favoured) .. 19. */
  readonly nice: number
  /** Start time after boot, in clock ticks. */
  readonly start: number
  readonly rssBytes: number
}

const STATES: Record<string, ThreadState> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  T: 'stopped',
  t: 'stopped',
  Z: 'zombie',
  X: 'zombie',
  I: 'idle',
}

export function parseState(letter: string): ThreadState {
  return STATES[letter] ?? 'unknown'
}

/**
 * Parses one /proc/<pid>/stat line. The name is in parentheses and may itself
 * contain ") ". Fields are found by scanning for spaces rather than split():
 * this runs for every process on every pass, and split() would allocate fifty
 * strings per process to keep six.
 */
export function parseStat(text: string): StatLine | null {
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 0 || close < open) return null
  // Field k (0-based after the name, as in proc(5) numbering minus 3) starts after the k-th space.
  const want = [0, 1, 11, 12, 16, 17, 19, 21]
  const at: number[] = []
  let pos = close + 2
  for (let k = 0, w = 0; w < want.length && pos < text.length; k++) {
    const end = text.indexOf(' ', pos)
    if (k === want[w]) {
      at.push(pos, end < 0 ? text.length : end)
      w++
    }
    if (end < 0) break
    pos = end + 1
  }
  if (at.length < want.length * 2) return null
  const num = (i: number): number => Number(text.slice(at[2 * i], at[2 * i + 1]))
  return {
    pid: Number(text.slice(0, open - 1)),
    name: text.slice(open + 1, close),
    state: parseState(text.slice(at[0], at[1])),
    ppid: num(1),
    ticks: num(2) + num(3),
    nice: num(4),
    threads: num(5),
    start: num(6),
    rssBytes: num(7) * pageSize(),
  }
}

function readText(path: string): string | null {
  try {
    return fs.readFileSync(path, 'latin1')
  } catch {
    return null
  }
}

export function readStat(pid: number): StatLine | null {
  const text = readText(`/proc/${pid}/stat`)
  return text === null ? null : parseStat(text)
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
    const parsed = stat === null ? null : parseStat(stat)
    if (!parsed) continue
    const status = readText(`/proc/${pid}/task/${t}/status`) ?? ''
    out.push({
      ...parsed,
      tid: Number(t),
      voluntary: matchNumber(status, 'voluntary_ctxt_switches'),
      involuntary: matchNumber(status, 'nonvoluntary_ctxt_switches'),
    })
  }
  return out
}

function matchNumber(status: string, key: string): number | undefined {
  const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)
  return m ? Number(m[1]) : undefined
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
