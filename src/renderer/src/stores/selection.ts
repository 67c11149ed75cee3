// The selected process: its details from the core, its CPU and memory history,
// and the actions on it (signals, join). Every action reports its outcome or
// its error through a notice.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type {
  JoinResult,
  ProcessDetails,
  ProcessHoldings,
  ProcessInfo,
  SignalName,
  ThreadState,
} from '../../../shared/model'
import { HISTORY_MS, useMonitorStore } from './monitor'
import { messageOf, reasonOf, useNoticesStore } from './notices'
import { runsMsg } from '../i18n/ui-runs'
import { feed, REPLAY_REASON } from '../api/feed'
import { subtreePids } from '../lib/process-tree'

/** As long as the machine's history (10 minutes). */

export interface ProcessHistory {
  readonly t: readonly number[]
  readonly cpu: readonly number[]
  readonly memory: readonly number[]
}

export type KillSignal = Extract<SignalName, 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGKILL'>

// Their names and what each does are in the catalog: ui.runs.actions.signal.<signal>.
export const KILL_SIGNALS: readonly { signal: KillSignal }[] = [
  { signal: 'SIGTERM' },
  { signal: 'SIGINT' },
  { signal: 'SIGHUP' },
  { signal: 'SIGKILL' },
]

export interface KillTarget {
  readonly pid: number
  readonly name: string
}

export interface PendingKill {
  /** The first target (the one process, or the root of a tree). */
  readonly pid: number
  readonly name: string
  readonly signal: KillSignal
  /** Every process the signal goes to, in the order it is sent; one confirmation for all of them. */
  readonly targets: readonly KillTarget[]
  /** A process and everything below it (children first). */
  readonly tree?: boolean
}

export interface JoinState {
  readonly pid: number
  readonly waiting: boolean
  readonly result?: JoinResult
}

const EMPTY: ProcessHistory = { t: [], cpu: [], memory: [] }

export const useSelectionStore = defineStore('selection', () => {
  const monitor = useMonitorStore()
  const notices = useNoticesStore()

  const pid = ref<number | null>(null)
  /** The last row seen for the selected pid, kept after it exits. */
  const lastKnown = shallowRef<ProcessInfo | undefined>(undefined)
  const lastDetails = shallowRef<ProcessDetails | undefined>(undefined)
  const recorded = shallowRef<ProcessHistory>(EMPTY)
  const startOverIfBack = (h: ProcessHistory, at: number): ProcessHistory =>
    h.t.length && h.t[h.t.length - 1] >= at ? EMPTY : h
  // Held still while the monitor is paused, as the machine's charts are.
  const frozen = shallowRef<ProcessHistory>(EMPTY)
  watch(
    () => monitor.paused,
    (p) => p && (frozen.value = recorded.value),
  )
  const history = computed(() => (monitor.paused ? frozen.value : recorded.value))
  /** Open files, sockets, environment... of the selected process: read when asked, not on every tick. */
  const holdings = shallowRef<{ pid: number; loading: boolean; value?: ProcessHoldings; error?: string } | null>(null)
  const pendingKill = shallowRef<PendingKill | null>(null)
  /**
   * Rows marked for a group action (Ctrl/Cmd-click, Shift-click, Space), as
   * htop's tagged processes; the selected process (pid) is the cursor, shown in
   * the details pane, and need not be marked.
   */
  const marked = shallowRef<ReadonlySet<number>>(new Set())

  function toggleMark(target: number): void {
    const next = new Set(marked.value)
    if (!next.delete(target)) next.add(target)
    marked.value = next
  }

  function markAll(pids: readonly number[], add = false): void {
    marked.value = new Set(add ? [...marked.value, ...pids] : pids)
  }

  function clearMarks(): void {
    if (marked.value.size) marked.value = new Set()
  }

  // A marked process that has exited is no longer a target.
  watch(
    () => monitor.byPid,
    (m) => {
      if (!marked.value.size) return
      const alive = [...marked.value].filter((x) => m.has(x))
      if (alive.length !== marked.value.size) marked.value = new Set(alive)
    },
  )
  const joinState = shallowRef<JoinState | null>(null)
  /** Bumped to ask the details pane to take focus (Enter in the tree). */
  const focusRequest = ref(0)
  const detailsOpen = ref(true)

  const info = computed<ProcessInfo | undefined>(() => (pid.value === null ? undefined : monitor.byPid.get(pid.value)))
  const alive = computed(() => info.value !== undefined)
  const details = computed<ProcessDetails | undefined>(() => {
    const sel = monitor.snapshot?.selected
    return sel && sel.pid === pid.value ? sel : undefined
  })
  /** The state of the process: the core's, or that of its main thread. */
  const state = computed<ThreadState | undefined>(() => {
    const d = details.value
    if (!d) return undefined
    return d.state ?? d.threads.find((t) => t.tid === d.pid)?.state
  })

  watch(
    () => monitor.live,
    (s) => {
      if (!s || pid.value === null) return
      const sel = s.selected?.pid === pid.value ? s.selected : undefined
      const p = sel ?? s.processes.find((x) => x.pid === pid.value)
      if (!p) return
      if (!monitor.paused) {
        lastKnown.value = info.value ?? lastKnown.value
        if (details.value) lastDetails.value = details.value
      }
      // A replay that jumps back starts the history over: time only moves forward in a chart.
      const h = startOverIfBack(recorded.value, s.takenAt)
      let from = 0
      while (from < h.t.length && h.t[from] < s.takenAt - HISTORY_MS) from++
      recorded.value = {
        t: [...h.t.slice(from), s.takenAt],
        cpu: [...h.cpu.slice(from), p.cpu],
        memory: [...h.memory.slice(from), p.memory],
      }
    },
  )

  // Arrow keys move the selection quickly; tell the core only where it settles.
  let selectTimer: ReturnType<typeof setTimeout> | undefined
  let told: number | null = null
  function tellCore(): void {
    selectTimer = undefined
    const want = pid.value
    if (want === told) return
    told = want
    window.proclab.selectProcess(want).catch((err: unknown) => {
      told = null
      notices.error(`Could not watch pid ${want}: ${messageOf(err)}`)
    })
  }

  function select(next: number | null): void {
    if (next === pid.value) return
    pid.value = next
    lastKnown.value = next === null ? undefined : monitor.byPid.get(next)
    lastDetails.value = undefined
    recorded.value = EMPTY
    frozen.value = EMPTY
    holdings.value = null
    if (joinState.value?.pid !== next) joinState.value = null
    clearTimeout(selectTimer)
    selectTimer = setTimeout(tellCore, 120)
  }

  function openDetails(): void {
    detailsOpen.value = true
    focusRequest.value++
  }

  async function signal(target: number, sig: SignalName): Promise<boolean> {
    if (feed.replaying()) {
      notices.error(REPLAY_REASON)
      return false
    }
    try {
      await window.proclab.kill(target, sig)
      notices.info(runsMsg('notice.sent', { signal: sig, pid: target }))
      return true
    } catch (err) {
      notices.error(runsMsg('notice.signalFailed', { signal: sig, pid: target, why: reasonOf(err) }))
      return false
    }
  }

  const targetOf = (target: number): KillTarget => {
    const p = monitor.byPid.get(target) ?? (lastKnown.value?.pid === target ? lastKnown.value : undefined)
    return { pid: target, name: p?.name ?? `pid ${target}` }
  }

  function askKill(target: number, sig: KillSignal = 'SIGTERM'): void {
    const one = targetOf(target)
    pendingKill.value = { ...one, signal: sig, targets: [one] }
  }

  /** One confirmation for several processes (the marked rows); one process asks as askKill does. */
  function askKillMany(pids: readonly number[], sig: KillSignal = 'SIGTERM'): void {
    if (pids.length === 0) return
    if (pids.length === 1) return askKill(pids[0], sig)
    const targets = pids.map(targetOf)
    pendingKill.value = { ...targets[0], signal: sig, targets }
  }

  /** One confirmation for a process and every process below it, as the table shows them now. */
  function askKillTree(root: number, sig: KillSignal = 'SIGTERM'): void {
    const pids = subtreePids(monitor.snapshot?.processes ?? [], root)
    const targets = (pids.length ? pids : [root]).map(targetOf)
    pendingKill.value = { ...targetOf(root), signal: sig, targets, tree: true }
  }

  async function confirmKill(): Promise<void> {
    const k = pendingKill.value
    pendingKill.value = null
    if (!k) return
    if (k.targets.length <= 1) {
      await signal(k.pid, k.signal)
      return
    }
    if (feed.replaying()) return notices.error(REPLAY_REASON)
    // Each pid is the core's to refuse (pid 1, ProcLab itself, its helpers, another user's process):
    // a refusal is reported for that pid and the others are still signalled.
    let sent = 0
    for (const t of k.targets) {
      try {
        await window.proclab.kill(t.pid, k.signal)
        sent++
      } catch (err) {
        notices.error(runsMsg('notice.signalFailed', { signal: k.signal, pid: t.pid, why: reasonOf(err) }))
      }
    }
    if (sent) notices.info(runsMsg('notice.sentMany', { signal: k.signal, n: sent, total: k.targets.length }))
    marked.value = new Set()
  }

  function cancelKill(): void {
    pendingKill.value = null
  }

  async function join(target: number, timeoutMs: number): Promise<void> {
    if (feed.replaying()) return notices.error(REPLAY_REASON)
    joinState.value = { pid: target, waiting: true }
    try {
      const result = await window.proclab.join(target, timeoutMs)
      if (joinState.value?.pid === target) joinState.value = { pid: target, waiting: false, result }
    } catch (err) {
      if (joinState.value?.pid === target) joinState.value = null
      notices.error(runsMsg('notice.joinFailed', { pid: target, why: reasonOf(err) }))
    }
  }

  async function loadHoldings(target: number): Promise<void> {
    holdings.value = {
      pid: target,
      loading: true,
      value: holdings.value?.pid === target ? holdings.value.value : undefined,
    }
    try {
      const value = await window.proclab.inspectProcess(target)
      if (pid.value === target) holdings.value = { pid: target, loading: false, value }
    } catch (err) {
      if (pid.value === target) holdings.value = { pid: target, loading: false, error: messageOf(err) }
    }
  }

  // Key presses come faster than snapshots: each change waits for the one before,
  // and starts from the value the OS reported for it, not from a snapshot taken earlier.
  let reniceChain: Promise<void> = Promise.resolve()
  let lastSet: { pid: number; nice: number; at: number } | undefined

  /** Changes the nice value by `delta` (+1 = nicer, a lower priority; -1 = a higher priority, root only). */
  function renice(target: number, delta: number): Promise<void> {
    reniceChain = reniceChain.then(() => reniceNow(target, delta))
    return reniceChain
  }

  const niceNow = (target: number): number | undefined => {
    const recent = lastSet && lastSet.pid === target && Date.now() - lastSet.at < 3000 ? lastSet.nice : undefined
    return recent ?? (details.value?.pid === target ? details.value.nice : monitor.byPid.get(target)?.nice)
  }

  async function reniceNow(target: number, delta: number): Promise<void> {
    if (feed.replaying()) return notices.error(REPLAY_REASON)
    const from = niceNow(target)
    if (from === undefined) {
      notices.error(runsMsg('notice.niceUnknown', { pid: target }))
      return
    }
    await setNiceNow(target, Math.max(-20, Math.min(19, from + delta)))
  }

  /**
   * Sets the nice value to `to` (a whole number, -20..19): what the user typed in
   * the details pane. Going lower than now needs privileges; the core refuses
   * that, as it refuses what kill refuses, and the notice says why.
   */
  function setNice(target: number, to: number): Promise<void> {
    reniceChain = reniceChain.then(() => setNiceNow(target, to))
    return reniceChain
  }

  async function setNiceNow(target: number, to: number): Promise<void> {
    if (feed.replaying()) return notices.error(REPLAY_REASON)
    if (!Number.isInteger(to) || to < -20 || to > 19) {
      notices.error(runsMsg('notice.niceInvalid'))
      return
    }
    const from = niceNow(target)
    if (from === to) {
      notices.info(runsMsg('notice.niceSame', { pid: target, n: to }))
      return
    }
    try {
      const now = await window.proclab.setPriority(target, to)
      lastSet = { pid: target, nice: now, at: Date.now() }
      notices.info(runsMsg('notice.niceDone', { pid: target, from: from ?? '—', to: now }))
    } catch (err) {
      notices.error(runsMsg('notice.niceFailed', { pid: target, why: reasonOf(err) }))
    }
  }

  return {
    holdings,
    loadHoldings,
    renice,
    pid,
    info,
    alive,
    details,
    state,
    lastKnown,
    lastDetails,
    history,
    pendingKill,
    joinState,
    focusRequest,
    detailsOpen,
    select,
    openDetails,
    signal,
    suspend: (target: number) => signal(target, 'SIGSTOP'),
    resume: (target: number) => signal(target, 'SIGCONT'),
    askKill,
    askKillMany,
    askKillTree,
    marked,
    toggleMark,
    markAll,
    clearMarks,
    setNice,
    confirmKill,
    cancelKill,
    join,
  }
})
