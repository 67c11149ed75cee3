// The web host's options for recording, replaying and metrics:
//   --record FILE [--record-max-mb N]   record the whole session to FILE
//   --replay FILE                       serve a recording; nothing can be started or killed
//   --metrics [--metrics-filter REGEX] [--metrics-max N] [--metrics-port N]
//       OpenMetrics at /metrics behind the API's token (Authorization: Bearer or ?token=),
//       or without the token on a separate loopback port
import path from 'node:path'
import type { Lab } from '../core/lab'
import { LabMetrics, METRICS_DEFAULT_CAP, METRICS_HARD_CAP } from '../core/metrics/metrics'
import { readRecording, readRecordingFile } from '../core/record/session'
import { startMetricsHost } from './server'

export const SESSION_OPTIONS = {
  record: { type: 'string' },
  'record-max-mb': { type: 'string' },
  replay: { type: 'string' },
  metrics: { type: 'boolean' },
  'metrics-filter': { type: 'string' },
  'metrics-max': { type: 'string' },
  'metrics-port': { type: 'string' },
} as const

export interface SessionValues {
  record?: string
  'record-max-mb'?: string
  replay?: string
  metrics?: boolean
  'metrics-filter'?: string
  'metrics-max'?: string
  'metrics-port'?: string
}

export interface Session {
  readonly metrics?: LabMetrics
  /** Lines to print after the URL. */
  readonly notes: string[]
  close(): Promise<void>
}

function number(v: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback
  const n = Number(v)
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`${name} must be a number from ${min} to ${max}, got ${v}`)
  return n
}

/** Record-size bound from the command line, bytes (undefined: the default). Throws on a bad value. */
export function recordMaxBytes(v: SessionValues): number | undefined {
  return v['record-max-mb'] === undefined
    ? undefined
    : Math.round(number(v['record-max-mb'], '--record-max-mb', 0.01, 10_000, 0) * 1024 * 1024)
}

/** Applies the options to a lab that is not yet started. Throws with a message for the user. */
export async function startSession(lab: Lab, v: SessionValues): Promise<Session> {
  const notes: string[] = []
  const closers: (() => Promise<void> | void)[] = []
  if (v.replay && v.record) throw new Error('--replay and --record cannot be used together')
  if (v.replay) {
    const file = path.resolve(v.replay)
    // Not through a link, never a FIFO (a hang) or a device (endless memory), bounded in and unpacked:
    // each ends the host with one line instead.
    const bytes = readRecordingFile(file)
    const rec = readRecording(bytes)
    lab.recordings.replay = { name: path.basename(file), bytes }
    notes.push(
      `Replaying ${file} (${rec.snapshots.length} snapshots, ${rec.events.length} events); nothing can be started or killed`,
    )
  }
  if (v.record) {
    const file = path.resolve(v.record)
    lab.recordings.start(file)
    notes.push(`Recording to ${file}`)
  }
  let metrics: LabMetrics | undefined
  if (v.metrics) {
    let filter: RegExp | undefined
    if (v['metrics-filter']) {
      try {
        filter = new RegExp(v['metrics-filter'])
      } catch (err) {
        throw new Error(`--metrics-filter is not a regular expression: ${(err as Error).message}`)
      }
    }
    const max = number(v['metrics-max'], '--metrics-max', 0, METRICS_HARD_CAP, METRICS_DEFAULT_CAP)
    metrics = new LabMetrics(lab, { filter, maxProcesses: max })
    closers.push(() => metrics!.close())
    if (v['metrics-port'] !== undefined) {
      const port = number(v['metrics-port'], '--metrics-port', 0, 65535, 0)
      const server = await startMetricsHost(metrics, port)
      closers.push(() => server.close())
      notes.push(`Metrics: http://127.0.0.1:${server.port}/metrics`)
    } else {
      notes.push('Metrics: /metrics on this host, with the token (Authorization: Bearer TOKEN or ?token=TOKEN)')
    }
  } else if (v['metrics-filter'] || v['metrics-max'] || v['metrics-port']) {
    throw new Error('--metrics-filter, --metrics-max and --metrics-port need --metrics')
  }
  return {
    metrics,
    notes,
    close: async () => {
      for (const c of closers) await c()
    },
  }
}
