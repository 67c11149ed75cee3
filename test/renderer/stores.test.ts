// The Pinia stores against a fake `window.proclab`: what the dashboard keeps
// from snapshots and events, what it asks the core, and what the user is told
// when the core says no. No DOM is needed: the stores touch only
// `window.proclab` and timers, so a plain object stands in for `window`.
import { plainText } from '../../src/renderer/src/lib/report'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { useEventsStore, MAX_EVENTS } from '../../src/renderer/src/stores/events'
import { useLabStore } from '../../src/renderer/src/stores/lab'
import { MAX_OUTPUT } from '../../src/renderer/src/lib/run-records'
import { HISTORY_MS, useMonitorStore } from '../../src/renderer/src/stores/monitor'
import { useNoticesStore } from '../../src/renderer/src/stores/notices'
import { useSelectionStore } from '../../src/renderer/src/stores/selection'
import { useTreeStore } from '../../src/renderer/src/stores/tree'
import { MAX_RUNS_KEPT, type ExitInfo, type RunInfo, type ScenarioInfo } from '../../src/shared/model'
import { feed } from '../../src/renderer/src/api/feed'
import type { RunLogData } from '../../src/shared/run-log'
import { FakeApi, installFakeApi, proc, poolLive, removeFakeApi, runInfo, snapshot } from './fake-api'

let api: FakeApi

beforeEach(() => {
  api = installFakeApi()
})

afterEach(removeFakeApi)

/** Lets promise replies and Vue's pre-flush watchers run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await nextTick()
}

/** What the dashboard would show, in English (messages rendered from the catalog). */
const en = plainText('en').tm
const noticeTexts = (): string[] => useNoticesStore().items.map((n) => `${n.level}: ${en(n.text)}`)

describe('monitor store', () => {
  it('shows the first snapshot the core answers, then every pushed one', async () => {
    api.answer('getSnapshot', async () => snapshot({ seq: 1, takenAt: 1000 }))
    const monitor = useMonitorStore()
    await monitor.connect()
    expect(monitor.snapshot?.seq).toBe(1)
    api.pushSnapshot(snapshot({ seq: 2, takenAt: 2000, processes: [proc(42)] }))
    expect(monitor.snapshot?.seq).toBe(2)
    expect(monitor.byPid.get(42)?.name).toBe('p42')
    // Connecting twice does not subscribe twice.
    await monitor.connect()
    expect(api.listeners.snapshots).toBe(1)
  })

  it('says Stalled when snapshots stop for a few sampling periods, and Live again when they resume', async () => {
    api.answer('getSnapshot', async () => snapshot({ seq: 1, takenAt: 1000 }))
    const monitor = useMonitorStore()
    expect(monitor.feedState).toBe('connecting')
    await monitor.connect()
    expect(monitor.feedState).toBe('live')
    // One sampling period (1 s) late is only late.
    vi.advanceTimersByTime(2000)
    expect(monitor.feedState).toBe('live')
    // Nothing for three periods and more: the numbers on screen are old.
    vi.advanceTimersByTime(3000)
    expect(monitor.feedState).toBe('stalled')
    expect(monitor.silentFor).toBeGreaterThanOrEqual(4)
    api.pushSnapshot(snapshot({ seq: 2, takenAt: 6000 }))
    expect(monitor.feedState).toBe('live')
    expect(monitor.snapshot?.seq).toBe(2)
  })

  it('says Disconnected while the transport is gone and fetches the table as soon as it is back', async () => {
    api.answer('getSnapshot', async () => snapshot({ seq: 1, takenAt: 1000 }))
    const monitor = useMonitorStore()
    await monitor.connect()
    api.setConnection('closed')
    expect(monitor.feedState).toBe('disconnected')
    api.answer('getSnapshot', async () => snapshot({ seq: 7, takenAt: 9000 }))
    api.setConnection('open')
    await settle()
    expect(monitor.feedState).toBe('live')
    expect(monitor.snapshot?.seq).toBe(7)
  })

  it('never steps back to an older snapshot that arrives late', async () => {
    let reply!: (s: ReturnType<typeof snapshot>) => void
    api.answer('getSnapshot', () => new Promise((r) => (reply = r)))
    const monitor = useMonitorStore()
    const connecting = monitor.connect()
    api.pushSnapshot(snapshot({ seq: 5, takenAt: 5000 }))
    reply(snapshot({ seq: 4, takenAt: 4000 }))
    await connecting
    expect(monitor.snapshot?.seq).toBe(5)
    expect(monitor.history.t).toEqual([5000])
  })

  it('shows the older snapshots a replay plays after jumping back, with the history started over', async () => {
    const monitor = useMonitorStore()
    await monitor.connect()
    feed.beginReplay()
    try {
      for (const seq of [1, 2, 3]) feed.playSnapshot(snapshot({ seq, takenAt: seq * 1000 }))
      expect(monitor.snapshot?.seq).toBe(3)
      // Back to the start: the player resets the stores and plays the first frames again.
      feed.reset()
      feed.playSnapshot(snapshot({ seq: 1, takenAt: 1000 }))
      expect(monitor.snapshot?.seq).toBe(1)
      expect(monitor.history.t).toEqual([1000])
    } finally {
      feed.endReplay()
    }
  })

  it('keeps per-core history for a bounded time window, one series per core', async () => {
    const monitor = useMonitorStore()
    await monitor.connect()
    const n = HISTORY_MS / 1000 + 200
    for (let i = 1; i <= n; i++) {
      api.pushSnapshot(
        snapshot({
          seq: i,
          takenAt: i * 1000,
          cpus: [
            { id: 0, percent: i % 100 },
            { id: 1, percent: 100 - (i % 100) },
          ],
          cpuTotal: 50,
        }),
      )
    }
    const h = monitor.history
    const last = n * 1000
    expect(h.t.at(-1)).toBe(last)
    expect(h.t[0]).toBeGreaterThanOrEqual(last - HISTORY_MS)
    // A sample every second: the whole window is there, nothing older.
    expect(h.t).toHaveLength(HISTORY_MS / 1000 + 1)
    expect(h.cores).toHaveLength(2)
    for (const core of h.cores) expect(core).toHaveLength(h.t.length)
    expect(h.total).toHaveLength(h.t.length)
    // The series stay aligned with their times.
    expect(h.cores[0].at(-1)).toBe(n % 100)
    expect(h.cores[1].at(-1)).toBe(100 - (n % 100))
  })

  it('starts the history again when the number of cores changes', async () => {
    const monitor = useMonitorStore()
    await monitor.connect()
    api.pushSnapshot(snapshot({ seq: 1, takenAt: 1000 }))
    api.pushSnapshot(snapshot({ seq: 2, takenAt: 2000, cpus: [{ id: 0, percent: 70 }] }))
    expect(monitor.history).toMatchObject({ t: [2000], cores: [[70]], total: [20] })
  })

  it('tells the user when the process table cannot be read, or the interval not changed', async () => {
    api.fail('getSnapshot', 'core unavailable')
    api.fail('setSampling', 'Option "intervalMs" must be at least 100')
    const monitor = useMonitorStore()
    await monitor.connect()
    await monitor.setSampling(50)
    expect(noticeTexts()).toEqual([
      'error: Could not read the process table: core unavailable',
      'error: Could not change the sampling interval: Option "intervalMs" must be at least 100',
    ])
    expect(monitor.snapshot).toBeNull()
  })

  it('confirms a new sampling interval', async () => {
    await useMonitorStore().setSampling(500)
    expect(api.callsOf('setSampling')).toEqual([[{ intervalMs: 500 }]])
    expect(noticeTexts()).toEqual(['info: Sampling every 500 ms'])
  })
})

describe('selection store', () => {
  const exited: ExitInfo = {
    pid: 42,
    code: 0,
    signal: null,
    reason: 'clean-exit',
    startedAt: 0,
    endedAt: 5,
    runtimeMs: 5,
  }

  async function withProcess(): Promise<ReturnType<typeof useMonitorStore>> {
    const monitor = useMonitorStore()
    await monitor.connect()
    api.pushSnapshot(snapshot({ seq: 1, takenAt: 1000, processes: [proc(42, { cpu: 12, memory: 100 })] }))
    return monitor
  }

  it('follows the selected process across snapshots and keeps its history', async () => {
    await withProcess()
    const sel = useSelectionStore()
    sel.select(42)
    expect(sel.info?.pid).toBe(42)
    for (let i = 2; i <= 4; i++) {
      api.pushSnapshot(snapshot({ seq: i, takenAt: i * 1000, processes: [proc(42, { cpu: i * 10, memory: i })] }))
      await settle()
    }
    expect(sel.alive).toBe(true)
    expect(sel.info?.cpu).toBe(40)
    expect(sel.history.cpu).toEqual([20, 30, 40])
    expect(sel.history.memory).toEqual([2, 3, 4])
  })

  it('bounds the process history', async () => {
    await withProcess()
    const sel = useSelectionStore()
    sel.select(42)
    const n = HISTORY_MS / 1000 + 100
    for (let i = 2; i <= n; i++) {
      api.pushSnapshot(snapshot({ seq: i, takenAt: i * 1000, processes: [proc(42, { cpu: i })] }))
      await settle()
    }
    // A sample a second: the history window and nothing older.
    expect(sel.history.t.length).toBe(HISTORY_MS / 1000 + 1)
    expect(sel.history.t[0]).toBe((n - HISTORY_MS / 1000) * 1000)
    expect(sel.history.cpu.at(-1)).toBe(n)
  })

  it('says the process is gone when it leaves the table, still showing what it was', async () => {
    await withProcess()
    const sel = useSelectionStore()
    sel.select(42)
    api.pushSnapshot(snapshot({ seq: 2, takenAt: 2000, processes: [proc(42, { cpu: 50 })] }))
    await settle()
    api.pushSnapshot(snapshot({ seq: 3, takenAt: 3000, processes: [proc(7)] }))
    await settle()
    expect(sel.pid).toBe(42)
    expect(sel.alive).toBe(false)
    expect(sel.info).toBeUndefined()
    expect(sel.lastKnown?.cpu).toBe(50)
    // A vanished process adds nothing to its history.
    expect(sel.history.t).toEqual([2000])
  })

  it('tells the core only where the selection settles', async () => {
    await withProcess()
    const sel = useSelectionStore()
    for (const pid of [1, 42, 7, 42]) sel.select(pid)
    await vi.advanceTimersByTimeAsync(200)
    expect(api.callsOf('selectProcess')).toEqual([[42]])
    sel.select(null)
    await vi.advanceTimersByTimeAsync(200)
    expect(api.callsOf('selectProcess')).toEqual([[42], [null]])
  })

  it('reports a refused selection, and tries again next time', async () => {
    await withProcess()
    api.fail('selectProcess', 'No process with pid 42')
    const sel = useSelectionStore()
    sel.select(42)
    await vi.advanceTimersByTimeAsync(200)
    expect(noticeTexts()).toEqual(['error: Could not watch pid 42: No process with pid 42'])
  })

  it('asks before killing, then reports what the core said', async () => {
    await withProcess()
    const sel = useSelectionStore()
    sel.askKill(42, 'SIGKILL')
    expect(sel.pendingKill).toEqual({
      pid: 42,
      name: 'p42',
      signal: 'SIGKILL',
      targets: [{ pid: 42, name: 'p42' }],
    })
    expect(api.callsOf('kill')).toEqual([])
    await sel.confirmKill()
    expect(api.callsOf('kill')).toEqual([[42, 'SIGKILL']])
    expect(sel.pendingKill).toBeNull()

    api.fail('kill', 'Operation not permitted')
    expect(await sel.suspend(42)).toBe(false)
    expect(noticeTexts()).toEqual([
      'info: Sent SIGKILL to pid 42',
      'error: SIGSTOP to pid 42 failed: Operation not permitted',
    ])

    sel.askKill(42)
    sel.cancelKill()
    await sel.confirmKill()
    expect(api.callsOf('kill')).toHaveLength(2)
  })

  it('kills several marked processes after ONE confirmation listing them, reporting what the core refused', async () => {
    const monitor = useMonitorStore()
    await monitor.connect()
    api.pushSnapshot(snapshot({ seq: 1, takenAt: 1000, processes: [proc(42), proc(43), proc(44), proc(1)] }))
    const sel = useSelectionStore()
    sel.toggleMark(43)
    sel.toggleMark(1)
    sel.toggleMark(42)
    sel.askKillMany([...sel.marked])
    // One confirmation, naming every target; nothing sent before it.
    expect(sel.pendingKill?.targets).toEqual([
      { pid: 43, name: 'p43' },
      { pid: 1, name: 'p1' },
      { pid: 42, name: 'p42' },
    ])
    expect(api.callsOf('kill')).toEqual([])
    // The core refuses pid 1 (as kill does); the others are still signalled.
    api.answer('kill', (pid) =>
      pid === 1 ? Promise.reject(new Error('pid 1 is not yours to kill')) : Promise.resolve(),
    )
    await sel.confirmKill()
    expect(api.callsOf('kill')).toEqual([
      [43, 'SIGTERM'],
      [1, 'SIGTERM'],
      [42, 'SIGTERM'],
    ])
    expect(noticeTexts()).toEqual([
      'error: SIGTERM to pid 1 failed: pid 1 is not yours to kill',
      'info: Sent SIGTERM to 2 of 3 processes',
    ])
    expect(sel.marked.size).toBe(0)
  })

  it('kills a whole tree after one confirmation, children before their parent', async () => {
    const monitor = useMonitorStore()
    await monitor.connect()
    // 10 ─┬─ 11 ── 12
    //     └─ 13        (20 is elsewhere and is left alone)
    api.pushSnapshot(
      snapshot({
        seq: 1,
        takenAt: 1000,
        processes: [
          proc(10, { ppid: 1 }),
          proc(11, { ppid: 10 }),
          proc(12, { ppid: 11 }),
          proc(13, { ppid: 10 }),
          proc(20, { ppid: 1 }),
        ],
      }),
    )
    const sel = useSelectionStore()
    sel.askKillTree(10)
    expect(sel.pendingKill?.tree).toBe(true)
    const order = sel.pendingKill!.targets.map((t) => t.pid)
    expect([...order].sort()).toEqual([10, 11, 12, 13])
    expect(order.indexOf(12)).toBeLessThan(order.indexOf(11))
    expect(order.at(-1)).toBe(10)
    await sel.confirmKill()
    expect(api.callsOf('kill').map((c) => c[0])).toEqual(order)
  })

  it('sets a nice value directly, refusing anything outside -20..19, and reports what the core refused', async () => {
    const monitor = useMonitorStore()
    await monitor.connect()
    api.pushSnapshot(snapshot({ seq: 1, takenAt: 1000, processes: [proc(42, { nice: 0 })] }))
    const sel = useSelectionStore()
    await sel.setNice(42, 25)
    await sel.setNice(42, 2.5)
    expect(api.callsOf('setPriority')).toEqual([])
    api.answer('setPriority', (_pid, nice) => Promise.resolve(nice))
    await sel.setNice(42, 5)
    expect(api.callsOf('setPriority')).toEqual([[42, 5]])
    api.fail('setPriority', 'Permission denied')
    await sel.setNice(42, -5)
    expect(noticeTexts()).toEqual([
      'error: A whole number from -20 to 19',
      'error: A whole number from -20 to 19',
      'info: pid 42: nice 0 → 5',
      'error: Could not change the priority of pid 42: Permission denied',
    ])
  })

  it('shows how a joined process ended, or why the join failed', async () => {
    await withProcess()
    const sel = useSelectionStore()
    sel.select(42)
    api.answer('join', async () => exited)
    await sel.join(42, 1000)
    expect(sel.joinState).toEqual({ pid: 42, waiting: false, result: exited })

    api.fail('join', 'pid 42 was not started by ProcLab')
    await sel.join(42, 1000)
    expect(sel.joinState).toBeNull()
    expect(noticeTexts()).toEqual(['error: Join pid 42 failed: pid 42 was not started by ProcLab'])
  })
})

describe('tree store', () => {
  it('flips the direction on the sorted column and starts a new one at its natural order', () => {
    const tree = useTreeStore()
    expect([tree.sortKey, tree.sortDir]).toEqual(['pid', 'asc'])
    tree.sortBy('pid')
    expect(tree.sortDir).toBe('desc')
    tree.sortBy('cpu')
    expect([tree.sortKey, tree.sortDir]).toEqual(['cpu', 'desc'])
    tree.sortBy('name')
    expect([tree.sortKey, tree.sortDir]).toEqual(['name', 'asc'])
  })

  it('never lets a fold made before a search hide a match', async () => {
    const monitor = useMonitorStore()
    await monitor.connect()
    api.pushSnapshot(
      snapshot({ seq: 1, takenAt: 1000, processes: [proc(1, { ppid: 0, name: 'init' }), proc(2, { name: 'vim' })] }),
    )
    const tree = useTreeStore()
    tree.toggle('p1')
    expect(tree.tree.rows.map((r) => r.key)).toEqual(['p1'])
    tree.filter = 'vim'
    await settle()
    expect(tree.tree.rows.map((r) => r.key)).toEqual(['p1', 'p2'])
    tree.filter = ''
    await settle()
    expect(tree.tree.rows.map((r) => r.key)).toEqual(['p1'])
  })
})

describe('lab store', () => {
  const SCENARIOS: ScenarioInfo[] = [
    {
      id: 'pool',
      section: 'Pool',
      kind: 'process',
      options: [
        { key: 'workers', type: 'integer', default: 2, min: 1, max: 8 },
        { key: 'tasks', type: 'integer', default: 5, min: 1, max: 50 },
      ],
    },
    { id: 'fork', section: 'fork', kind: 'process', options: [] },
  ]

  async function connected(): Promise<ReturnType<typeof useLabStore>> {
    api.answer('listScenarios', async () => SCENARIOS)
    const lab = useLabStore()
    await lab.connect()
    return lab
  }

  /** Runs the store's throttled publish. */
  const publish = async (): Promise<void> => {
    await vi.advanceTimersByTimeAsync(150)
  }

  it('loads the catalogue, selects the first scenario and fetches its source', async () => {
    const lab = await connected()
    expect(lab.scenarios.map((s) => s.id)).toEqual(['pool', 'fork'])
    expect(lab.selectedId).toBe('pool')
    await settle()
    expect(api.callsOf('getScenarioSource')).toEqual([['pool']])
    expect(lab.sources.get('pool')).toEqual({ source: { scenarioId: 'pool', files: [] } })
  })

  it('says when the catalogue cannot be loaded, and tries again on the next connect', async () => {
    api.fail('listScenarios', 'core unavailable')
    const lab = useLabStore()
    await lab.connect()
    expect(lab.listError).toBe('core unavailable')
    api.answer('listScenarios', async () => SCENARIOS)
    await lab.connect()
    expect(lab.listError).toBeNull()
    expect(lab.scenarios).toHaveLength(2)
  })

  it('picks up runs started before it connected, with the processes the tree shows for them', async () => {
    const monitor = useMonitorStore()
    api.answer('getSnapshot', async () =>
      snapshot({ seq: 1, takenAt: 1000, processes: [proc(50, { runId: 'r1', role: 'pool worker 1' }), proc(60)] }),
    )
    await monitor.connect()
    api.answer('listRuns', async () => [runInfo('r1')])
    const lab = await connected()
    expect(lab.allRuns.map((r) => r.info.runId)).toEqual(['r1'])
    expect([...lab.allRuns[0].processes.values()].map((p) => [p.pid, p.role])).toEqual([[50, 'pool worker 1']])
  })

  it('after a reload, rebuilds a finished run from the record the core kept: processes, lifecycle, output', async () => {
    const exit: ExitInfo = {
      pid: 51,
      code: 0,
      signal: null,
      reason: 'clean-exit',
      startedAt: 1010,
      endedAt: 1030,
      runtimeMs: 20,
    }
    api.answer('listRuns', async () => [runInfo('r1', { status: 'finished', endedAt: 1050 })])
    api.answer('getRunRecord', async (runId): Promise<RunLogData> => ({
      runId,
      processes: [
        { pid: 50, ppid: 10, role: 'parent', name: 'node', startedAt: 1005 },
        { pid: 51, ppid: 50, role: 'child', name: 'node', startedAt: 1010, exit },
      ],
      events: [
        { type: 'status', at: 1000, status: 'running' },
        { type: 'spawn', at: 1010, pid: 51, ppid: 50, name: 'node', runId, role: 'child' },
        { type: 'exit', at: 1030, exit, runId, role: 'child' },
        { type: 'status', at: 1050, status: 'finished' },
      ],
      droppedEvents: 0,
      lines: [{ at: 1020, pid: 51, role: 'child', stream: 'stdout', text: 'hello from the child' }],
      droppedLines: 7,
    }))
    const lab = await connected()
    const r = lab.allRuns[0]
    expect(r.incomplete).toBe(false)
    expect([...r.processes.values()].map((p) => [p.pid, p.role, p.exit?.reason])).toEqual([
      [50, 'parent', undefined],
      [51, 'child', 'clean-exit'],
    ])
    expect(r.output.map((l) => l.text)).toEqual(['hello from the child'])
    expect(r.droppedOutput).toBe(7)
    const text = plainText('en')
    expect(r.lifecycle.map((l) => text.tm(l.text))).toEqual([
      'run running',
      'started (node, parent 50)',
      'exited cleanly (code 0) after 20 ms',
      'run finished',
    ])
  })

  it('a run whose record the core no longer keeps says so instead of "No process was started"', async () => {
    api.answer('listRuns', async () => [runInfo('r1', { status: 'finished', endedAt: 1050 })])
    api.fail('getRunRecord', 'Unknown run r1')
    const lab = await connected()
    expect(lab.allRuns[0].incomplete).toBe(true)
  })

  it('merges a run’s events into one record: status, processes, exits, output', async () => {
    const lab = await connected()
    expect(lab.allRuns).toEqual([])
    api.pushEvent({ type: 'run', at: 1000, run: runInfo('r1', { status: 'starting' }) })
    api.pushEvent({ type: 'run', at: 1001, run: runInfo('r1', { status: 'running' }) })
    // Runs re-announce themselves with each live update; that is not a new status.
    api.pushEvent({ type: 'run', at: 1002, run: runInfo('r1', { status: 'running', live: poolLive(1) }) })
    api.pushEvent({ type: 'spawn', at: 1010, pid: 50, ppid: 10, name: 'node', runId: 'r1', role: 'pool worker 1' })
    api.pushEvent({
      type: 'output',
      at: 1020,
      pid: 50,
      stream: 'stdout',
      text: 'task 1\ntask 2',
      runId: 'r1',
      role: 'pool worker 1',
    })
    api.pushEvent({
      type: 'exit',
      at: 1030,
      exit: { pid: 50, code: null, signal: 'SIGKILL', reason: 'killed', startedAt: 1010, endedAt: 1030, runtimeMs: 20 },
      runId: 'r1',
      role: 'pool worker 1',
    })
    // Another run's events, and events of no run, stay out of this one.
    api.pushEvent({ type: 'spawn', at: 1040, pid: 51, ppid: 10, name: 'node', runId: 'other' })
    api.pushEvent({ type: 'output', at: 1050, pid: 51, stream: 'stdout', text: 'stray' })

    // Published at most ten times a second, not per event.
    expect(lab.allRuns).toEqual([])
    await publish()
    expect(lab.allRuns).toHaveLength(1)
    const r = lab.allRuns[0]
    expect(r.info.live).toEqual(poolLive(1))
    expect(r.lifecycle.map((l) => l.kind)).toEqual(['status', 'status', 'spawn', 'exit'])
    expect(r.lifecycle.at(-1)?.bad).toBe(true)
    expect(r.processes.get(50)?.exit?.signal).toBe('SIGKILL')
    expect(r.output.map((o) => o.text)).toEqual(['task 1', 'task 2'])
  })

  it('keeps the newest output lines of a chatty run and counts the dropped ones', async () => {
    const lab = await connected()
    api.pushEvent({ type: 'run', at: 1000, run: runInfo('r1') })
    const lines = MAX_OUTPUT + 250
    for (let i = 0; i < lines; i++)
      api.pushEvent({ type: 'output', at: 1000 + i, pid: 50, stream: 'stdout', text: `line ${i}`, runId: 'r1' })
    await publish()
    const r = lab.allRuns[0]
    expect(r.output).toHaveLength(MAX_OUTPUT)
    expect(r.droppedOutput).toBe(250)
    expect(r.output.at(-1)?.text).toBe(`line ${lines - 1}`)
    expect(r.output[0].text).toBe('line 250')
  })

  it(`keeps at most ${MAX_RUNS_KEPT} runs, dropping the oldest ended ones first, never a running one`, async () => {
    const lab = await connected()
    // The oldest run is still running; 30 later ones have ended.
    api.pushEvent({ type: 'run', at: 0, run: runInfo('long', { startedAt: 0 }) })
    for (let i = 1; i <= 30; i++) {
      api.pushEvent({
        type: 'run',
        at: i,
        run: runInfo(`r${i}`, { startedAt: i * 1000, status: 'finished', endedAt: i * 1000 + 500 }),
      })
    }
    lab.selectRun('r12')
    api.pushEvent({ type: 'run', at: 31, run: runInfo('r31', { startedAt: 31_000 }) })
    await publish()
    const ids = lab.allRuns.map((r) => r.info.runId)
    expect(ids).toHaveLength(MAX_RUNS_KEPT)
    expect(ids[0]).toBe('long')
    expect(ids.at(-1)).toBe('r31')
    expect(ids).not.toContain('r12')
    expect(ids).toContain('r13')
    // The selected run was dropped: nothing stale stays selected.
    expect(lab.selectedRunId).toBeNull()
  })

  it('starts a scenario with only the options the user changed, and selects the new run', async () => {
    const lab = await connected()
    api.answer('startScenario', async () => runInfo('r9'))
    lab.setValue('pool', 'workers', 4)
    lab.setValue('pool', 'tasks', 5)
    await lab.start()
    expect(api.callsOf('startScenario')).toEqual([['pool', { workers: 4 }]])
    expect(lab.selectedRunId).toBe('r9')
    expect(lab.selectedRun?.info.runId).toBe('r9')

    lab.resetValues('pool')
    await lab.start()
    expect(api.callsOf('startScenario')[1]).toEqual(['pool', undefined])
  })

  it('steps a thread, and replays or undoes a schedule as a new run with the same options', async () => {
    const lab = await connected()
    await lab.step('lock-race-1', 'Thread-2')
    expect(api.callsOf('scenarioAction')).toEqual([['lock-race-1', 'step', { thread: 'Thread-2' }]])
    api.answer('startScenario', async () => runInfo('lock-race-2'))
    const old = {
      ...runInfo('lock-race-1', { options: { threads: 2, schedule: 'manual', replay: '' } }),
      scenarioId: 'lock-race',
    } as RunInfo
    // Undo: the schedule but its last step; the run it replaces is stopped first.
    await lab.rerun(old, ['Thread-1', 'Thread-2', 'Thread-1'].slice(0, -1))
    expect(api.callsOf('stopScenario')).toEqual([['lock-race-1']])
    expect(api.callsOf('startScenario')).toEqual([['lock-race', { threads: 2, schedule: 'manual', replay: '1 2' }]])
    expect(lab.selectedRunId).toBe('lock-race-2')
  })

  it('shows a refused start next to the option it names, and clears it when that option changes', async () => {
    const lab = await connected()
    api.fail('startScenario', 'Option "workers" must be at most 8')
    lab.setValue('pool', 'workers', 99)
    await lab.start()
    expect(lab.startError).toEqual({
      scenarioId: 'pool',
      message: 'Option "workers" must be at most 8',
      msg: 'Option "workers" must be at most 8',
      key: 'workers',
    })
    expect(lab.starting).toBe(false)
    lab.setValue('pool', 'workers', 8)
    expect(lab.startError).toBeNull()
  })

  it("keeps the core's message of a refused start, to show in the user's language, and the option it names", async () => {
    const lab = await connected()
    const field = { key: 'scenario.pool.option.workers.label' }
    const msg = { key: 'core.optionError.tooLarge', params: { key: 'workers', field, max: 8, value: 99 } }
    api.refuse('startScenario', { code: 'EINVAL', message: 'Workers must be at most 8 (got 99)', msg })
    lab.setValue('pool', 'workers', 99)
    await lab.start()
    expect(lab.startError).toMatchObject({ scenarioId: 'pool', msg, key: 'workers' })
    expect(plainText('zh').tm(lab.startError!.msg)).toBe('“工作进程数”至多为 8（收到 99）')
  })

  it("puts a LabError's message in the toast, rendered in the user's language", async () => {
    const lab = await connected()
    const msg = { key: 'core.error.runEnded', params: { runId: 'r1' } }
    api.refuse('stopScenario', { code: 'EINVAL', message: 'Run r1 has ended', msg })
    await lab.stop('r1')
    const [notice] = useNoticesStore().items
    expect(notice.text).toEqual({ key: 'ui.runs.notice.couldNotStop', params: { runId: 'r1', why: msg } })
    expect(en(notice.text)).toBe('Could not stop r1: Run r1 has ended')
    expect(plainText('zh').tm(notice.text)).toBe('无法停止 r1：运行 r1 已经结束')
  })

  it('turns a failed stop into a notice and a failed action into an error on the run', async () => {
    const lab = await connected()
    api.fail('stopScenario', 'run r1 already ended')
    await lab.stop('r1')
    expect(noticeTexts()).toEqual(['error: Could not stop r1: run r1 already ended'])

    api.fail('scenarioAction', 'unknown worker')
    expect(await lab.act('r1', 'crash', { worker: 3 })).toBe(false)
    expect(lab.actionError).toEqual({ runId: 'r1', message: 'unknown worker', msg: 'unknown worker' })
    expect(api.callsOf('scenarioAction')).toEqual([['r1', 'crash', { worker: 3 }]])
  })
})

describe('events store', () => {
  it('logs a run once per status change, not on every live update', async () => {
    const events = useEventsStore()
    events.connect()
    api.pushEvent({ type: 'run', at: 1, run: runInfo('r1', { title: 'Pool' }) })
    api.pushEvent({ type: 'run', at: 2, run: runInfo('r1', { title: 'Pool', live: poolLive(1) }) })
    const outcome = {
      summary: { key: 'core.run.stoppedBefore', params: { before: 'task 3' } },
      checks: [],
      figures: {},
    }
    api.pushEvent({ type: 'run', at: 3, run: runInfo('r1', { title: 'Pool', status: 'finished', outcome }) })
    await vi.advanceTimersByTimeAsync(150)
    expect(events.items.map((e) => en(e.text))).toEqual([
      'Pool: N workers, more tasks finished: Stopped before task 3.',
      'Pool: N workers, more tasks running',
    ])
    // The same log in Chinese: the scenario's title, the status and the summary all come from the catalog.
    expect(plainText('zh').tm(events.items[1].text)).toMatch(/：运行中$/)
  })

  it('keeps the log bounded, newest first', async () => {
    const events = useEventsStore()
    events.connect()
    for (let i = 0; i < MAX_EVENTS + 10; i++) api.pushEvent({ type: 'signal', at: i, pid: 42, signal: 'SIGTERM' })
    await vi.advanceTimersByTimeAsync(150)
    api.pushEvent({ type: 'signal', at: 9999, pid: 43, signal: 'SIGKILL' })
    await vi.advanceTimersByTimeAsync(150)
    expect(events.items).toHaveLength(MAX_EVENTS)
    expect(events.items[0]).toMatchObject({
      at: 9999,
      text: { key: 'ui.runs.events.sent', params: { signal: 'SIGKILL' } },
    })
    expect(en(events.items[0].text)).toBe('sent SIGKILL')
    expect(plainText('zh').tm(events.items[0].text)).toBe('发送了 SIGKILL')
    expect(events.items[1].at).toBe(MAX_EVENTS + 9)
  })
})
