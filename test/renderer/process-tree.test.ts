// The process tree as the user reads it: which rows appear, in which order, at
// which depth, what a fold hides, what a filter keeps, and how ProcLab's own
// processes are grouped by run. Pure logic, so plain tables stand in for /proc.
import { describe, expect, it } from 'vitest'
import {
  buildTree,
  processKey,
  rangePids,
  subtreePids,
  runKey,
  type ProcessRow,
  type SortKey,
  type Tree,
  type TreeOptions,
  type TreeRow,
} from '../../src/renderer/src/lib/process-tree'
import type { ProcessInfo, RunSummary } from '../../src/shared/model'

const proc = (pid: number, ppid: number, name: string, extra: Partial<ProcessInfo> = {}): ProcessInfo => ({
  pid,
  ppid,
  name,
  cpu: 0,
  memory: 0,
  ...extra,
})

const OPTS: TreeOptions = {
  sortKey: 'pid',
  sortDir: 'asc',
  filter: '',
  scope: 'all',
  collapsed: new Set(),
  selfPid: -1,
  runs: [],
}

const tree = (ps: readonly ProcessInfo[], o: Partial<TreeOptions> = {}): Tree => buildTree(ps, { ...OPTS, ...o })

/** Rows as the tree draws them: indentation by depth, then the pid or the run. */
const outline = (t: Tree): string[] =>
  t.rows.map((r) => '  '.repeat(r.depth) + (r.kind === 'run' ? `run ${r.runId}` : String(r.p.pid)))

const processRows = (t: Tree): ProcessRow[] => t.rows.filter((r): r is ProcessRow => r.kind === 'process')
const row = (t: Tree, key: string): TreeRow => t.rows[t.indexByKey.get(key)!]

// init ─┬─ sshd ── bash ── vim
//       └─ cron
const SMALL = [
  proc(1, 0, 'init'),
  proc(300, 1, 'cron'),
  proc(200, 1, 'sshd', { cmd: '/usr/sbin/sshd -D' }),
  proc(210, 200, 'bash'),
  proc(220, 210, 'vim', { cmd: 'vim notes.txt' }),
]

describe('shape', () => {
  it('puts every child under its parent, depth by depth', () => {
    const t = tree(SMALL)
    expect(outline(t)).toEqual(['1', '  200', '    210', '      220', '  300'])
    expect(row(t, processKey(220)).parentKey).toBe(processKey(210))
    expect(row(t, processKey(1)).parentKey).toBeUndefined()
    expect(t.rows.map((r) => r.hasChildren)).toEqual([true, true, true, false, false])
    expect(t.total).toBe(5)
    expect(t.matched).toBe(5)
  })

  it('shows a process whose parent is not in the table as a root, with its own children under it', () => {
    // 500's parent 499 already exited (or belongs to another namespace).
    const t = tree([...SMALL, proc(500, 499, 'orphan'), proc(501, 500, 'orphan-child')])
    expect(outline(t)).toEqual(['1', '  200', '    210', '      220', '  300', '500', '  501'])
  })

  it('treats a process that names itself as parent as a root instead of looping', () => {
    const t = tree([proc(7, 7, 'self-parent'), proc(8, 7, 'kid')])
    expect(outline(t)).toEqual(['7', '  8'])
  })

  it('indexes every row by its key', () => {
    const t = tree(SMALL)
    t.rows.forEach((r, i) => expect(t.indexByKey.get(r.key)).toBe(i))
    expect(t.indexByKey.size).toBe(t.rows.length)
  })

  it('marks the process that hosts ProcLab', () => {
    const t = tree(SMALL, { selfPid: 210 })
    expect(
      processRows(t)
        .filter((r) => r.self)
        .map((r) => r.p.pid),
    ).toEqual([210])
  })
})

describe('folding', () => {
  it('hides the whole subtree of a folded process and shows it again when unfolded', () => {
    const folded = tree(SMALL, { collapsed: new Set([processKey(200)]) })
    expect(outline(folded)).toEqual(['1', '  200', '  300'])
    const r = row(folded, processKey(200))
    expect(r.hasChildren).toBe(true)
    expect(r.expanded).toBe(false)

    const open = tree(SMALL, { collapsed: new Set() })
    expect(outline(open)).toEqual(['1', '  200', '    210', '      220', '  300'])
    expect(row(open, processKey(200)).expanded).toBe(true)
  })

  it('keeps a fold deep inside the tree when an ancestor is folded and unfolded', () => {
    const t = tree(SMALL, { collapsed: new Set([processKey(210)]) })
    expect(outline(t)).toEqual(['1', '  200', '    210', '  300'])
  })

  it('never calls a leaf expanded, folded or not', () => {
    const t = tree(SMALL, { collapsed: new Set([processKey(220)]) })
    expect(row(t, processKey(220))).toMatchObject({ hasChildren: false, expanded: false })
  })
})

describe('sorting', () => {
  // Siblings under one parent that differ in every sortable column.
  const KIDS = [
    proc(1, 0, 'init'),
    proc(12, 1, 'worker 10', { cpu: 5, memory: 300, threads: 1, user: 'root' }),
    proc(11, 1, 'worker 2', { cpu: 50, memory: 100, threads: 8, user: 'bob' }),
    proc(13, 1, 'Alpha', { cpu: 20, memory: 200, threads: 4, user: 'alice' }),
  ]
  const order = (sortKey: SortKey, sortDir: 'asc' | 'desc'): number[] =>
    processRows(tree(KIDS, { sortKey, sortDir }))
      .filter((r) => r.depth === 1)
      .map((r) => r.p.pid)

  it.each([
    ['pid', [11, 12, 13]],
    ['cpu', [12, 13, 11]],
    ['memory', [11, 13, 12]],
    ['threads', [12, 13, 11]],
    // Case-insensitive and numeric: "worker 2" before "worker 10".
    ['name', [13, 11, 12]],
    ['user', [13, 11, 12]],
  ] as const)('orders siblings by %s, and reverses for descending', (key, asc) => {
    expect(order(key, 'asc')).toEqual(asc)
    expect(order(key, 'desc')).toEqual([...asc].reverse())
  })

  it('breaks ties by pid in both directions, so equal rows keep their places between snapshots', () => {
    const tied = [proc(1, 0, 'init'), proc(30, 1, 'a'), proc(10, 1, 'a'), proc(20, 1, 'a')]
    for (const sortDir of ['asc', 'desc'] as const) {
      const pids = processRows(tree(tied, { sortKey: 'cpu', sortDir }))
        .filter((r) => r.depth === 1)
        .map((r) => r.p.pid)
      expect(pids).toEqual([10, 20, 30])
    }
  })

  it('sorts within each parent, never moving a child out from under it', () => {
    const ps = [
      proc(1, 0, 'init'),
      proc(2, 1, 'a', { cpu: 1 }),
      proc(3, 1, 'b', { cpu: 2 }),
      proc(4, 2, 'a-hot', { cpu: 90 }),
      proc(5, 2, 'a-cold', { cpu: 0 }),
    ]
    expect(outline(tree(ps, { sortKey: 'cpu', sortDir: 'desc' }))).toEqual(['1', '  3', '  2', '    4', '    5'])
  })

  it('sorts the roots too', () => {
    const ps = [proc(9, 0, 'b', { memory: 1 }), proc(8, 0, 'a', { memory: 2 })]
    expect(outline(tree(ps, { sortKey: 'memory', sortDir: 'desc' }))).toEqual(['8', '9'])
    expect(outline(tree(ps, { sortKey: 'name', sortDir: 'desc' }))).toEqual(['9', '8'])
  })
})

describe('filter', () => {
  it('finds by name, ignoring case, and keeps the ancestors to place the match', () => {
    const t = tree(SMALL, { filter: 'VIM' })
    expect(outline(t)).toEqual(['1', '  200', '    210', '      220'])
    expect(processRows(t).map((r) => [r.p.pid, r.match])).toEqual([
      [1, false],
      [200, false],
      [210, false],
      [220, true],
    ])
    expect(t.matched).toBe(1)
    expect(t.total).toBe(5)
  })

  it('finds by command line', () => {
    expect(outline(tree(SMALL, { filter: 'notes.txt' }))).toEqual(['1', '  200', '    210', '      220'])
    expect(outline(tree(SMALL, { filter: '-D' }))).toEqual(['1', '  200'])
  })

  it('finds by pid prefix when the query is a number', () => {
    const t = tree(SMALL, { filter: '21' })
    expect(
      processRows(t)
        .filter((r) => r.match)
        .map((r) => r.p.pid),
    ).toEqual([210])
    expect(outline(tree(SMALL, { filter: ' 30 ' }))).toEqual(['1', '  300'])
  })

  it('shows the children of a match only where they match too', () => {
    // "bash" matches; vim below it does not and is left out.
    const t = tree(SMALL, { filter: 'bash' })
    expect(outline(t)).toEqual(['1', '  200', '    210'])
    expect(row(t, processKey(210)).hasChildren).toBe(false)
  })

  it('shows several matches under one shared ancestor once', () => {
    const two = tree([...SMALL, proc(230, 200, 'vim', { cmd: 'vim b' })], { filter: 'vim' })
    expect(outline(two)).toEqual(['1', '  200', '    210', '      220', '    230'])
    expect(two.matched).toBe(2)
  })

  it('shows nothing when nothing matches, and everything for a blank query', () => {
    const none = tree(SMALL, { filter: 'no-such-process' })
    expect(none.rows).toEqual([])
    expect(none.matched).toBe(0)
    expect(outline(tree(SMALL, { filter: '   ' }))).toHaveLength(5)
  })
})

describe('kernel threads', () => {
  const LINUX = [
    proc(1, 0, 'systemd'),
    proc(2, 0, 'kthreadd'),
    proc(3, 2, 'rcu_gp'),
    proc(4, 2, 'kworker/0:0'),
    proc(5, 4, 'kworker-child'),
    proc(100, 1, 'sshd'),
  ]

  it('leaves out kthreadd and everything under it, and says how many', () => {
    const t = tree(LINUX, { hideKernel: true })
    expect(outline(t)).toEqual(['1', '  100'])
    expect(t.kernelHidden).toBe(4)
  })

  it('shows them when asked', () => {
    const t = tree(LINUX, { hideKernel: false })
    expect(outline(t)).toEqual(['1', '  100', '2', '  3', '  4', '    5'])
    expect(t.kernelHidden).toBe(0)
  })

  it('does not find a hidden kernel thread with the filter', () => {
    expect(tree(LINUX, { hideKernel: true, filter: 'kworker' }).rows).toEqual([])
  })
})

describe('started by ProcLab', () => {
  const run = (runId: string, startedAt: number): RunSummary => ({
    runId,
    scenarioId: 'pool',
    title: `Pool ${runId}`,
    status: 'running',
    startedAt,
    pids: [],
  })
  const RUNS = [run('old', 1000), run('new', 2000)]
  // The app (10) started a scenario host per run; run "new" has a pool worker
  // with a grandchild it spawned itself (no label of its own).
  const OWN = [
    proc(1, 0, 'init'),
    proc(10, 1, 'proclab'),
    proc(20, 10, 'host', { runId: 'old', role: 'scenario host' }),
    proc(30, 10, 'host', { runId: 'new', role: 'scenario host' }),
    proc(31, 30, 'worker', { runId: 'new', role: 'pool worker 1' }),
    proc(32, 31, 'sh'),
    proc(40, 10, 'warden', { role: 'warden' }),
    proc(50, 1, 'unrelated'),
  ]

  it('groups own processes under their run, newest run first, unlabelled own ones last', () => {
    const t = tree(OWN, { scope: 'proclab', runs: RUNS, selfPid: 10 })
    expect(outline(t)).toEqual(['run new', '  30', '    31', '      32', 'run old', '  20', '40'])
    const newRun = row(t, runKey('new'))
    expect(newRun).toMatchObject({ kind: 'run', runId: 'new', expanded: true, hasChildren: true })
    expect(newRun.kind === 'run' && newRun.run?.title).toBe('Pool new')
    expect(row(t, processKey(30)).parentKey).toBe(runKey('new'))
  })

  it('counts descendants of a labelled process as part of its run', () => {
    const t = tree(OWN, { scope: 'proclab', runs: RUNS })
    expect((row(t, processKey(32)) as ProcessRow).ownRun).toBe('new')
    expect((row(t, processKey(40)) as ProcessRow).ownRun).toBe('')
    // 20, 30, 31, 32 and the warden; not the app itself, init or the unrelated process.
    expect(t.own).toBe(5)
    expect(t.matched).toBe(5)
  })

  it('marks own processes in the full tree too', () => {
    const t = tree(OWN)
    expect(outline(t)).toHaveLength(OWN.length)
    expect((row(t, processKey(31)) as ProcessRow).ownRun).toBe('new')
    expect((row(t, processKey(50)) as ProcessRow).ownRun).toBeUndefined()
  })

  it('folds a run to one row', () => {
    const t = tree(OWN, { scope: 'proclab', runs: RUNS, collapsed: new Set([runKey('new')]) })
    expect(outline(t)).toEqual(['run new', 'run old', '  20', '40'])
    expect(row(t, runKey('new')).expanded).toBe(false)
  })

  it('filters within the scope, keeping own ancestors but never an outside one', () => {
    const t = tree(OWN, { scope: 'proclab', runs: RUNS, filter: 'sh' })
    expect(outline(t)).toEqual(['run new', '  30', '    31', '      32'])
    expect(processRows(t).map((r) => r.match)).toEqual([false, false, true])
    // "unrelated" matches the query but is not ProcLab's.
    expect(tree(OWN, { scope: 'proclab', runs: RUNS, filter: 'unrelated' }).rows).toEqual([])
  })

  it('still shows a run the snapshot has not described yet', () => {
    const t = tree(OWN, { scope: 'proclab', runs: [] })
    const r = row(t, runKey('old'))
    expect(r.kind === 'run' && r.run).toBeUndefined()
    expect(outline(t)).toContain('run old')
  })
})

describe('large tables', () => {
  it('draws a chain 20,000 deep without running out of stack', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => proc(i + 1, i, `p${i + 1}`))
    const t = tree(chain)
    expect(t.rows).toHaveLength(20_000)
    expect(t.rows.at(-1)!.depth).toBe(19_999)
    const filtered = tree(chain, { filter: 'p20000' })
    expect(filtered.rows).toHaveLength(20_000)
    expect(filtered.matched).toBe(1)
  })

  it('keeps every process of a wide 10,000-process table, each exactly once and under its parent', () => {
    const ps: ProcessInfo[] = [proc(1, 0, 'init')]
    for (let i = 2; i <= 10_000; i++) ps.push(proc(i, 1 + Math.floor((i - 2) / 7), `p${i}`, { cpu: (i * 37) % 101 }))
    const t = tree(ps, { sortKey: 'cpu', sortDir: 'desc' })
    expect(new Set(processRows(t).map((r) => r.p.pid)).size).toBe(10_000)
    for (const r of processRows(t)) {
      if (r.parentKey === undefined) continue
      const parent = row(t, r.parentKey) as ProcessRow
      expect(parent.p.pid).toBe(r.p.ppid)
      expect(r.depth).toBe(parent.depth + 1)
      // Rows come after their parent (a pre-order walk).
      expect(t.indexByKey.get(r.key)!).toBeGreaterThan(t.indexByKey.get(r.parentKey)!)
    }
  })
})

// htop's F5: the whole list sorted as one, so the busiest process is on top wherever it sits in the tree.
describe('flat list', () => {
  // init ─┬─ sshd ── bash ── busy (90 %)
  //       └─ cron (5 %)
  const LOADED = [
    proc(1, 0, 'init', { cpu: 1, memory: 10 }),
    proc(300, 1, 'cron', { cpu: 5, memory: 40 }),
    proc(200, 1, 'sshd', { cpu: 0, memory: 20 }),
    proc(210, 200, 'bash', { cpu: 2, memory: 30 }),
    proc(220, 210, 'busy', { cpu: 90, memory: 5 }),
  ]

  it('puts the busiest process first when sorted by CPU, however deep it is in the tree', () => {
    const t = tree(LOADED, { flat: true, sortKey: 'cpu', sortDir: 'desc' })
    expect(outline(t)).toEqual(['220', '300', '210', '1', '200'])
    expect(t.rows.every((r) => r.depth === 0 && !r.hasChildren && r.parentKey === undefined)).toBe(true)
    // In the tree the same sort orders siblings only: the busy process stays three levels down.
    expect(outline(tree(LOADED, { sortKey: 'cpu', sortDir: 'desc' }))).toEqual([
      '1',
      '  300',
      '  200',
      '    210',
      '      220',
    ])
  })

  it('sorts the whole list by memory too, in both directions', () => {
    expect(outline(tree(LOADED, { flat: true, sortKey: 'memory', sortDir: 'desc' }))).toEqual([
      '300',
      '210',
      '200',
      '1',
      '220',
    ])
    expect(outline(tree(LOADED, { flat: true, sortKey: 'memory', sortDir: 'asc' }))).toEqual([
      '220',
      '1',
      '200',
      '210',
      '300',
    ])
  })

  it('sorts by VIRT, SHR and SWAP with unknown figures last', () => {
    const ps = [proc(1, 0, 'a', { virtual: 100 }), proc(2, 0, 'b'), proc(3, 0, 'c', { virtual: 300 })]
    expect(outline(tree(ps, { flat: true, sortKey: 'virtual', sortDir: 'desc' }))).toEqual(['3', '1', '2'])
  })

  it('shows only the matches of a filter, without the ancestors the tree needs', () => {
    const t = tree(LOADED, { flat: true, filter: 'busy' })
    expect(outline(t)).toEqual(['220'])
    expect(t.matched).toBe(1)
  })

  it('ignores folds: a folded parent hides nothing in a list', () => {
    expect(processRows(tree(LOADED, { flat: true, collapsed: new Set([processKey(1)]) }))).toHaveLength(5)
  })
})

describe('marking rows and whole trees', () => {
  it('marks every process row between the anchor and the Shift-clicked row, either way up', () => {
    const t = tree(SMALL)
    expect(rangePids(t.rows, 200, 220)).toEqual([200, 210, 220])
    expect(rangePids(t.rows, 300, 210)).toEqual([210, 220, 300])
    // An anchor scrolled away by a filter: only the clicked row.
    expect(rangePids(t.rows, 999, 210)).toEqual([210])
  })

  it('lists a process and all its descendants, children before their parents', () => {
    const order = subtreePids(SMALL, 200)
    expect(order).toEqual([220, 210, 200])
    expect(subtreePids(SMALL, 300)).toEqual([300])
    // A process naming itself as its parent does not loop.
    expect(subtreePids([proc(5, 5, 'odd')], 5)).toEqual([5])
  })
})
