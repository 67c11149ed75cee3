// Number and time formatting shared by every view. Figures use tabular
// numerals in CSS; these keep their width steady too (fixed decimals).
import { describeExit as describeExitReason } from '../../../shared/exit'
import type { ExitInfo } from '../../../shared/model'

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—'
  let v = n
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${UNITS[u]}`
}

export function formatPercent(n: number | undefined, digits = 1): string {
  if (n === undefined || !Number.isFinite(n)) return '—'
  return `${n.toFixed(digits)} %`
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** "250 ms", "1 s", "2.5 s", "10 s". */
export function formatInterval(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`
}

/** A duration as a person reads it: "840 ms", "12.3 s", "4 min 05 s", "2 h 07 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const totalS = Math.floor(ms / 1000)
  if (totalS < 3600) return `${Math.floor(totalS / 60)} min ${String(totalS % 60).padStart(2, '0')} s`
  const totalMin = Math.floor(totalS / 60)
  if (totalMin < 48 * 60) return `${Math.floor(totalMin / 60)} h ${String(totalMin % 60).padStart(2, '0')} min`
  return `${Math.floor(totalMin / 1440)} d ${Math.floor((totalMin % 1440) / 60)} h`
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

/** Wall-clock time with milliseconds, for the event log: "14:03:07.215". */
export function formatClock(at: number): string {
  const d = new Date(at)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/** Start time: the clock if today, else the date too. */
export function formatStart(at: number | undefined, now = Date.now()): string {
  if (at === undefined) return '—'
  const d = new Date(at)
  const today = new Date(now)
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  if (d.toDateString() === today.toDateString()) return clock
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}`
}

const REASONS: Record<string, string> = {
  'clean-exit': 'clean exit',
  'error-exit': 'error exit',
  killed: 'killed by signal',
  crashed: 'crashed',
  'out-of-memory': 'out of memory',
  'failed-to-launch': 'failed to launch',
}

export function formatReason(reason: string): string {
  return REASONS[reason] ?? reason
}

const NICE_STEPS = [1, 1.5, 2, 3, 4, 5, 6, 8, 10]

/** The smallest "round" number (1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k) at or above v: chart tops. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1
  const mag = 10 ** Math.floor(Math.log10(v))
  return (NICE_STEPS.find((s) => s * mag >= v - 1e-9) ?? 10) * mag
}

/** niceCeil in the binary unit formatBytes would show v in, so axis labels read "60 MiB", not "57.2 MiB". */
export function niceBytesCeil(v: number): number {
  if (!(v > 0)) return 1024
  let unit = 1
  while (v / unit >= 1024 && unit < 1024 ** 4) unit *= 1024
  return niceCeil(v / unit) * unit
}

/** "killed by SIGKILL after 1.2 s": the core's wording of an exit, with how long the process ran. */
export function describeExit(e: ExitInfo): string {
  return `${describeExitReason(e.reason, e.code, e.signal)} after ${formatDuration(e.runtimeMs)}`
}
