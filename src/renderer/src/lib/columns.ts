// The optional columns of the process tree: label, width, how each reads a
// process. The name column is always there; the user picks the rest (and the
// choice is remembered with the settings). Labels and titles are keys of the
// dashboard's catalog (ui.column.<id>), rendered in the current language.
import type { ProcessInfo, ThreadState } from '../../../shared/model'
import type { ColumnId } from '../../../shared/settings'
import { t } from '../i18n'
import { formatBytes, formatStart } from './format'
import type { SortKey } from './process-tree'

export interface Column {
  readonly id: ColumnId
  /** Catalog key of the header's label. */
  readonly label: string
  /** Catalog key of the longer name, in the chooser and as the header's tooltip. */
  readonly title: string
  readonly width: string
  readonly num?: boolean
  readonly sort: SortKey
  /** Descending first (big numbers are what one looks for). */
  readonly desc?: boolean
  /** Text of the cell; cpu draws its own bar. */
  readonly text: (p: ProcessInfo) => string
  /** Catalog key of the cell's tooltip when this process has no figure ("—"): why. */
  readonly missing?: (p: ProcessInfo) => string | undefined
}

const bytesOr = (v: number | undefined): string => (v === undefined ? '—' : formatBytes(v))
/** VIRT, SHR and SWAP come from Linux's /proc only: elsewhere the cell says why it is empty. */
const memoryWhy =
  (read: (p: ProcessInfo) => number | undefined) =>
  (p: ProcessInfo): string | undefined =>
    read(p) === undefined ? 'ui.column.memoryMissing' : undefined

/** Catalog keys of the short names of scheduling states (the tree's column, the threads table). */
export const STATE_SHORT: Record<ThreadState, string> = {
  running: 'ui.stateShort.running',
  sleeping: 'ui.stateShort.sleeping',
  'disk-sleep': 'ui.stateShort.diskSleep',
  stopped: 'ui.stateShort.stopped',
  zombie: 'ui.stateShort.zombie',
  idle: 'ui.stateShort.idle',
  unknown: 'ui.stateShort.unknown',
}

/** Bytes per second, or the reason there is no figure. */
export function formatRate(v: number | undefined, denied: boolean | undefined): string {
  if (denied) return t('ui.format.notPermitted')
  if (v === undefined) return '—'
  return v === 0 ? '0' : t('ui.format.perSecond', { bytes: formatBytes(v < 1024 ? Math.round(v) : v) })
}

export const COLUMNS: readonly Column[] = [
  {
    id: 'pid',
    label: 'ui.column.pid.label',
    title: 'ui.column.pid.title',
    width: '64px',
    num: true,
    sort: 'pid',
    text: (p) => String(p.pid),
  },
  {
    id: 'cpu',
    label: 'ui.column.cpu.label',
    title: 'ui.column.cpu.title',
    width: '148px',
    num: true,
    sort: 'cpu',
    desc: true,
    text: (p) => p.cpu.toFixed(1),
  },
  {
    id: 'memory',
    label: 'ui.column.memory.label',
    title: 'ui.column.memory.title',
    width: '84px',
    num: true,
    sort: 'memory',
    desc: true,
    text: (p) => formatBytes(p.memory),
  },
  {
    id: 'virtual',
    label: 'ui.column.virtual.label',
    title: 'ui.column.virtual.title',
    width: '84px',
    num: true,
    sort: 'virtual',
    desc: true,
    text: (p) => bytesOr(p.virtual),
    missing: memoryWhy((p) => p.virtual),
  },
  {
    id: 'shared',
    label: 'ui.column.shared.label',
    title: 'ui.column.shared.title',
    width: '84px',
    num: true,
    sort: 'shared',
    desc: true,
    text: (p) => bytesOr(p.shared),
    missing: memoryWhy((p) => p.shared),
  },
  {
    id: 'swap',
    label: 'ui.column.swap.label',
    title: 'ui.column.swap.title',
    width: '84px',
    num: true,
    sort: 'swap',
    desc: true,
    text: (p) => bytesOr(p.swap),
    missing: memoryWhy((p) => p.swap),
  },
  {
    id: 'ioRead',
    label: 'ui.column.ioRead.label',
    title: 'ui.column.ioRead.title',
    width: '104px',
    num: true,
    sort: 'ioRead',
    desc: true,
    text: (p) => formatRate(p.ioRead, p.ioDenied),
  },
  {
    id: 'ioWrite',
    label: 'ui.column.ioWrite.label',
    title: 'ui.column.ioWrite.title',
    width: '104px',
    num: true,
    sort: 'ioWrite',
    desc: true,
    text: (p) => formatRate(p.ioWrite, p.ioDenied),
  },
  {
    id: 'state',
    label: 'ui.column.state.label',
    title: 'ui.column.state.title',
    width: '78px',
    sort: 'state',
    text: (p) => (p.state ? t(STATE_SHORT[p.state]) : '—'),
  },
  {
    id: 'nice',
    label: 'ui.column.nice.label',
    title: 'ui.column.nice.title',
    width: '50px',
    num: true,
    sort: 'nice',
    text: (p) => (p.nice === undefined ? '—' : String(p.nice)),
  },
  {
    id: 'threads',
    label: 'ui.column.threads.label',
    title: 'ui.column.threads.title',
    width: '62px',
    num: true,
    sort: 'threads',
    desc: true,
    text: (p) => (p.threads === undefined ? '—' : String(p.threads)),
  },
  {
    id: 'started',
    label: 'ui.column.started.label',
    title: 'ui.column.started.title',
    width: '84px',
    num: true,
    sort: 'started',
    desc: true,
    text: (p) => formatStart(p.startedAt),
  },
  {
    id: 'user',
    label: 'ui.column.user.label',
    title: 'ui.column.user.title',
    width: 'minmax(70px, 110px)',
    sort: 'user',
    text: (p) => p.user ?? (p.uid === undefined ? '—' : String(p.uid)),
  },
  {
    id: 'command',
    label: 'ui.column.command.label',
    title: 'ui.column.command.title',
    width: 'minmax(160px, 2fr)',
    sort: 'command',
    text: (p) => p.cmd ?? p.name,
  },
]
