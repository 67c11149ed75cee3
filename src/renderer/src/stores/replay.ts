// Replaying a recording: the file decoded in the page (gzip + the recording
// format), then played into the same stores the live feed fills, with
// play/pause, speed and a position to scrub to. A file that is not a
// recording, or is cut short, is refused with a message and changes nothing.
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import {
  cutShort,
  notARecording,
  RecordingError,
  looksGzipped,
  parseRecording,
  type Recording,
} from '../../../shared/recording/format'
import { feed } from '../api/feed'
import { useLabStore } from './lab'
import { useEventsStore } from './events'
import { HISTORY_MS, useMonitorStore } from './monitor'
import { messageOf, reasonOf, useNoticesStore } from './notices'
import type { Msg } from '../../../shared/msg'

export const REPLAY_SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const
const FRAME_MS = 100

async function gunzip(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))
  try {
    return await new Response(stream).text()
  } catch {
    throw cutShort()
  }
}

/** Decodes a recording file; throws a RecordingError whose message is meant for the user. */
export async function decodeRecording(bytes: Uint8Array): Promise<Recording> {
  if (!looksGzipped(bytes)) throw notARecording()
  return parseRecording(await gunzip(bytes))
}

export const useReplayStore = defineStore('replay', () => {
  const notices = useNoticesStore()
  const rec = shallowRef<Recording | null>(null)
  const name = ref('')
  /** The replay's clock: the recorded time shown now (ms since epoch). */
  const t = ref(0)
  const playing = ref(false)
  const speed = ref(1)
  const opening = ref(false)
  /** The last file refused, and why. */
  const error = ref<Msg | null>(null)
  /** The host itself only replays (--replay): there is no live session to return to. */
  const hostOnly = ref(false)
  let nextSnap = 0
  let nextEvent = 0
  let timer: ReturnType<typeof setInterval> | undefined

  const active = computed(() => rec.value !== null)
  const startedAt = computed(() => rec.value?.startedAt ?? 0)
  const endedAt = computed(() => rec.value?.endedAt ?? 0)

  /** Delivers everything recorded up to `to`; snapshots older than the history window are skipped. */
  function advance(to: number): void {
    const r = rec.value
    if (!r) return
    const { snapshots, events } = r
    while (nextEvent < events.length && events[nextEvent].at <= to) feed.playEvent(events[nextEvent++])
    const from = to - HISTORY_MS
    while (nextSnap < snapshots.length && snapshots[nextSnap].takenAt <= to) {
      const s = snapshots[nextSnap++]
      if (s.takenAt >= from) feed.playSnapshot(s)
    }
    t.value = to
    feed.setClock(to)
  }

  function seek(to: number): void {
    const r = rec.value
    if (!r) return
    to = Math.min(Math.max(to, r.startedAt), r.endedAt)
    if (to < t.value || (nextSnap === 0 && nextEvent === 0)) {
      // Back in time: every store starts over and is refilled up to the new position.
      feed.reset()
      nextSnap = 0
      nextEvent = 0
    }
    advance(to)
  }

  function frame(): void {
    const next = t.value + FRAME_MS * speed.value
    seek(next)
    if (next >= endedAt.value) pause()
  }

  function play(): void {
    if (!rec.value) return
    if (t.value >= endedAt.value) seek(startedAt.value)
    playing.value = true
    clearInterval(timer)
    timer = setInterval(frame, FRAME_MS)
  }

  function pause(): void {
    playing.value = false
    clearInterval(timer)
    timer = undefined
  }

  async function open(bytes: Uint8Array, fileName: string): Promise<boolean> {
    opening.value = true
    try {
      const r = await decodeRecording(bytes)
      pause()
      // Every store listens before the first frame, including those whose view was never opened.
      useEventsStore().connect()
      void useMonitorStore().connect()
      void useLabStore().connect()
      feed.beginReplay()
      rec.value = markRaw(r)
      name.value = fileName
      error.value = null
      if (r.header.scenarios?.length) useLabStore().setScenarios(r.header.scenarios)
      nextSnap = 0
      nextEvent = 0
      t.value = r.startedAt
      seek(r.startedAt)
      play()
      return true
    } catch (err) {
      const why: Msg =
        err instanceof RecordingError ? err.msg : { key: 'ui.replay.unreadable', params: { why: messageOf(err) } }
      error.value = { key: 'ui.replay.fileWhy', params: { file: fileName, why } }
      notices.error({ key: 'ui.replay.cannot', params: { what: error.value } })
      return false
    } finally {
      opening.value = false
    }
  }

  async function openFile(file: File): Promise<boolean> {
    return open(new Uint8Array(await file.arrayBuffer()), file.name)
  }

  /** A host started with --replay hands its file over at once. */
  async function detect(): Promise<void> {
    try {
      const info = await window.proclab.getRecording()
      if (!info.replayOnly) return
      hostOnly.value = true
      const file = await window.proclab.getRecordingFile('replay')
      if (file)
        await open(
          Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0)),
          file.name,
        )
    } catch (err) {
      notices.error({ key: 'ui.replay.hostFile', params: { why: reasonOf(err) } })
    }
  }

  /** Back to the live machine: the page starts afresh from the core. */
  function close(): void {
    pause()
    location.reload()
  }

  return {
    rec,
    name,
    t,
    playing,
    speed,
    opening,
    error,
    hostOnly,
    active,
    startedAt,
    endedAt,
    seek,
    play,
    pause,
    open,
    openFile,
    detect,
    close,
    setSpeed: (s: number) => (speed.value = s),
  }
})
