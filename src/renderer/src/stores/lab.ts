// The scenario lab: the catalogue, the option values being edited, the runs
// with their processes, output and lifecycle, and the scenario sources. Events
// arrive many times a second while a run is busy; they are folded into plain
// (non-reactive) records and published at most ten times a second through one
// version counter, so a chatty run cannot keep the page busy.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ScenarioSource } from '../../../shared/api'
import type { OptionValue, RunInfo, ScenarioInfo, ScenarioOption } from '../../../shared/model'
import { RunRecords, type RunRecord } from '../lib/run-records'
import { useMonitorStore } from './monitor'
import { messageOf, reasonOf, useNoticesStore } from './notices'
import { isMsg, type Msg } from '../../../shared/msg'
import { runsMsg } from '../i18n/ui-runs'
import { feed, REPLAY_REASON } from '../api/feed'
import { scheduleText, STEP_ACTION } from '../../../shared/scheduler'

export type FormValue = OptionValue | readonly string[]

export type SourceState = { readonly loading: true } | { readonly source: ScenarioSource } | { readonly error: string }

export const useLabStore = defineStore('lab', () => {
  const notices = useNoticesStore()
  const scenarios = shallowRef<readonly ScenarioInfo[]>([])
  const listError = ref<string | null>(null)
  const selectedId = ref<string | null>(null)
  const selectedRunId = ref<string | null>(null)
  /** Values the user has edited, per scenario; unset keys show the default. */
  const edits = ref<Record<string, Record<string, FormValue>>>({})
  const starting = ref(false)
  /**
   * The core's answer to the last refused start, and the option it names (if any):
   * `message` in English, `msg` the same to render in the user's language.
   */
  const startError = ref<{ scenarioId: string; message: string; msg?: Msg | string; key?: string } | null>(null)
  const actionError = ref<{ runId: string; message: string; msg?: Msg | string } | null>(null)
  const sources = shallowRef<ReadonlyMap<string, SourceState>>(new Map())

  // Runs live outside Vue's reactivity; `version` says when to look again.
  const runRecords = new RunRecords((runId) => {
    if (selectedRunId.value === runId) selectedRunId.value = null
  })
  const records = runRecords.records
  const version = ref(0)
  let flushTimer: ReturnType<typeof setTimeout> | undefined
  let connected = false

  function touch(): void {
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined
      version.value++
    }, 100)
  }

  /** A run this page did not watch: its processes, lifecycle and output as the core kept them. */
  async function restoreRun(run: RunInfo): Promise<void> {
    try {
      const log = await window.proclab.getRunRecord(run.runId)
      // The core's record holds every event this page may have folded meanwhile, so it replaces them.
      if (!feed.replaying()) runRecords.restore(run, log)
    } catch {
      // The core no longer lists it (pruned since listRuns answered): at least the run itself shows.
      if (feed.replaying() || records.has(run.runId)) return
      runRecords.record(run.runId, run)!.incomplete = true
    }
  }

  async function connect(): Promise<void> {
    if (connected) return
    connected = true
    feed.onEvent((e) => runRecords.receive(e) && touch())
    feed.onReset(() => {
      records.clear()
      version.value++
    })
    // Runs started before the lab was first opened (or by another window), with the processes the tree shows for them.
    const snap = useMonitorStore().snapshot
    try {
      const runs = await window.proclab.listRuns()
      if (!feed.replaying()) await Promise.all(runs.map(restoreRun))
    } catch {
      // The runs arrive with their next event; the panel works without the backlog.
    }
    for (const p of snap?.processes ?? []) {
      const r = p.runId ? records.get(p.runId) : undefined
      if (r && !r.processes.has(p.pid))
        r.processes.set(p.pid, { pid: p.pid, ppid: p.ppid, role: p.role ?? '', name: p.name, startedAt: 0 })
    }
    version.value++
    try {
      const list = await window.proclab.listScenarios()
      // A replay keeps the catalogue its recording brought.
      if (!feed.replaying() || !scenarios.value.length) scenarios.value = list
      listError.value = null
      if (!selectedId.value && scenarios.value.length) select(scenarios.value[0].id)
    } catch (err) {
      listError.value = messageOf(err)
      connected = false
    }
  }

  function select(id: string): void {
    selectedId.value = id
    const latest = runsOf(id).at(-1)
    selectedRunId.value = latest?.info.runId ?? null
    void loadSource(id)
  }

  async function loadSource(id: string): Promise<void> {
    if (sources.value.has(id)) return
    const set = (s: SourceState): void => {
      sources.value = new Map(sources.value).set(id, s)
    }
    set({ loading: true })
    try {
      set({ source: await window.proclab.getScenarioSource(id) })
    } catch (err) {
      set({ error: messageOf(err) })
    }
  }

  const selected = computed(() => scenarios.value.find((s) => s.id === selectedId.value) ?? null)

  function valueOf(scenarioId: string, o: ScenarioOption): FormValue {
    return edits.value[scenarioId]?.[o.key] ?? o.default
  }

  function setValue(scenarioId: string, key: string, value: FormValue): void {
    edits.value = { ...edits.value, [scenarioId]: { ...edits.value[scenarioId], [key]: value } }
    if (startError.value?.key === key) startError.value = null
  }

  function resetValues(scenarioId: string): void {
    const next = { ...edits.value }
    delete next[scenarioId]
    edits.value = next
    startError.value = null
  }

  /** Only what differs from the defaults is sent: the core fills in the rest, and checks all of it. */
  function optionsFor(s: ScenarioInfo): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const o of s.options) {
      const v = edits.value[s.id]?.[o.key]
      if (v !== undefined && JSON.stringify(v) !== JSON.stringify(o.default)) out[o.key] = v
    }
    return out
  }

  async function start(): Promise<void> {
    const s = selected.value
    if (!s || starting.value) return
    if (feed.replaying()) return void (startError.value = { scenarioId: s.id, message: '', msg: REPLAY_REASON })
    starting.value = true
    startError.value = null
    try {
      const options = optionsFor(s)
      const run = await window.proclab.startScenario(s.id, Object.keys(options).length ? options : undefined)
      // The run's own events may have arrived first; they are newer than this reply.
      runRecords.record(run.runId, run)
      selectedRunId.value = run.runId
      version.value++
    } catch (err) {
      const message = messageOf(err)
      const msg = reasonOf(err)
      const named = isMsg(msg) && msg.key.startsWith('core.optionError.') ? msg.params?.key : undefined
      startError.value = {
        scenarioId: s.id,
        message,
        msg,
        key: typeof named === 'string' ? named : /Option "([^"]+)"/.exec(message)?.[1],
      }
    } finally {
      starting.value = false
    }
  }

  async function stop(runId: string): Promise<void> {
    if (feed.replaying()) return notices.error(REPLAY_REASON)
    try {
      await window.proclab.stopScenario(runId)
    } catch (err) {
      notices.error(runsMsg('notice.couldNotStop', { runId, why: reasonOf(err) }))
    }
  }

  async function act(runId: string, action: string, options: Record<string, unknown>): Promise<boolean> {
    actionError.value = null
    if (feed.replaying()) {
      actionError.value = { runId, message: '', msg: REPLAY_REASON }
      return false
    }
    try {
      await window.proclab.scenarioAction(runId, action, options)
      return true
    } catch (err) {
      actionError.value = { runId, message: messageOf(err), msg: reasonOf(err) }
      return false
    }
  }

  /** Be the scheduler: lets one thread of a run take one step. */
  function step(runId: string, thread: string): Promise<boolean> {
    return act(runId, STEP_ACTION, { thread })
  }

  /**
   * Replay and undo: a new run of the same scenario with the same options,
   * taking `steps` at its start (the run this replaces is stopped first).
   */
  async function rerun(run: RunInfo, steps: readonly string[]): Promise<void> {
    if (feed.replaying()) return notices.error(REPLAY_REASON)
    try {
      if (!run.endedAt) await window.proclab.stopScenario(run.runId)
      const options = { ...run.options, schedule: 'manual', replay: scheduleText(steps) }
      const next = await window.proclab.startScenario(run.scenarioId, options)
      runRecords.record(next.runId, next)
      selectedRunId.value = next.runId
      version.value++
    } catch (err) {
      notices.error(runsMsg('notice.couldNotRerun', { why: reasonOf(err) }))
    }
  }

  function runsOf(scenarioId: string): RunRecord[] {
    return [...records.values()]
      .filter((r) => r.info.scenarioId === scenarioId)
      .sort((a, b) => a.info.startedAt - b.info.startedAt)
  }

  /** Every run, oldest first. Reading it subscribes to updates. */
  const allRuns = computed(() => {
    void version.value
    return [...records.values()].sort((a, b) => a.info.startedAt - b.info.startedAt)
  })

  const selectedRun = computed(() => {
    void version.value
    return selectedRunId.value ? (records.get(selectedRunId.value) ?? null) : null
  })

  return {
    scenarios,
    /** A replay brings the catalogue of the version that recorded it. */
    setScenarios: (list: readonly ScenarioInfo[]) => (scenarios.value = list),
    listError,
    selectedId,
    selected,
    selectedRunId,
    selectedRun,
    allRuns,
    version,
    edits,
    starting,
    startError,
    actionError,
    sources,
    connect,
    select,
    selectRun: (runId: string) => (selectedRunId.value = runId),
    valueOf,
    setValue,
    resetValues,
    start,
    stop,
    act,
    step,
    rerun,
    loadSource,
  }
})
