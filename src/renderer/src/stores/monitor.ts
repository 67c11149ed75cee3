// Snapshots from the core, and the history the charts draw. The snapshot sits
// in a shallowRef: thousands of processes must not become reactive proxies.
// Paused, the view (tree, charts) holds still while history keeps recording
// behind it; resuming catches up at once.
import { defineStore } from 'pinia'
import { computed, nextTick, ref, shallowRef } from 'vue'
import type { ProcessInfo, Snapshot } from '../../../shared/model'
import { messageOf, useNoticesStore } from './notices'
import { feed } from '../api/feed'

/** How much history is kept: the charts show the last minute or all ten. */
export const HISTORY_MS = 600_000
export const WINDOWS_MS = [60_000, 600_000] as const

export interface CoreHistory {
  /** Sample times, ms since epoch. */
  readonly t: readonly number[]
  /** One series per core, percent. */
  readonly cores: readonly (readonly number[])[]
  /** Machine-normalised total, percent. */
  readonly total: readonly number[]
  /** Disk and network, bytes per second. */
  readonly diskRead: readonly number[]
  readonly diskWrite: readonly number[]
  readonly netReceive: readonly number[]
  readonly netSend: readonly number[]
}

const EMPTY_HISTORY: CoreHistory = {
  t: [],
  cores: [],
  total: [],
  diskRead: [],
  diskWrite: [],
  netReceive: [],
  netSend: [],
}

export const SAMPLING_CHOICES_MS = [250, 500, 1000, 2000, 5000, 10_000] as const

/**
 * Whether what the page shows is current: 'live' while snapshots arrive; 'stalled' when none came
 * for a few sampling periods (the host is stuck, or the machine too busy to run it); 'disconnected'
 * when the transport itself is gone (the web host's WebSocket), while it reconnects.
 */
export type FeedState = 'connecting' | 'live' | 'stalled' | 'disconnected'

/** No snapshot for this long means the feed is stuck, not merely late: three missed ticks, and never under 3 s. */
export function staleAfterMs(intervalMs: number): number {
  return Math.max(3000, 3 * intervalMs + 1000)
}

export const useMonitorStore = defineStore('monitor', () => {
  const notices = useNoticesStore()
  /** The snapshot on screen (held while paused). */
  const snapshot = shallowRef<Snapshot | null>(null)
  /** The newest snapshot, paused or not: what the selected process's history records. */
  const live = shallowRef<Snapshot | null>(null)
  /** The history on screen (held while paused). */
  const history = shallowRef<CoreHistory>(EMPTY_HISTORY)
  let recorded: CoreHistory = EMPTY_HISTORY
  const paused = ref(false)
  /** How much history the charts show, ms. */
  const windowMs = ref<number>(WINDOWS_MS[0])
  /** When the last snapshot arrived (client clock), to tell a stalled feed. */
  const receivedAt = ref(0)
  /** Time to apply the last snapshot and re-render, ms: shown in the status bar. */
  const updateMs = ref(0)
  let connected = false
  /** The client clock, ticking while connected: what tells a snapshot that stopped coming. */
  const now = ref(Date.now())
  const transport = ref<'open' | 'closed'>('open')
  const feedState = computed<FeedState>(() => {
    if (transport.value === 'closed') return 'disconnected'
    if (!receivedAt.value) return 'connecting'
    const intervalMs = live.value?.sampling.intervalMs ?? 1000
    return now.value - receivedAt.value > staleAfterMs(intervalMs) ? 'stalled' : 'live'
  })
  /** Seconds since the last snapshot, for the header's explanation. */
  const silentFor = computed(() =>
    receivedAt.value ? Math.max(0, Math.round((now.value - receivedAt.value) / 1000)) : 0,
  )

  const byPid = computed(() => {
    const m = new Map<number, ProcessInfo>()
    for (const p of snapshot.value?.processes ?? []) m.set(p.pid, p)
    return m
  })

  function record(s: Snapshot): void {
    const h = recorded
    const cut = s.takenAt - HISTORY_MS
    let from = 0
    while (from < h.t.length && h.t[from] < cut) from++
    // A change in the number of cores (never in practice) restarts the history.
    const keep = h.cores.length === s.cpus.length ? from : h.t.length
    const add = (xs: readonly number[], v: number): number[] => [...xs.slice(keep), v]
    const io = s.throughput
    recorded = {
      t: add(h.t, s.takenAt),
      cores: s.cpus.map((c, i) => add(h.cores[i] ?? [], c.percent)),
      total: add(h.total, s.cpuTotal),
      diskRead: add(h.diskRead, io?.diskRead ?? 0),
      diskWrite: add(h.diskWrite, io?.diskWrite ?? 0),
      netReceive: add(h.netReceive, io?.netReceive ?? 0),
      netSend: add(h.netSend, io?.netSend ?? 0),
    }
    if (!paused.value) history.value = recorded
  }

  function setPaused(on: boolean): void {
    paused.value = on
    if (!on) {
      if (live.value) snapshot.value = live.value
      history.value = recorded
    }
  }

  function apply(s: Snapshot): void {
    const t0 = performance.now()
    // Snapshots may overtake the first getSnapshot() reply; never step back.
    if (live.value && s.seq <= live.value.seq && s.takenAt <= live.value.takenAt) return
    live.value = s
    if (!paused.value) snapshot.value = s
    receivedAt.value = now.value = Date.now()
    record(s)
    void nextTick(() => (updateMs.value = performance.now() - t0))
  }

  async function connect(): Promise<void> {
    if (connected) return
    connected = true
    setInterval(() => (now.value = Date.now()), 1000)
    feed.onSnapshot(apply)
    window.proclab.onConnection?.((state) => {
      transport.value = state
      // Back again: show the current table at once rather than at the next tick.
      if (state === 'open')
        window.proclab.getSnapshot().then(
          (s) => {
            if (!feed.replaying()) apply(s)
          },
          () => {},
        )
    })
    // A replay starts or jumps back: forget everything, the live copy and the recorded history too,
    // or the older snapshots that refill the stores would be taken for late arrivals and dropped.
    feed.onReset(() => {
      live.value = null
      snapshot.value = null
      recorded = EMPTY_HISTORY
      history.value = EMPTY_HISTORY
    })
    try {
      const s = await window.proclab.getSnapshot()
      if (!feed.replaying()) apply(s)
    } catch (err) {
      notices.error(`Could not read the process table: ${messageOf(err)}`)
    }
  }

  async function setSampling(intervalMs: number, quiet = false): Promise<void> {
    try {
      await window.proclab.setSampling({ intervalMs })
      if (!quiet) notices.info(`Sampling every ${intervalMs < 1000 ? `${intervalMs} ms` : `${intervalMs / 1000} s`}`)
    } catch (err) {
      notices.error(`Could not change the sampling interval: ${messageOf(err)}`)
    }
  }

  return {
    snapshot,
    live,
    history,
    paused,
    windowMs,
    byPid,
    receivedAt,
    updateMs,
    feedState,
    silentFor,
    connect,
    setSampling,
    setPaused,
  }
})
