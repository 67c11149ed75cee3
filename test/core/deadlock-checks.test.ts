// deadlock's checks, fed made-up runs: each holds on what the tutorial says and
// fails on the opposite.
import { describe, expect, it } from 'vitest'
import {
  deadlockChecks,
  deadlockOutcome,
  describeCycle,
  type DeadlockSeen,
} from '../../src/core/scenarios/deadlock/outcome'
import { buildWaitForGraph } from '../../src/core/scenarios/deadlock/wait-for'
import type { DeadlockResult } from '../../src/shared/scenarios/deadlock'
import type { DeadlockReport } from '../../src/shared/thread-lab'
import { checkOf, english } from '../helpers/outcome'

const graph = buildWaitForGraph(
  [
    { id: 't1', label: 'Thread-1', waitsFor: 'l1' },
    { id: 't2', label: 'Thread-2', waitsFor: 'l0' },
  ],
  [
    { id: 'l0', label: 'A', heldBy: 't1' },
    { id: 'l1', label: 'B', heldBy: 't2' },
  ],
)
const cycle = describeCycle(graph, graph.cycles[0])
const report = (extra: Partial<DeadlockReport> = {}): DeadlockReport => ({
  text: cycle.text,
  threads: cycle.threads,
  locks: cycle.locks,
  detectedAt: 1,
  latencyMs: 120,
  threadCpu: 0,
  hostCpu: 0.3,
  ...extra,
})
const seen = (extra: Partial<DeadlockSeen> = {}): DeadlockSeen => ({
  language: 'python',
  variant: 'opposite-order',
  first: report(),
  everCycle: true,
  stopped: false,
  timeoutS: 60,
  intervalMs: 500,
  ...extra,
})
const result = (extra: Partial<DeadlockResult> = {}): DeadlockResult => ({
  language: 'python',
  variant: 'opposite-order',
  endedBy: 'killed',
  broken: null,
  threads: [
    { name: 'Thread-1', state: 'terminated' },
    { name: 'Thread-2', state: 'terminated' },
  ],
  retries: 0,
  ...extra,
})
const out = (r: DeadlockResult | undefined, s: DeadlockSeen) => ({
  summary: { key: 'test' },
  figures: {},
  checks: deadlockChecks(r, s),
})
const bothDone = [
  { name: 'Thread-1', state: 'done' },
  { name: 'Thread-2', state: 'done' },
]

describe('deadlock checks', () => {
  it('reads the cycle as the tutorial tells it', () => {
    expect(english(cycle.text)).toBe('Thread-1 holds A and waits for B; Thread-2 holds B and waits for A.')
    expect(cycle.ids).toBe('Thread-1 → B → Thread-2 → A')
  })

  it('a cycle must be seen; fails when none was', () => {
    expect(checkOf(out(result(), seen()), 'check.cycle').ok).toBe(true)
    expect(checkOf(out(result(), seen({ first: null })), 'check.cycle').ok).toBe(false)
  })

  it("how fast the cycle was found is a fact (both times are the threads' own reports), not a check", () => {
    const o = deadlockOutcome(result(), seen({ first: report({ latencyMs: 37 }) }), {}, null)
    expect(o.checks.map((c) => c.label.key)).not.toContain('scenario.deadlock.check.latency')
    expect(o.facts!.map((f) => english(f.label)).join('\n')).toMatch(/found the cycle 37 ms after the last thread/)
  })

  it('a deadlock that outlived the run says what the lab ended: the Python process, or Node worker threads', () => {
    const summary = (language: 'python' | 'node') =>
      english(deadlockOutcome(result({ language, endedBy: 'timeout' }), seen({ language }), {}, null).summary)
    expect(summary('python')).toMatch(/the lab killed the Python process/)
    expect(summary('node')).toMatch(/the lab terminated the worker threads/)
  })

  it('stuck threads use no CPU; fails when they spin', () => {
    expect(checkOf(out(result(), seen()), 'check.noCpu').ok).toBe(true)
    expect(checkOf(out(result(), seen({ first: report({ threadCpu: 97 }) })), 'check.noCpu').ok).toBe(false)
  })

  it('terminating a thread (Node) breaks the cycle; fails when the other did not finish', () => {
    const broken = { thread: 'Thread-2', at: 1, freed: ['B'] }
    const ok = result({
      language: 'node',
      broken,
      endedBy: 'completed',
      threads: [
        { name: 'Thread-1', state: 'done' },
        { name: 'Thread-2', state: 'terminated' },
      ],
    })
    expect(checkOf(out(ok, seen({ language: 'node' })), 'check.broken').ok).toBe(true)
    const stuck = result({
      language: 'node',
      broken,
      threads: [
        { name: 'Thread-1', state: 'waiting' },
        { name: 'Thread-2', state: 'terminated' },
      ],
    })
    expect(checkOf(out(stuck, seen({ language: 'node' })), 'check.broken').ok).toBe(false)
  })

  it('ordered locks never deadlock; fails on a cycle or threads that did not finish', () => {
    const s = seen({ variant: 'ordered', first: null, everCycle: false })
    const r = result({ variant: 'ordered', endedBy: 'completed', threads: bothDone })
    expect(checkOf(out(r, s), 'check.ordered').ok).toBe(true)
    expect(checkOf(out(r, { ...s, everCycle: true }), 'check.ordered').ok).toBe(false)
    expect(checkOf(out(result({ variant: 'ordered' }), s), 'check.ordered').ok).toBe(false)
  })

  it('a timeout gets both threads out; fails when they did not finish or never had to back off', () => {
    const s = seen({ variant: 'timeout' })
    const r = result({ variant: 'timeout', endedBy: 'completed', threads: bothDone, retries: 1 })
    expect(checkOf(out(r, s), 'check.timeout').ok).toBe(true)
    expect(checkOf(out({ ...r, retries: 0 }, s), 'check.timeout').ok).toBe(false)
    expect(checkOf(out(result({ variant: 'timeout', endedBy: 'timeout' }), s), 'check.timeout').ok).toBe(false)
  })

  it('in Python, says a thread cannot be terminated and the process was ended', () => {
    const o = deadlockOutcome(result(), seen(), {}, cycle.ids)
    expect(o.facts!.map((f) => f.label.key)).toContain('scenario.deadlock.fact.pythonNoTerminate')
    expect(english(o.summary)).toContain('the only way out of a deadlock in Python')
  })
})
