// The thread list as the user reads it: each process's threads under that
// process (a Node host's and a Python program's "MainThread" are different
// threads), and, once the run has ended, no thread still "running" or
// "waiting for lock B": what a thread was doing when its process ended is
// shown as such.
import type { Msg } from '../../../shared/msg'
import type { LabThread } from '../../../shared/thread-lab'
import { runsMsg } from '../i18n/ui-runs'

export type ThreadKind = 'running' | 'blocked' | 'ended' | 'idle'

export interface ThreadRow {
  readonly thread: LabThread
  /** The state shown: the thread's own while the run lives; after, an end ("done", "ended while waiting for lock B"). */
  readonly state: Msg
  /** The state's id (data-state): the thread's own, or "ended" for one its process's end stopped. */
  readonly id: string
  /** What the thread last said it was doing (core.thread.<id>). */
  readonly lastId: string
  readonly kind: ThreadKind
}

export interface ThreadGroup {
  readonly pid: number
  /** The process's role in the run ("scenario host"), '' when the run did not label it. */
  readonly role: string
  readonly rows: readonly ThreadRow[]
}

const OVER = new Set(['done', 'terminated', 'endedWithHost'])

/** The state's name: the last part of its key (core.thread.waiting → waiting). A recording made before states were messages carries words. */
export const stateId = (state: Msg | string): string =>
  typeof state === 'string' ? state : state.key.slice(state.key.lastIndexOf('.') + 1)

function kindOf(id: string): ThreadKind {
  if (id === 'waiting') return 'blocked'
  if (id === 'running') return 'running'
  return OVER.has(id) || id === 'ended' ? 'ended' : 'idle'
}

export function threadRow(thread: LabThread, runEnded: boolean): ThreadRow {
  const lastId = stateId(thread.state)
  if (!runEnded || OVER.has(lastId)) return { thread, state: thread.state, id: lastId, lastId, kind: kindOf(lastId) }
  const state = runsMsg('threads.endedWhile', { state: thread.state })
  return { thread, state, id: 'ended', lastId, kind: 'ended' }
}

/** The threads by process, in the order the processes first appear; the host's processes' roles from the run's table. */
export function threadGroups(
  threads: readonly LabThread[],
  processes: readonly { readonly pid: number; readonly role: string }[],
  runEnded: boolean,
): ThreadGroup[] {
  const groups = new Map<number, ThreadRow[]>()
  for (const t of threads) {
    const rows = groups.get(t.pid) ?? []
    rows.push(threadRow(t, runEnded))
    groups.set(t.pid, rows)
  }
  const roles = new Map(processes.map((p) => [p.pid, p.role]))
  return [...groups].map(([pid, rows]) => ({ pid, role: roles.get(pid) ?? '', rows }))
}

/** "2 running, 1 done" of the states shown, so the summary agrees with the rows. */
export function stateCounts(groups: readonly ThreadGroup[]): { n: number; state: Msg }[] {
  const counts = new Map<string, { n: number; state: Msg }>()
  for (const g of groups)
    for (const r of g.rows) {
      const key = r.id === 'ended' ? 'ended' : JSON.stringify(r.state)
      const seen = counts.get(key)
      counts.set(key, { n: (seen?.n ?? 0) + 1, state: r.id === 'ended' ? runsMsg('threads.ended') : r.state })
    }
  return [...counts.values()]
}
