// The live event log: spawns, exits, signals, output lines, run changes, logs.
// Bounded, newest first. Bursts of output are applied at most ten times a
// second so a chatty child cannot keep the page busy.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { ExitInfo, LabEvent, RunStatus } from '../../../shared/model'
import { formatDuration } from '../lib/format'
import { exitAfterMsg } from '../lib/run-records'
import type { Msg } from '../../../shared/msg'
import { runsMsg } from '../i18n/ui-runs'
import { feed } from '../api/feed'

export const MAX_EVENTS = 500

export type LogKind = 'spawn' | 'exit' | 'signal' | 'output' | 'stderr' | 'run' | 'restart' | 'info' | 'warn' | 'error'

export interface LogItem {
  readonly id: number
  readonly at: number
  readonly kind: LogKind
  readonly pid?: number
  /** Output lines as printed; everything else a message, rendered in the dashboard's language when shown. */
  readonly text: Msg | string
  readonly runId?: string
  readonly role?: string
}

export const useEventsStore = defineStore('events', () => {
  const items = shallowRef<readonly LogItem[]>([])
  /** Last exit seen per pid, so the details pane can say how a process ended. */
  const exits = shallowRef<ReadonlyMap<number, ExitInfo>>(new Map())
  let pending: LogItem[] = []
  let pendingExits: ExitInfo[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let nextId = 1
  let connected = false
  const runStatus = new Map<string, RunStatus>()

  function flush(): void {
    timer = undefined
    if (pending.length) {
      items.value = [...pending.reverse(), ...items.value].slice(0, MAX_EVENTS)
      pending = []
    }
    if (pendingExits.length) {
      const m = new Map(exits.value)
      for (const e of pendingExits) m.set(e.pid, e)
      // Bounded like the log.
      while (m.size > MAX_EVENTS) m.delete(m.keys().next().value!)
      exits.value = m
      pendingExits = []
    }
  }

  function add(item: Omit<LogItem, 'id'>): void {
    pending.push({ id: nextId++, ...item })
    if (pending.length > MAX_EVENTS) pending = pending.slice(-MAX_EVENTS)
    timer ??= setTimeout(flush, 100)
  }

  function receive(e: LabEvent): void {
    switch (e.type) {
      case 'spawn':
        add({
          at: e.at,
          kind: 'spawn',
          pid: e.pid,
          text: runsMsg('events.started', { name: e.name, ppid: e.ppid }),
          runId: e.runId,
          role: e.role,
        })
        break
      case 'exit':
        pendingExits.push(e.exit)
        add({
          at: e.at,
          kind: 'exit',
          pid: e.exit.pid,
          text: exitAfterMsg(e.exit),
          runId: e.runId,
          role: e.role,
        })
        break
      case 'signal':
        add({ at: e.at, kind: 'signal', pid: e.pid, text: runsMsg('events.sent', { signal: e.signal }) })
        break
      case 'output':
        add({
          at: e.at,
          kind: e.stream === 'stderr' ? 'stderr' : 'output',
          pid: e.pid,
          text: e.text.replace(/\n$/, ''),
          runId: e.runId,
          role: e.role,
        })
        break
      case 'restart':
        add({
          at: e.at,
          kind: 'restart',
          pid: e.oldPid,
          text: runsMsg('events.restarting', { attempt: e.attempt, delay: formatDuration(e.delayMs) }),
          runId: e.runId,
          role: e.role,
        })
        break
      case 'run': {
        // Runs re-announce themselves on every live update; log only status changes.
        if (runStatus.get(e.run.runId) === e.run.status) break
        runStatus.set(e.run.runId, e.run.status)
        const why = e.run.errorMsg ?? e.run.error ?? e.run.outcome?.summary
        const params = {
          title: { key: `scenario.${e.run.scenarioId}.title` },
          status: runsMsg(`status.${e.run.status}`),
        }
        add({
          at: e.at,
          kind: 'run',
          text: why ? runsMsg('events.runWhy', { ...params, why }) : runsMsg('events.run', params),
          runId: e.run.runId,
        })
        break
      }
      case 'log':
        add({ at: e.at, kind: e.level, text: e.text, runId: e.runId })
        break
    }
  }

  function connect(): void {
    if (connected) return
    connected = true
    feed.onEvent(receive)
    feed.onReset(() => {
      clearTimeout(timer)
      timer = undefined
      pending = []
      pendingExits = []
      items.value = []
      exits.value = new Map()
      runStatus.clear()
    })
  }

  function clear(): void {
    items.value = []
  }

  return { items, exits, connect, clear }
})
