// The lab's recording desk: one-click recording to a file in a folder of the
// core's choosing, its status, and the finished file handed to the dashboard
// for download. Also the replay-only mode of a web host started with
// --replay: then the core refuses every action that would touch a process.
import { coreMsg } from '../../shared/i18n/core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import type { RecordingFile, RecordingInfo } from '../../shared/api'
import type { RunInfo, ScenarioInfo } from '../../shared/model'
import {
  DAMAGED,
  NOT_A_RECORDING,
  RecordingError,
  looksGzipped,
  parseRecording,
  type Recording,
} from '../../shared/recording/format'
import { LabError } from '../errors'
import { Recorder, type RecordSource, type RecordingStatus } from './recorder'

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

export const REPLAY_REFUSAL = 'This is a recording: nothing can be killed or started in a replay'

/** Reads and checks a recording file; throws a LabError with the reason. */
export function readRecording(bytes: Uint8Array): Recording {
  if (!looksGzipped(bytes)) throw new LabError('EINVAL', NOT_A_RECORDING)
  let text: string
  try {
    text = zlib.gunzipSync(bytes).toString('utf8')
  } catch {
    throw new LabError('EINVAL', DAMAGED)
  }
  try {
    return parseRecording(text)
  } catch (err) {
    throw new LabError('EINVAL', err instanceof RecordingError ? err.message : String(err))
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
    private readonly dir = path.join(os.tmpdir(), 'proclab-recordings'),
    readonly maxBytes?: number,
  ) {}

  start(file?: string): RecordingInfo {
    if (this.recorder?.active)
      throw new LabError('EBUSY', coreMsg('error.alreadyRecording', { file: this.recorder.status().file }))
    if (!file) {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 })
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
    return { name: path.basename(s.file), base64: fs.readFileSync(s.file).toString('base64') }
  }

  async close(): Promise<void> {
    await this.recorder?.stop()
  }
}
