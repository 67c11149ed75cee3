// Snapshots from the core, and the history the charts draw. The snapshot sits
// in a shallowRef: thousands of processes must not become reactive proxies.
import { defineStore } from 'pinia'
import { computed, nextTick, ref, shallowRef } from 'vue'
import type { ProcessInfo, Snapshot } from '../../../shared/model'
import { messageOf, useNoticesStore } from './notices'
import { feed } from '../api/feed'

/** How much per-core history is kept (the chart shows the last 60 s of it). */
export const HISTORY_MS = 120_000

export interface CoreHistory {
  /** Sample times, ms since epoch. */
  readonly t: readonly number[]
  /** One series per core, percent. */
  readonly cores: readonly (readonly number[])[]
  /** Machine-normalised total, percent. */
  readonly total: readonly number[]
}

const EMPTY_HISTORY: CoreHistory = { t: [], cores: [], total: [] }

export const SAMPLING_CHOICES_MS = [250, 500, 1000, 2000, 5000, 10_000] as const

export const useMonitorStore = defineStore('monitor', () => {
  const notices = useNoticesStore()
  const snapshot = shallowRef<Snapshot | null>(null)
  const history = shallowRef<CoreHistory>(EMPTY_HISTORY)
  /** When the last snapshot arrived (client clock), to tell a stalled feed. */
  const receivedAt = ref(0)
  /** Time to apply the last snapshot and re-render, ms: shown in the status bar. */
  const updateMs = ref(0)
  let connected = false

  const byPid = computed(() => {
    const m = new Map<number, ProcessInfo>()
    for (const p of snapshot.value?.processes ?? []) m.set(p.pid, p)
    return m
  })

  function record(s: Snapshot): void {
    const h = history.value
    const cut = s.takenAt - HISTORY_MS
    let from = 0
    while (from < h.t.length && h.t[from] < cut) from++
    // A change in the number of cores (never in practice) restarts the history.
    const same = h.cores.length === s.cpus.length
    history.value = {
      t: [...h.t.slice(from), s.takenAt],
      cores: s.cpus.map((c, i) => [...(same ? h.cores[i].slice(from) : []), c.percent]),
      total: [...h.total.slice(from), s.cpuTotal],
    }
    if (!same) history.value = { t: [s.takenAt], cores: s.cpus.map((c) => [c.percent]), total: [s.cpuTotal] }
  }

  function apply(s: Snapshot): void {
    const t0 = performance.now()
    // Snapshots may overtake the first getSnapshot() reply; never step back.
    if (snapshot.value && s.seq <= snapshot.value.seq && s.takenAt <= snapshot.value.takenAt) return
    snapshot.value = s
    receivedAt.value = Date.now()
    record(s)
    void nextTick(() => (updateMs.value = performance.now() - t0))
  }

  async function connect(): Promise<void> {
    if (connected) return
    connected = true
    feed.onSnapshot(apply)
    feed.onReset(() => {
      snapshot.value = null
      history.value = EMPTY_HISTORY
    })
    try {
      const s = await window.proclab.getSnapshot()
      if (!feed.replaying()) apply(s)
    } catch (err) {
      notices.error(`Could not read the process table: ${messageOf(err)}`)
    }
  }

  async function setSampling(intervalMs: number): Promise<void> {
    try {
      await window.proclab.setSampling({ intervalMs })
      notices.info(`Sampling every ${intervalMs < 1000 ? `${intervalMs} ms` : `${intervalMs / 1000} s`}`)
    } catch (err) {
      notices.error(`Could not change the sampling interval: ${messageOf(err)}`)
    }
  }

  return { snapshot, history, byPid, receivedAt, updateMs, connect, setSampling }
})
