// The selected process: its details from the core, its CPU and memory history,
// and the actions on it (signals, join). Every action reports its outcome or
// its error through a notice.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { JoinResult, ProcessDetails, ProcessInfo, SignalName, ThreadState } from '../../../shared/model'
import { useMonitorStore } from './monitor'
import { messageOf, useNoticesStore } from './notices'
import { feed, REPLAY_REASON } from '../api/feed'

const HISTORY_POINTS = 240

export interface ProcessHistory {
  readonly t: readonly number[]
  readonly cpu: readonly number[]
  readonly memory: readonly number[]
}

export type KillSignal = Extract<SignalName, 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGKILL'>

export const KILL_SIGNALS: readonly { signal: KillSignal; label: string; help: string }[] = [
  { signal: 'SIGTERM', label: 'Terminate', help: 'Asks the process to exit; it may clean up first.' },
  { signal: 'SIGINT', label: 'Interrupt', help: 'What Ctrl-C sends.' },
  { signal: 'SIGHUP', label: 'Hang up', help: 'The terminal went away; daemons often reload.' },
  { signal: 'SIGKILL', label: 'Kill', help: 'Ends it at once. It cannot be caught or ignored.' },
]

export interface PendingKill {
  readonly pid: number
  readonly name: string
  readonly signal: KillSignal
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
  const history = shallowRef<ProcessHistory>(EMPTY)
  const pendingKill = shallowRef<PendingKill | null>(null)
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
    () => monitor.snapshot,
    (s) => {
      if (!s || pid.value === null) return
      const p = info.value
      if (!p) return
      lastKnown.value = p
      if (details.value) lastDetails.value = details.value
      const h = history.value
      const from = h.t.length >= HISTORY_POINTS ? h.t.length - HISTORY_POINTS + 1 : 0
      const mem = details.value?.memory ?? p.memory
      const cpu = details.value?.cpu ?? p.cpu
      history.value = { t: [...h.t.slice(from), s.takenAt], cpu: [...h.cpu.slice(from), cpu], memory: [...h.memory.slice(from), mem] }
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
    history.value = EMPTY
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
      notices.info(`Sent ${sig} to pid ${target}`)
      return true
    } catch (err) {
      notices.error(`${sig} to pid ${target} failed: ${messageOf(err)}`)
      return false
    }
  }

  function askKill(target: number, sig: KillSignal = 'SIGTERM'): void {
    const p = monitor.byPid.get(target) ?? (lastKnown.value?.pid === target ? lastKnown.value : undefined)
    pendingKill.value = { pid: target, name: p?.name ?? `pid ${target}`, signal: sig }
  }

  async function confirmKill(): Promise<void> {
    const k = pendingKill.value
    pendingKill.value = null
    if (k) await signal(k.pid, k.signal)
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
      notices.error(`Join pid ${target} failed: ${messageOf(err)}`)
    }
  }

  return {
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
    confirmKill,
    cancelKill,
    join,
  }
})
