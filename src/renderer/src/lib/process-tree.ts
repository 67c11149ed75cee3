// Turns a flat process table into the rows the tree shows: parent/child by
// ppid, siblings sorted, collapsed subtrees left out, a filter that keeps the
// ancestors of every match, and the "started by ProcLab" scope. Or, as htop's
// F5 does, a flat list: every process at one level, the whole list sorted, so
// sorting by CPU puts the busiest process on top wherever it sits in the tree.
// Pure and allocation-light: it runs on every snapshot with thousands of processes.
import type { ProcessInfo, RunSummary } from '../../../shared/model'

export type SortKey =
  | 'name'
  | 'pid'
  | 'cpu'
  | 'memory'
  | 'virtual'
  | 'shared'
  | 'swap'
  | 'threads'
  | 'user'
  | 'state'
  | 'started'
  | 'nice'
  | 'ioRead'
  | 'ioWrite'
  | 'command'
export type SortDir = 'asc' | 'desc'
export type Scope = 'all' | 'proclab'

export interface ProcessRow {
  readonly kind: 'process'
  readonly key: string
  readonly depth: number
  readonly p: ProcessInfo
  readonly hasChildren: boolean
  readonly expanded: boolean
  /** False for an ancestor shown only to place a filter match in the tree. */
  readonly match: boolean
  /** Set for processes ProcLab started or their descendants: the run they belong to ('' = none). */
  readonly ownRun?: string
  /** The process that hosts ProcLab's core. */
  readonly self: boolean
  readonly parentKey?: string
}

/** A scenario run, grouping its processes in the "Started by ProcLab" scope. */
export interface RunRow {
  readonly kind: 'run'
  readonly key: string
  readonly depth: 0
  readonly runId: string
  readonly run?: RunSummary
  readonly hasChildren: boolean
  readonly expanded: boolean
  readonly parentKey?: undefined
}

export type TreeRow = ProcessRow | RunRow

export interface TreeOptions {
  readonly sortKey: SortKey
  readonly sortDir: SortDir
  readonly filter: string
  readonly scope: Scope
  readonly collapsed: ReadonlySet<string>
  readonly selfPid: number
  readonly runs: readonly RunSummary[]
  /** Leave out Linux kernel threads (kthreadd and its children), as htop does by default. */
  readonly hideKernel?: boolean
  /** One level, the whole list sorted (htop with its tree view, F5, off); the tree sorts siblings only. */
  readonly flat?: boolean
}

export interface Tree {
  readonly rows: readonly TreeRow[]
  readonly indexByKey: ReadonlyMap<string, number>
  /** Processes in the table. */
  readonly total: number
  /** Processes that match the filter within the scope (all of the scope without a filter). */
  readonly matched: number
  /** Processes ProcLab started, with their descendants. */
  readonly own: number
  /** Kernel threads left out (hideKernel). */
  readonly kernelHidden: number
}

export const processKey = (pid: number): string => `p${pid}`
export const runKey = (runId: string): string => `r${runId}`

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

function comparator(key: SortKey, dir: SortDir): (a: ProcessInfo, b: ProcessInfo) => number {
  const s = dir === 'asc' ? 1 : -1
  let by: (a: ProcessInfo, b: ProcessInfo) => number
  switch (key) {
    case 'cpu':
      by = (a, b) => a.cpu - b.cpu
      break
    case 'memory':
      by = (a, b) => a.memory - b.memory
      break
    // Unknown (another OS) sorts below every measured figure.
    case 'virtual':
      by = (a, b) => (a.virtual ?? -1) - (b.virtual ?? -1)
      break
    case 'shared':
      by = (a, b) => (a.shared ?? -1) - (b.shared ?? -1)
      break
    case 'swap':
      by = (a, b) => (a.swap ?? -1) - (b.swap ?? -1)
      break
    case 'threads':
      by = (a, b) => (a.threads ?? 0) - (b.threads ?? 0)
      break
    case 'name':
      by = (a, b) => collator.compare(a.name, b.name)
      break
    case 'user':
      by = (a, b) => collator.compare(a.user ?? '', b.user ?? '')
      break
    case 'state':
      by = (a, b) => (a.state ?? '').localeCompare(b.state ?? '')
      break
    case 'started':
      by = (a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0)
      break
    case 'nice':
      by = (a, b) => (a.nice ?? 0) - (b.nice ?? 0)
      break
    // Not permitted sorts below every measured figure, 0 included.
    case 'ioRead':
      by = (a, b) => (a.ioRead ?? -1) - (b.ioRead ?? -1)
      break
    case 'ioWrite':
      by = (a, b) => (a.ioWrite ?? -1) - (b.ioWrite ?? -1)
      break
    case 'command':
      by = (a, b) => collator.compare(a.cmd ?? a.name, b.cmd ?? b.name)
      break
    default:
      by = (a, b) => a.pid - b.pid
  }
  // Ties fall back to pid so rows do not swap places between snapshots.
  return (a, b) => by(a, b) * s || a.pid - b.pid
}

export function matcher(filter: string): ((p: ProcessInfo) => boolean) | undefined {
  const q = filter.trim().toLowerCase()
  if (!q) return undefined
  const digits = /^\d+$/.test(q)
  return (p) =>
    (digits && String(p.pid).startsWith(q)) ||
    p.name.toLowerCase().includes(q) ||
    (p.cmd !== undefined && p.cmd.toLowerCase().includes(q))
}

export function buildTree(processes: readonly ProcessInfo[], o: TreeOptions): Tree {
  const byPid = new Map<number, ProcessInfo>()
  for (const p of processes) byPid.set(p.pid, p)
  const children = new Map<number, ProcessInfo[]>()
  for (const p of processes) {
    if (p.ppid === p.pid || !byPid.has(p.ppid)) continue
    const list = children.get(p.ppid)
    if (list) list.push(p)
    else children.set(p.ppid, [p])
  }

  // Own processes: labelled by the supervisor, plus their descendants, which inherit the run.
  const ownRun = new Map<number, string>()
  const stack: [ProcessInfo, string][] = []
  for (const p of processes) if (p.runId !== undefined || p.role !== undefined) stack.push([p, ''])
  while (stack.length) {
    const [p, inherited] = stack.pop()!
    if (ownRun.has(p.pid)) continue
    const run = p.runId ?? inherited
    ownRun.set(p.pid, run)
    const kids = children.get(p.pid)
    if (kids) for (const c of kids) if (!ownRun.has(c.pid)) stack.push([c, run])
  }

  // Linux kernel threads all descend from kthreadd, a root (ppid 0).
  let kernel: Set<number> | undefined
  if (o.hideKernel) {
    const root = processes.find((p) => p.ppid === 0 && p.name === 'kthreadd')
    if (root) {
      kernel = new Set([root.pid])
      const todo = [root.pid]
      while (todo.length) {
        for (const c of children.get(todo.pop()!) ?? []) {
          if (kernel.has(c.pid)) continue
          kernel.add(c.pid)
          todo.push(c.pid)
        }
      }
    }
  }

  const inScope =
    o.scope === 'all'
      ? kernel && ((p: ProcessInfo) => !kernel.has(p.pid))
      : (p: ProcessInfo) => ownRun.has(p.pid) && !kernel?.has(p.pid)
  const match = matcher(o.filter)

  // The shown set; undefined means "every process" (no filter, all scope), the common case.
  let shown: Set<number> | undefined
  let matchedSet: Set<number> | undefined
  let matched = 0
  if (match || inScope) {
    shown = new Set()
    if (match) matchedSet = new Set()
    for (const p of processes) {
      if (inScope && !inScope(p)) continue
      if (match && !match(p)) continue
      matched++
      matchedSet?.add(p.pid)
      // The match and its ancestors (within the scope), up to one already placed.
      let cur: ProcessInfo | undefined = p
      while (cur && !shown.has(cur.pid) && (!inScope || inScope(cur))) {
        shown.add(cur.pid)
        cur = cur.ppid === cur.pid ? undefined : byPid.get(cur.ppid)
      }
    }
  } else {
    matched = processes.length
  }

  const isShown = (p: ProcessInfo): boolean => !shown || shown.has(p.pid)
  const kidsOf = (pid: number): ProcessInfo[] | undefined => {
    const all = children.get(pid)
    if (!all || !shown) return all
    const some = all.filter(isShown)
    return some.length ? some : undefined
  }
  const cmp = comparator(o.sortKey, o.sortDir)
  if (o.flat) return flatList(processes, o, cmp, { inScope, match, ownRun, matched, total: processes.length, kernel })

  const roots: ProcessInfo[] = []
  for (const p of processes) {
    if (!isShown(p)) continue
    const parent = p.ppid === p.pid ? undefined : byPid.get(p.ppid)
    if (!parent || !isShown(parent)) roots.push(p)
  }
  roots.sort(cmp)

  const rows: TreeRow[] = []
  const indexByKey = new Map<string, number>()
  const push = (row: TreeRow): void => {
    indexByKey.set(row.key, rows.length)
    rows.push(row)
  }

  const emit = (top: readonly ProcessInfo[], baseDepth: number, parentKey: string | undefined): void => {
    const work: [ProcessInfo, number, string | undefined][] = []
    for (let i = top.length - 1; i >= 0; i--) work.push([top[i], baseDepth, parentKey])
    while (work.length) {
      const [p, depth, pk] = work.pop()!
      const key = processKey(p.pid)
      const kids = kidsOf(p.pid)
      const expanded = kids !== undefined && !o.collapsed.has(key)
      push({
        kind: 'process',
        key,
        depth,
        p,
        hasChildren: kids !== undefined,
        expanded,
        match: !matchedSet || matchedSet.has(p.pid),
        ownRun: ownRun.get(p.pid),
        self: p.pid === o.selfPid,
        parentKey: pk,
      })
      if (expanded) {
        kids.sort(cmp)
        for (let i = kids.length - 1; i >= 0; i--) work.push([kids[i], depth + 1, key])
      }
    }
  }

  if (o.scope === 'proclab') {
    // Group top-level own processes under their run, newest run first; unlabelled-run ones last.
    const { runs, unlabelled } = groupByRun(roots, ownRun, o.runs)
    for (const { runId, run, list } of runs) {
      const key = runKey(runId)
      const expanded = !o.collapsed.has(key)
      push({ kind: 'run', key, depth: 0, runId, run, hasChildren: true, expanded })
      if (expanded) emit(list, 1, key)
    }
    emit(unlabelled, 0, undefined)
  } else {
    emit(roots, 0, undefined)
  }

  return { rows, indexByKey, total: processes.length, matched, own: ownRun.size, kernelHidden: kernel?.size ?? 0 }
}

interface FlatContext {
  readonly inScope: ((p: ProcessInfo) => boolean) | undefined
  readonly match: ((p: ProcessInfo) => boolean) | undefined
  readonly ownRun: ReadonlyMap<number, string>
  readonly matched: number
  readonly total: number
  readonly kernel: ReadonlySet<number> | undefined
}

/**
 * The flat list: the processes in scope that match the filter (no ancestors
 * brought along: there is no tree to place them in), all at one level and
 * sorted as one list. In the "started by ProcLab" scope each run still groups
 * its own processes, sorted among themselves.
 */
function flatList(
  processes: readonly ProcessInfo[],
  o: TreeOptions,
  cmp: (a: ProcessInfo, b: ProcessInfo) => number,
  c: FlatContext,
): Tree {
  const list: ProcessInfo[] = []
  for (const p of processes) if ((!c.inScope || c.inScope(p)) && (!c.match || c.match(p))) list.push(p)
  list.sort(cmp)

  const rows: TreeRow[] = []
  const indexByKey = new Map<string, number>()
  const push = (row: TreeRow): void => {
    indexByKey.set(row.key, rows.length)
    rows.push(row)
  }
  const emit = (ps: readonly ProcessInfo[], depth: number, parentKey: string | undefined): void => {
    for (const p of ps)
      push({
        kind: 'process',
        key: processKey(p.pid),
        depth,
        p,
        hasChildren: false,
        expanded: false,
        match: true,
        ownRun: c.ownRun.get(p.pid),
        self: p.pid === o.selfPid,
        parentKey,
      })
  }

  if (o.scope === 'proclab') {
    const { runs, unlabelled } = groupByRun(list, c.ownRun, o.runs)
    for (const { runId, run, list: own } of runs) {
      const key = runKey(runId)
      const expanded = !o.collapsed.has(key)
      push({ kind: 'run', key, depth: 0, runId, run, hasChildren: true, expanded })
      if (expanded) emit(own, 1, key)
    }
    emit(unlabelled, 0, undefined)
  } else {
    emit(list, 0, undefined)
  }
  return {
    rows,
    indexByKey,
    total: c.total,
    matched: c.matched,
    own: c.ownRun.size,
    kernelHidden: c.kernel?.size ?? 0,
  }
}

/**
 * The pids a kill of "this process and everything below it" signals: the
 * process and its descendants by ppid, deepest first, so that children are
 * signalled before the parent that might respawn them. Taken from the
 * snapshot, so it lists what the user saw in the confirmation.
 */
export function subtreePids(processes: readonly ProcessInfo[], root: number): number[] {
  const children = new Map<number, number[]>()
  for (const p of processes) {
    if (p.ppid === p.pid) continue
    const l = children.get(p.ppid)
    if (l) l.push(p.pid)
    else children.set(p.ppid, [p.pid])
  }
  const order: number[] = []
  const seen = new Set<number>()
  const todo = [root]
  while (todo.length) {
    const pid = todo.shift()!
    if (seen.has(pid)) continue
    seen.add(pid)
    order.push(pid)
    for (const c of children.get(pid) ?? []) todo.push(c)
  }
  return order.reverse()
}

/**
 * The rows a Shift-click selects: every process row from the anchor to the
 * target, inclusive, in the order shown. An anchor no longer shown selects the
 * target alone.
 */
export function rangePids(rows: readonly TreeRow[], anchor: number, target: number): number[] {
  const a = rows.findIndex((r) => r.kind === 'process' && r.p.pid === anchor)
  const b = rows.findIndex((r) => r.kind === 'process' && r.p.pid === target)
  if (b < 0) return []
  if (a < 0) return [target]
  const out: number[] = []
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
    const r = rows[i]
    if (r.kind === 'process') out.push(r.p.pid)
  }
  return out
}

/** ProcLab's processes by the run that started them, newest run first; those of no listed run apart. */
function groupByRun(
  list: readonly ProcessInfo[],
  ownRun: ReadonlyMap<number, string>,
  runs: readonly RunSummary[],
): { runs: { runId: string; run: RunSummary | undefined; list: ProcessInfo[] }[]; unlabelled: ProcessInfo[] } {
  const byRun = new Map<string, ProcessInfo[]>()
  for (const p of list) {
    const run = ownRun.get(p.pid) ?? ''
    const l = byRun.get(run)
    if (l) l.push(p)
    else byRun.set(run, [p])
  }
  const runInfo = new Map(runs.map((r) => [r.runId, r]))
  const grouped = [...byRun.keys()]
    .filter((r) => r !== '')
    .map((runId) => ({ runId, run: runInfo.get(runId), list: byRun.get(runId)! }))
  grouped.sort((a, b) => (b.run?.startedAt ?? 0) - (a.run?.startedAt ?? 0))
  return { runs: grouped, unlabelled: byRun.get('') ?? [] }
}
