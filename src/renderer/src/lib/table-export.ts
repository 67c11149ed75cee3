// The process table as CSV (RFC 4180: quoted where needed, CRLF) and JSON.
import type { ProcessInfo, Snapshot } from '../../../shared/model'
import { redactProcess } from '../../../shared/redact'

const COLUMNS: readonly (keyof ProcessInfo)[] = [
  'pid',
  'ppid',
  'name',
  'user',
  'cpu',
  'memory',
  'threads',
  'runId',
  'role',
  'cmd',
]

function cell(v: unknown): string {
  if (v === undefined || v === null) return ''
  const s = typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v)
  // A leading = + - @ would be a formula in a spreadsheet, and a leading TAB or CR too: some
  // spreadsheets strip it and read what follows (OWASP's list). Such a cell is quoted as text.
  const guarded = /^[=+\-@\t\r]/.test(s) && typeof v !== 'number' ? `'${s}` : s
  return /[",\r\n]/.test(guarded) || guarded !== s ? `"${guarded.replace(/"/g, '""')}"` : guarded
}

export function processesCsv(s: Snapshot): string {
  const head = COLUMNS.map((c) =>
    c === 'cpu' ? 'cpu_percent_of_one_core' : c === 'memory' ? 'memory_rss_bytes' : c,
  ).join(',')
  // Command lines without their secrets (`?token=`, `--token X`): an export outlives the processes.
  return (
    [head, ...s.processes.map(redactProcess).map((p) => COLUMNS.map((c) => cell(p[c])).join(','))].join('\r\n') + '\r\n'
  )
}

export function processesJson(s: Snapshot): string {
  return JSON.stringify(
    {
      takenAt: new Date(s.takenAt).toISOString(),
      platform: s.platform,
      cpuConvention: 'percent of one core',
      processes: s.processes.map(redactProcess),
    },
    null,
    2,
  )
}
