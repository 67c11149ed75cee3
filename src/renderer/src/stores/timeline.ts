// Thread timelines: every thread's scheduling state over the last minute, for
// each process a view shows (the details pane's Threads section, a thread
// scenario's view). A view watches a pid while it is on screen; the store asks
// the core once a second for each watched pid, and the core samples that
// process only while it is asked (thread-timeline.ts in the core).
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { Msg } from '../../../shared/msg'
import type { ThreadTimeline } from '../../../shared/thread-timeline'
import { feed } from '../api/feed'
import { reasonOf } from './notices'
import { useMonitorStore } from './monitor'

/** How often a watched timeline is asked for: the row moves by a second at a time. */
export const TIMELINE_POLL_MS = 1000

export interface TimelineEntry {
  readonly pid: number
  readonly value?: ThreadTimeline
  /** Why there is none (the process has gone, the system cannot tell): the core's message. */
  readonly error?: Msg | string
  /** A replay: the recorded process is not on this machine to be sampled. */
  readonly replay?: boolean
}

export const useTimelineStore = defineStore('timeline', () => {
  const monitor = useMonitorStore()
  const entries = shallowRef<ReadonlyMap<number, TimelineEntry>>(new Map())
  const watchers = new Map<number, number>()
  let timer: ReturnType<typeof setInterval> | undefined
  const inFlight = new Set<number>()

  function set(pid: number, e: TimelineEntry): void {
    const next = new Map(entries.value)
    next.set(pid, e)
    entries.value = next
  }

  async function ask(pid: number): Promise<void> {
    if (inFlight.has(pid)) return
    if (feed.replaying()) return set(pid, { pid, replay: true })
    inFlight.add(pid)
    try {
      const value = await window.proclab.getThreadTimeline(pid, 60)
      if (watchers.has(pid)) set(pid, { pid, value })
    } catch (err) {
      // The rows drawn so far stay: a process that has just ended keeps its last minute on screen.
      if (watchers.has(pid)) set(pid, { pid, value: entries.value.get(pid)?.value, error: reasonOf(err) })
    } finally {
      inFlight.delete(pid)
    }
  }

  function tick(): void {
    // Paused, the rows hold still as the charts do (and the core stops sampling after a while).
    if (monitor.paused) return
    for (const pid of watchers.keys()) {
      const e = entries.value.get(pid)
      // An ended process is not asked again: its rows stay as they were.
      if (e?.error && !e.value) continue
      void ask(pid)
    }
  }

  /** Starts asking for pid's timeline; the returned function stops (each view calls it when it leaves). */
  function watch(pid: number): () => void {
    watchers.set(pid, (watchers.get(pid) ?? 0) + 1)
    if (!entries.value.has(pid)) void ask(pid)
    timer ??= setInterval(tick, TIMELINE_POLL_MS)
    let done = false
    return () => {
      if (done) return
      done = true
      const n = (watchers.get(pid) ?? 1) - 1
      if (n > 0) return void watchers.set(pid, n)
      watchers.delete(pid)
      const next = new Map(entries.value)
      next.delete(pid)
      entries.value = next
      if (watchers.size === 0 && timer) {
        clearInterval(timer)
        timer = undefined
      }
    }
  }

  feed.onReset(() => {
    entries.value = new Map()
  })

  return { entries, watch }
})
