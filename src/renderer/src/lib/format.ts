// Number and time formatting shared by every view, in the dashboard's
// language (units that are words, thousands separators). Figures use tabular
// numerals in CSS; these keep their width steady too (fixed decimals).
import { WINDOWS_CRASH_NAMES } from '../../../shared/exit'
import type { ExitInfo, ExitReason, RunStatus } from '../../../shared/model'
import { formatNumber } from '../../../shared/msg'
import { localeTag, t } from '../i18n'

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

/** A count as every panel writes it: the same formatter the messages use for their numbers (src/shared/msg.ts). */
export function formatCount(n: number): string {
  return formatNumber(n, localeTag())
}

/** "250 ms", "1 s", "2.5 s", "10 s". */
export function formatInterval(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  return t('ui.format.seconds', { n: Number.isInteger(s) ? s : s.toFixed(1) })
}

/** A duration as a person reads it: "840 ms", "12.3 s", "4 min 05 s", "2 h 07 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return t('ui.format.seconds', { n: (ms / 1000).toFixed(1) })
  const totalS = Math.floor(ms / 1000)
  if (totalS < 3600) return t('ui.format.minSec', { m: Math.floor(totalS / 60), s: pad(totalS % 60) })
  const totalMin = Math.floor(totalS / 60)
  if (totalMin < 48 * 60) return t('ui.format.hourMin', { h: Math.floor(totalMin / 60), m: pad(totalMin % 60) })
  return t('ui.format.dayHour', { d: Math.floor(totalMin / 1440), h: Math.floor((totalMin % 1440) / 60) })
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

const REASONS: Record<ExitReason, string> = {
  'clean-exit': 'ui.reason.cleanExit',
  'error-exit': 'ui.reason.errorExit',
  killed: 'ui.reason.killed',
  crashed: 'ui.reason.crashed',
  'out-of-memory': 'ui.reason.outOfMemory',
  'failed-to-launch': 'ui.reason.failedToLaunch',
}

export function formatReason(reason: string): string {
  const key = REASONS[reason as ExitReason]
  return key ? t(key) : reason
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

/** How a process ended, in the dashboard's language (shared/exit.ts has the core's English wording). */
export function describeExitReason(reason: ExitReason, code: number | null, signal: string | null): string {
  switch (reason) {
    case 'clean-exit':
      return t('ui.exit.clean')
    case 'error-exit':
      return code === null ? t('ui.exit.codeUnknown') : t('ui.exit.error', { code: String(code) })
    case 'killed':
      return signal ? t('ui.exit.killed', { signal }) : t('ui.exit.killedNoSignal')
    case 'crashed':
      return t('ui.exit.crashed', { how: signal ?? crashCodeName(code) })
    case 'out-of-memory':
      return t('ui.exit.outOfMemory')
    case 'failed-to-launch':
      return t('ui.exit.failedToLaunch')
  }
}

/** "code 139", or "access violation, 0xC0000005" for a Windows crash code (its name is Windows' own, in English). */
function crashCodeName(code: number | null): string {
  if (code === null) return t('ui.exit.noCode')
  const name = WINDOWS_CRASH_NAMES.get(code >>> 0)
  return name ? `${name}, 0x${(code >>> 0).toString(16).toUpperCase()}` : t('ui.exit.code', { code })
}

/** "killed by SIGKILL after 1.2 s": how a process ended, with how long it ran. */
export function describeExit(e: ExitInfo): string {
  return t('ui.exit.after', {
    how: describeExitReason(e.reason, e.code, e.signal),
    duration: formatDuration(e.runtimeMs),
  })
}

/** Catalog keys of a run's status, as the pills show it. */
export const RUN_STATUS_LABEL: Record<RunStatus, string> = {
  starting: 'ui.runs.status.starting',
  running: 'ui.runs.status.running',
  stopping: 'ui.runs.status.stopping',
  finished: 'ui.runs.status.finished',
  failed: 'ui.runs.status.failed',
  stopped: 'ui.runs.status.stopped',
}
