// Parsing what Linux's /proc says about processes and threads: pure functions
// over the text, shared by everyone who reads it — the sampler (core), the
// scenario workers measuring themselves (child) and the bench. Reading the
// files, and what to do where there is no /proc, belongs to each reader.
import type { ThreadState } from './model'

/**
 * Linux reports the tick counts of /proc/<pid>/stat in USER_HZ, which is 100
 * on every Linux ABI whatever the kernel's own HZ (getconf CLK_TCK says so too).
 */
export const USER_HZ = 100

export interface StatLine {
  readonly pid: number
  readonly name: string
  readonly state: ThreadState
  readonly ppid: number
  /** utime + stime, in clock ticks. */
  readonly ticks: number
  /** cutime + cstime: children that ended and were waited for (e.g. the `ps` a sampler runs), in clock ticks. */
  readonly childTicks: number
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
 * Parses one /proc/<pid>/stat (or /proc/<pid>/task/<tid>/stat) line. The name is in parentheses and may itself
 * contain ") ". Fields are found by scanning for spaces rather than split():
 * this runs for every process on every pass, and split() would allocate fifty
 * strings per process to keep six.
 */
// Field k (0-based after the name, as in proc(5) numbering minus 3) starts after the k-th space:
// state, ppid, utime, stime, cutime, cstime, nice, num_threads, starttime, rss.
const STAT_FIELDS = [0, 1, 11, 12, 13, 14, 16, 17, 19, 21]

export function parseStat(text: string, pageBytes = 4096): StatLine | null {
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 0 || close < open) return null
  const want = STAT_FIELDS
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
    childTicks: num(4) + num(5),
    nice: num(6),
    threads: num(7),
    start: num(8),
    rssBytes: num(9) * pageBytes,
  }
}

/** A numeric field of a /proc status file ("VmRSS:   1234 kB" → 1234), or undefined. */
export function statusField(status: string, key: string): number | undefined {
  const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)
  return m ? Number(m[1]) : undefined
}

/** CPU use as a percentage of one core, from CPU seconds spent over wall seconds. */
export function cpuPercent(cpuSeconds: number, wallSeconds: number): number {
  return wallSeconds > 0 ? Math.round((cpuSeconds / wallSeconds) * 1000) / 10 : 0
}
