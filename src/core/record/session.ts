// The lab's recording desk: one-click recording to a file in a folder of the
// core's choosing, its status, and the finished file handed to the dashboard
// for download. Also the replay-only mode of a web host started with
// --replay: then the core refuses every action that would touch a process.
import { coreMsg } from '../../shared/i18n/core'
import path from 'node:path'
import type { RecordingFile, RecordingInfo } from '../../shared/api'
import type { RunInfo, ScenarioInfo } from '../../shared/model'
import {
  cutShort,
  notARecording,
  RecordingError,
  looksGzipped,
  parseRecording,
  type Recording,
} from '../../shared/recording/format'
import { LabError, plainMsg } from '../errors'
import { ensurePrivateDir, gunzipLimited, readPrivateFile } from '../platform/private-files'
import { defaultRecordingDir } from '../platform/user-dir'
import { DEFAULT_RECORDING_MAX_BYTES, Recorder, type RecordSource, type RecordingStatus } from './recorder'

/**
 * The most a recording file may weigh when read back, and the most its gzip may unpack to:
 * beyond that a replay would not fit in one string of V8 anyway (about 512 MB), and the host's
 * memory is not spent finding out.
 */
export const MAX_RECORDING_FILE_BYTES = 256 * 1024 * 1024
export const MAX_RECORDING_TEXT_BYTES = 256 * 1024 * 1024

/** The calls that start, stop or signal something: refused in a replay. */
export const ACTING_CALLS: ReadonlySet<string> = new Set([
  'startScenario',
  'stopScenario',
  'scenarioAction',
  'kill',
  'join',
  'setPriority',
  'startRecording',
])

/** Reads a recording file from disk as readPrivateFile does (no link, no FIFO or device, this user's, bounded). */
export function readRecordingFile(file: string): Buffer {
  return readPrivateFile(file, MAX_RECORDING_FILE_BYTES)
}

/** Reads and checks a recording file's bytes; throws a LabError with the reason. */
export function readRecording(bytes: Uint8Array): Recording {
  if (!looksGzipped(bytes)) throw new LabError('EINVAL', notARecording().msg)
  let text: string
  try {
    text = gunzipLimited(bytes, MAX_RECORDING_TEXT_BYTES).toString('utf8')
  } catch (err) {
    if (err instanceof LabError) throw err
    throw new LabError('EINVAL', cutShort().msg)
  }
  try {
    return parseRecording(text)
  } catch (err) {
    throw new LabError('EINVAL', err instanceof RecordingError ? err.msg : plainMsg(String(err)))
  }
}

export interface DeskContext {
  source: RecordSource
  platform: string
  scenarios: () => readonly ScenarioInfo[]
  runs: () => readonly RunInfo[]
  /** Said to every dashboard (the event log) when a recording ends by itself. */
  warn: (text: string) => void
}

export class RecordingDesk {
  private recorder: Recorder | undefined
  private last: RecordingStatus | undefined
  /** Set in a replay-only host: the file being replayed. */
  replay: { name: string; bytes: Buffer } | undefined

  constructor(
    private readonly ctx: DeskContext,
    /** The user's own folder (Electron's userData, or the OS's per-user state folder), never a shared one. */
    private readonly dir = defaultRecordingDir(),
    readonly maxBytes?: number,
  ) {}

  start(file?: string): RecordingInfo {
    if (this.recorder?.active)
      throw new LabError('EBUSY', coreMsg('error.alreadyRecording', { file: this.recorder.status().file }))
    if (!file) {
      // Created 0700; one that another user made first, or that others may write to, is refused.
      ensurePrivateDir(this.dir)
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      file = path.join(this.dir, `proclab-${stamp}.proclab.gz`)
    }
    let rec: Recorder
    try {
      rec = new Recorder(this.ctx.source, {
        file,
        maxBytes: this.maxBytes,
        platform: this.ctx.platform,
        scenarios: this.ctx.scenarios(),
        runs: this.ctx.runs(),
      })
    } catch (err) {
      throw new LabError('EINVAL', coreMsg('error.cannotRecord', { file, why: (err as Error).message }))
    }
    rec.on('stopped', (s) => {
      this.last = s
      if (s.stopReason !== 'stopped' && s.message) this.ctx.warn(s.message)
    })
    this.recorder = rec
    return this.info()
  }

  async stop(): Promise<RecordingInfo> {
    if (!this.recorder) throw new LabError('EINVAL', coreMsg('error.notRecording'))
    this.last = await this.recorder.stop()
    return this.info()
  }

  info(): RecordingInfo {
    const s = this.recorder?.status()
    return {
      recording: Boolean(this.recorder?.active),
      replayOnly: this.replay ? this.replay.name : undefined,
      current: s
        ? {
            file: s.file,
            startedAt: s.startedAt,
            bytes: s.bytes,
            maxBytes: s.maxBytes,
            stoppedAt: s.stoppedAt,
            stopReason: s.stopReason,
            message: s.message,
          }
        : undefined,
    }
  }

  /** The finished recording (to download), or in a replay-only host the file it replays. */
  file(which: 'last' | 'replay'): RecordingFile | null {
    if (which === 'replay')
      return this.replay ? { name: this.replay.name, base64: this.replay.bytes.toString('base64') } : null
    const s = this.recorder?.active ? undefined : this.last
    if (!s) return null
    // The file may have been swapped since it was written (a link, a FIFO, a device): read it back as any other.
    // Its own bound with room for the last snapshot, and never more than a base64 string can hold.
    const bound = Math.min((this.maxBytes ?? DEFAULT_RECORDING_MAX_BYTES) * 2 + 1024 * 1024, MAX_RECORDING_FILE_BYTES)
    return { name: path.basename(s.file), base64: readPrivateFile(s.file, bound).toString('base64') }
  }

  async close(): Promise<void> {
    await this.recorder?.stop()
  }
}
