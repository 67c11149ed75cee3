// The recording file: gzip of newline-delimited JSON. The first line is a
// header with a version; then snapshots (a full one first and every
// KEYFRAME_EVERY, otherwise only what changed), events, and a closing line.
// Pure code with no Node or browser imports: the core writes with it, the
// dashboard and the web host read with it.
import type { LabEvent, ProcessInfo, ScenarioInfo, Snapshot } from '../model'
import { firstIssue, headerSchema, lineSchema } from './schema'
import { core, coreMsg } from '../i18n/core'
import type { Msg } from '../msg'

export const RECORDING_FORMAT = 'proclab-recording'
export const RECORDING_VERSION = 1
/** A full snapshot this often, so a damaged delta cannot spoil more than this many. */
export const KEYFRAME_EVERY = 60

export interface RecordingHeader {
  readonly format: typeof RECORDING_FORMAT
  readonly version: number
  readonly startedAt: number
  readonly platform: string
  readonly app?: string
  /** The catalogue at recording time, so a replay can name scenarios the reader does not know. */
  readonly scenarios?: readonly ScenarioInfo[]
}

type SnapshotTop = Omit<Snapshot, 'processes'>

/** One line after the header (version 1). */
export type RecordLine =
  | { readonly k: 'snap'; readonly s: Snapshot }
  | {
      readonly k: 'delta'
      readonly at: number
      /** Top-level fields of the snapshot that changed (everything but processes). */
      readonly set: Partial<SnapshotTop>
      /** `selected` went away. */
      readonly unsel?: true
      /** Processes new or changed, whole. */
      readonly up: readonly ProcessInfo[]
      /** pids gone since the previous snapshot. */
      readonly rm: readonly number[]
    }
  | { readonly k: 'event'; readonly e: LabEvent }
  | { readonly k: 'end'; readonly at: number; readonly reason: 'stopped' | 'limit' }

export interface Recording {
  readonly header: RecordingHeader
  /** Full snapshots, oldest first. */
  readonly snapshots: readonly Snapshot[]
  /** Events, oldest first. */
  readonly events: readonly LabEvent[]
  readonly startedAt: number
  readonly endedAt: number
  /** Why the recording ended, when it said ('limit': the size bound was hit). */
  readonly endReason?: 'stopped' | 'limit'
  /** The version the file was written in (older ones are migrated on reading). */
  readonly fileVersion: number
}

/**
 * Why a file cannot be replayed, as a message the dashboard shows in the
 * user's language (`msg`); `message` is its key, for logs and stack traces.
 */
export class RecordingError extends Error {
  constructor(readonly msg: Msg) {
    super(msg.key)
    this.name = 'RecordingError'
  }
}

type RecordingWhy = keyof (typeof core)['en']['recording']

function damaged(why: RecordingWhy, line?: number, issue?: string): RecordingError {
  const params = { ...(line === undefined ? {} : { line }), ...(issue === undefined ? {} : { issue }) }
  return new RecordingError(coreMsg(`recording.${why}`, params))
}

function sameProcess(a: ProcessInfo, b: ProcessInfo): boolean {
  if (a === b) return true
  const ka = Object.keys(a) as (keyof ProcessInfo)[]
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka) if (a[k] !== b[k]) return false
  return true
}

/** Encodes snapshots one after another as keyframes and deltas. */
export class SnapshotEncoder {
  private prev: Snapshot | undefined
  private prevPids = new Map<number, ProcessInfo>()
  private count = 0

  encode(s: Snapshot): RecordLine {
    const prev = this.prev
    const next = new Map<number, ProcessInfo>()
    for (const p of s.processes) next.set(p.pid, p)
    let line: RecordLine
    if (!prev || this.count % KEYFRAME_EVERY === 0) {
      line = { k: 'snap', s }
    } else {
      const set: Record<string, unknown> = {}
      for (const key of Object.keys(s) as (keyof Snapshot)[]) {
        if (key === 'processes') continue
        const a = s[key]
        const b = prev[key]
        if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) set[key] = a
      }
      const up: ProcessInfo[] = []
      for (const p of s.processes) {
        const old = this.prevPids.get(p.pid)
        if (!old || !sameProcess(old, p)) up.push(p)
      }
      const rm: number[] = []
      for (const pid of this.prevPids.keys()) if (!next.has(pid)) rm.push(pid)
      line = {
        k: 'delta',
        at: s.takenAt,
        set: set as Partial<SnapshotTop>,
        up,
        rm,
        ...(prev.selected && !s.selected ? { unsel: true as const } : {}),
      }
    }
    this.prev = s
    this.prevPids = next
    this.count++
    return line
  }
}

/** Applies one delta to the snapshot before it. The process order follows the previous snapshot, new ones last. */
export function applyDelta(prev: Snapshot, d: Extract<RecordLine, { k: 'delta' }>): Snapshot {
  const removed = new Set(d.rm)
  const changed = new Map(d.up.map((p) => [p.pid, p]))
  const processes: ProcessInfo[] = []
  for (const p of prev.processes) {
    if (removed.has(p.pid)) continue
    const c = changed.get(p.pid)
    processes.push(c ?? p)
    changed.delete(p.pid)
  }
  processes.push(...changed.values())
  const out = { ...prev, ...d.set, processes } as Snapshot & { selected?: unknown }
  if (d.unsel) delete out.selected
  return out
}

// ---- reading ----

/** Version 0 (ProcLab 0.0): every line a full snapshot or an event, no deltas. */
interface V0Header {
  readonly 'proclab-recording': 0
  readonly startedAt: number
  readonly platform?: string
}
type V0Line =
  { readonly type: 'snapshot'; readonly snapshot: Snapshot } | { readonly type: 'event'; readonly event: LabEvent }

/** The migration path: each older version's lines become version-1 lines. */
function migrateV0(line: V0Line): RecordLine {
  if (line.type === 'snapshot') return { k: 'snap', s: line.snapshot }
  if (line.type === 'event') return { k: 'event', e: line.event }
  throw damaged('notRecord')
}

function parseLine(text: string, n: number): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw damaged('notJson', n)
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Reads the decompressed text of a recording. Throws RecordingError with a message for the user. */
export function parseRecording(text: string): Recording {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  const first = lines.length ? safeJson(lines[0]) : undefined
  let header: RecordingHeader
  let migrate: (raw: unknown) => RecordLine
  if (isObject(first) && first.format === RECORDING_FORMAT && typeof first.version === 'number') {
    if (first.version > RECORDING_VERSION) {
      throw new RecordingError(coreMsg('recording.newer', { version: first.version, max: RECORDING_VERSION }))
    }
    const checked = headerSchema.safeParse(first)
    if (!checked.success) throw damaged('badValue', 1, firstIssue(checked.error))
    header = first as unknown as RecordingHeader
    migrate = (raw) => raw as RecordLine
  } else if (isObject(first) && first['proclab-recording'] === 0) {
    const h = first as unknown as V0Header
    header = { format: RECORDING_FORMAT, version: 0, startedAt: h.startedAt, platform: h.platform ?? 'linux' }
    migrate = (raw) => migrateV0(raw as V0Line)
  } else {
    throw damaged('noHeader')
  }

  const snapshots: Snapshot[] = []
  const events: LabEvent[] = []
  let endReason: Recording['endReason']
  let endAt: number | undefined
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue
    const raw = parseLine(lines[i], i + 1)
    if (!isObject(raw)) throw damaged('notRecord', i + 1)
    let line: RecordLine
    try {
      line = migrate(raw)
    } catch {
      throw damaged('notRecord', i + 1)
    }
    // Every value is checked for its type before anything uses it (the dashboard, a report):
    // a pid that is not a number refuses the file, with the line and the field.
    const checked = lineSchema.safeParse(line)
    if (!checked.success) throw damaged('badValue', i + 1, firstIssue(checked.error))
    switch (line.k) {
      case 'snap':
        if (!isObject(line.s) || !Array.isArray(line.s.processes)) throw damaged('notSnapshot', i + 1)
        snapshots.push(line.s)
        break
      case 'delta': {
        const prev = snapshots.at(-1)
        if (!prev) throw damaged('noBase', i + 1)
        if (!Array.isArray(line.up) || !Array.isArray(line.rm) || !isObject(line.set)) throw damaged('notChange', i + 1)
        snapshots.push(applyDelta(prev, line))
        break
      }
      case 'event':
        if (!isObject(line.e) || typeof line.e.at !== 'number') throw damaged('notEvent', i + 1)
        events.push(line.e)
        break
      case 'end':
        endReason = line.reason
        endAt = line.at
        break
      default:
        throw damaged('unknownKind', i + 1)
    }
  }
  if (!snapshots.length) throw damaged('noSnapshot')
  const last = Math.max(snapshots.at(-1)!.takenAt, events.at(-1)?.at ?? 0, endAt ?? 0)
  return {
    header,
    snapshots,
    events,
    startedAt: snapshots[0].takenAt,
    endedAt: last,
    endReason,
    fileVersion: header.version,
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** gzip's magic bytes: anything else is refused before decompressing. */
export function looksGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

/** Not gzip at all: refused before decompressing. */
export const notARecording = (): RecordingError => damaged('notGzip')
/** gzip that does not decompress whole. */
export const cutShort = (): RecordingError => damaged('cutShort')
