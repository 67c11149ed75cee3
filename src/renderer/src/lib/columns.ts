// The optional columns of the process tree: label, width, how each reads a
// process. The name column is always there; the user picks the rest (and the
// choice is remembered with the settings).
import type { ProcessInfo, ThreadState } from '../../../shared/model'
import type { ColumnId } from '../../../shared/settings'
import { formatBytes, formatStart } from './format'
import type { SortKey } from './process-tree'

export interface Column {
  readonly id: ColumnId
  readonly label: string
  /** The longer name, in the chooser and as the header's tooltip. */
  readonly title: string
  readonly width: string
  readonly num?: boolean
  readonly sort: SortKey
  /** Descending first (big numbers are what one looks for). */
  readonly desc?: boolean
  /** Text of the cell; cpu draws its own bar. */
  readonly text: (p: ProcessInfo) => string
}

const STATE: Record<ThreadState, string> = {
  running: 'running',
  sleeping: 'sleeping',
  'disk-sleep': 'disk wait',
  stopped: 'stopped',
  zombie: 'zombie',
  idle: 'idle',
  unknown: '?',
}

/** Bytes per second, or the reason there is no figure. */
export function formatRate(v: number | undefined, denied: boolean | undefined): string {
  if (denied) return 'not permitted'
  if (v === undefined) return '—'
  return v === 0 ? '0' : `${formatBytes(v < 1024 ? Math.round(v) : v)}/s`
}

export const COLUMNS: readonly Column[] = [
  { id: 'pid', label: 'PID', title: 'Process id', width: '64px', num: true, sort: 'pid', text: (p) => String(p.pid) },
  {
    id: 'cpu',
    label: 'CPU (% of 1 core)',
    title: 'Per process, 100 % = one core busy (as in htop); a process with several busy threads can exceed 100 %',
    width: '148px',
    num: true,
    sort: 'cpu',
    desc: true,
    text: (p) => p.cpu.toFixed(1),
  },
  {
    id: 'memory',
    label: 'Memory',
    title: 'Resident set size (RSS)',
    width: '84px',
    num: true,
    sort: 'memory',
    desc: true,
    text: (p) => formatBytes(p.memory),
  },
  {
    id: 'ioRead',
    label: 'Disk read',
    title:
      'Bytes per second read from storage (/proc/<pid>/io read_bytes); "not permitted" for processes of other users',
    width: '104px',
    num: true,
    sort: 'ioRead',
    desc: true,
    text: (p) => formatRate(p.ioRead, p.ioDenied),
  },
  {
    id: 'ioWrite',
    label: 'Disk write',
    title:
      'Bytes per second written towards storage (/proc/<pid>/io write_bytes); "not permitted" for processes of other users',
    width: '104px',
    num: true,
    sort: 'ioWrite',
    desc: true,
    text: (p) => formatRate(p.ioWrite, p.ioDenied),
  },
  {
    id: 'state',
    label: 'State',
    title: 'Scheduling state',
    width: '78px',
    sort: 'state',
    text: (p) => (p.state ? STATE[p.state] : '—'),
  },
  {
    id: 'nice',
    label: 'Nice',
    title: 'Nice value: -20 is the highest priority, 19 the lowest',
    width: '50px',
    num: true,
    sort: 'nice',
    text: (p) => (p.nice === undefined ? '—' : String(p.nice)),
  },
  {
    id: 'threads',
    label: 'Threads',
    title: 'Number of threads',
    width: '62px',
    num: true,
    sort: 'threads',
    desc: true,
    text: (p) => (p.threads === undefined ? '—' : String(p.threads)),
  },
  {
    id: 'started',
    label: 'Started',
    title: 'When the process started',
    width: '84px',
    num: true,
    sort: 'started',
    desc: true,
    text: (p) => formatStart(p.startedAt),
  },
  {
    id: 'user',
    label: 'User',
    title: 'Owner',
    width: 'minmax(70px, 110px)',
    sort: 'user',
    text: (p) => p.user ?? (p.uid === undefined ? '—' : String(p.uid)),
  },
  {
    id: 'command',
    label: 'Command',
    title: 'Command line',
    width: 'minmax(160px, 2fr)',
    sort: 'command',
    text: (p) => p.cmd ?? p.name,
  },
]
