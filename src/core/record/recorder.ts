// Records a session to a file: the lab's snapshots (as keyframes and deltas)
// and events, gzipped as they come. Bounded: once the compressed file reaches
// its limit the recording stops with a message, and the lab goes on as before.
import fs from 'node:fs'
import zlib from 'node:zlib'
import { EventEmitter } from 'node:events'
import type { LabEvent, RunInfo, ScenarioInfo, Snapshot } from '../../shared/model'
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  SnapshotEncoder,
  type RecordLine,
  type RecordingHeader,
} from '../../shared/recording/format'
import { createPrivateFile } from '../platform/private-files'
import { redactOptions, redactSnapshot } from '../../shared/redact'

/** Default bound of a recording file: about an hour of a busy 1,000-process machine. */
export const DEFAULT_RECORDING_MAX_BYTES = 64 * 1024 * 1024

/** What the recorder needs of a lab. */
export interface RecordSource {
  on(e: 'snapshot', cb: (s: Snapshot) => void): unknown
  on(e: 'event', cb: (e: LabEvent) => void): unknown
  off(e: 'snapshot', cb: (s: Snapshot) => void): unknown
  off(e: 'event', cb: (e: LabEvent) => void): unknown
}

export interface RecorderOptions {
  file: string
  maxBytes?: number
  platform: string
  scenarios?: readonly ScenarioInfo[]
  /** Runs that already exist: written first, so the replay knows them. */
  runs?: readonly RunInfo[]
}

export interface RecordingStatus {
  readonly file: string
  readonly startedAt: number
  readonly bytes: number
  readonly maxBytes: number
  readonly snapshots: number
  readonly events: number
  readonly stoppedAt?: number
  readonly stopReason?: 'stopped' | 'limit' | 'error'
  readonly message?: string
}

export class Recorder extends EventEmitter<{ stopped: [RecordingStatus] }> {
  private readonly gzip = zlib.createGzip({ level: 6 })
  private readonly out: fs.WriteStream
  private readonly encoder = new SnapshotEncoder()
  private readonly maxBytes: number
  private readonly startedAt = Date.now()
  private bytes = 0
  private snapshots = 0
  private events = 0
  private stopped: RecordingStatus | undefined
  private readonly finished: Promise<void>

  constructor(
    private readonly source: RecordSource,
    private readonly opts: RecorderOptions,
  ) {
    super()
    this.maxBytes = opts.maxBytes ?? DEFAULT_RECORDING_MAX_BYTES
    // Opened here, at once: an existing file (never overwritten) or a bad folder is the caller's error now, not a later event.
    // Mode 0600: a recording shows every process of the machine and what each run did; it is the user's alone.
    this.out = fs.createWriteStream(opts.file, { fd: createPrivateFile(opts.file) })
    this.gzip.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length
      // Compressed bytes are what the bound is about: the file on disk.
      if (this.bytes >= this.maxBytes && !this.stopped) {
        void this.stop('limit', `Recording stopped: ${opts.file} reached its limit of ${formatMb(this.maxBytes)}`)
      }
    })
    this.gzip.pipe(this.out)
    this.finished = new Promise((resolve) => this.out.once('close', () => resolve()))
    this.out.on(
      'error',
      (err) => void this.stop('error', `Recording stopped: cannot write ${opts.file}: ${err.message}`),
    )
    const header: RecordingHeader = {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      startedAt: this.startedAt,
      platform: opts.platform,
      app: 'proclab',
      scenarios: opts.scenarios,
    }
    this.gzip.write(JSON.stringify(header) + '\n')
    for (const run of opts.runs ?? [])
      this.write({ k: 'event', e: redactEvent({ type: 'run', at: this.startedAt, run }) })
    source.on('snapshot', this.onSnapshot)
    source.on('event', this.onEvent)
  }

  private readonly onSnapshot = (s: Snapshot): void => {
    this.snapshots++
    // Command lines are kept without their secrets (`?token=`, `--token X`): the file outlives the processes.
    this.write(this.encoder.encode(redactSnapshot(s)))
    // Once per snapshot the compressed bytes reach the file: its size is known for the bound, and a
    // crash loses at most one tick. A sync flush keeps the dictionary, so compression barely suffers.
    if (!this.stopped) this.gzip.flush(zlib.constants.Z_SYNC_FLUSH)
  }

  private readonly onEvent = (e: LabEvent): void => {
    this.events++
    this.write({ k: 'event', e: redactEvent(e) })
  }

  private write(line: RecordLine): void {
    if (this.stopped) return
    this.gzip.write(JSON.stringify(line) + '\n')
  }

  status(): RecordingStatus {
    return (
      this.stopped ?? {
        file: this.opts.file,
        startedAt: this.startedAt,
        bytes: this.bytes,
        maxBytes: this.maxBytes,
        snapshots: this.snapshots,
        events: this.events,
      }
    )
  }

  get active(): boolean {
    return !this.stopped
  }

  /** Ends the recording; resolves once the file is complete on disk. */
  async stop(reason: 'stopped' | 'limit' | 'error' = 'stopped', message?: string): Promise<RecordingStatus> {
    if (!this.stopped) {
      this.source.off('snapshot', this.onSnapshot)
      this.source.off('event', this.onEvent)
      if (reason !== 'error')
        this.gzip.write(JSON.stringify({ k: 'end', at: Date.now(), reason } satisfies RecordLine) + '\n')
      this.stopped = { ...this.status(), stoppedAt: Date.now(), stopReason: reason, message }
      this.gzip.end()
      await this.finished
      this.stopped = { ...this.stopped, bytes: this.out.bytesWritten }
      this.emit('stopped', this.stopped)
    }
    await this.finished
    return this.stopped
  }
}

/** A run's options may be a command line (subprocess): stored without its secrets, as the process table's are. */
function redactEvent(e: LabEvent): LabEvent {
  if (e.type !== 'run') return e
  const options = redactOptions(e.run.options)
  return options === e.run.options ? e : { ...e, run: { ...e.run, options } }
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`
}
