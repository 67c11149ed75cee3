// async-io's checks, fed made-up measurements: each holds on what the tutorial
// says and fails on the opposite.
import { describe, expect, it } from 'vitest'
import { asyncIoChecks, asyncIoOutcome } from '../../src/core/scenarios/async-io/outcome'
import type { ServeVariant } from '../../src/shared/scenarios/async-io'
import { checkOf, english } from '../helpers/outcome'

const KB = 1024
const variant = (id: ServeVariant['id'], extra: Partial<ServeVariant> = {}): ServeVariant => ({
  id,
  server: id === 'event-loop' ? 'asyncio' : 'python-threads',
  connections: id === 'event-loop' ? 2000 : 200,
  held: id === 'event-loop' ? 2000 : 200,
  roundTrips: 5000,
  p50: 0.3,
  p99: 2,
  errors: 0,
  threads: id === 'event-loop' ? 1 : 202,
  threadsBefore: id === 'event-loop' ? 1 : 2,
  rss: 40_000 * KB,
  rssBefore: 40_000 * KB - (id === 'event-loop' ? 2000 * 5 * KB : 200 * 27 * KB),
  cpu: 5,
  holdMs: 5000,
  ...extra,
})
const out = (vs: ServeVariant[]) => ({ summary: { key: 'test' }, figures: {}, checks: asyncIoChecks(vs) })

const worker = (pid: number, held: number, threads: number | null = 1) => ({
  pid,
  held,
  threads,
  threadsBefore: threads === null ? null : 1,
  rss: 20_000 * KB,
  rssBefore: 19_000 * KB,
  cpu: 4,
})
const perCore = (workers: ReturnType<typeof worker>[], held = 300) =>
  variant('process-per-core', {
    server: 'asyncio-processes',
    connections: 300,
    held,
    threads: 1,
    threadsBefore: 1,
    workers,
  })

describe('async-io checks', () => {
  it("says why the thread list holds fewer threads than the server's OS count (issue 19: 202 vs 3)", () => {
    const o = asyncIoOutcome(
      { language: 'python', variants: [variant('event-loop'), variant('thread-per-connection')] },
      [{ name: 'MainThread', pid: 1, tid: 1, state: 'running' }] as never,
    )
    expect(o.facts!.map((f) => english(f.label)).join(' ')).toMatch(
      /holds only the threads that name themselves \(1 here\); the OS counted 202 in the thread-per-connection server/,
    )
  })

  it("Nginx's model: holds when each worker kept one thread and together they held all; fails otherwise", () => {
    const ok = (v: ServeVariant) => checkOf(out([v]), 'check.perCore')
    expect(ok(perCore([worker(10, 180), worker(11, 120)])).ok).toBe(true)
    expect(english(ok(perCore([worker(10, 180), worker(11, 120)])).detail)).toBe(
      '2 processes: pid 10: 180 connections, 1 thread, 4% CPU; pid 11: 120 connections, 1 thread, 4% CPU',
    )
    // A worker that started threads is not the single-threaded event loop.
    expect(ok(perCore([worker(10, 180), worker(11, 120, 9)])).ok).toBe(false)
    expect(ok(perCore([worker(10, 180), worker(11, 100)], 280)).ok).toBe(false)
    expect(ok(perCore([worker(10, 180, null), worker(11, 120, null)])).ok).toBeNull()
    const facts = asyncIoOutcome({ language: 'python', variants: [perCore([worker(10, 300)])] }, []).facts!
    expect(facts.map((f) => english(f.label)).join(' ')).toMatch(/Here 1 worker process took connections/)
  })

  it('all connections held, else fails (one dropped, or an error)', () => {
    expect(checkOf(out([variant('event-loop')]), 'check.held').ok).toBe(true)
    expect(checkOf(out([variant('event-loop', { held: 1999 })]), 'check.held').ok).toBe(false)
    expect(checkOf(out([variant('event-loop', { errors: 1 })]), 'check.held').ok).toBe(false)
  })

  it('the event loop adds no thread; fails when threads grew; not run when the OS does not say', () => {
    expect(checkOf(out([variant('event-loop')]), 'check.noThreadAdded').ok).toBe(true)
    expect(checkOf(out([variant('event-loop', { threads: 5 })]), 'check.noThreadAdded').ok).toBe(false)
    expect(checkOf(out([variant('event-loop', { threads: null })]), 'check.noThreadAdded').ok).toBeNull()
  })

  it('a connection costs less on the event loop; fails when it costs as much as a thread', () => {
    const both = out([variant('event-loop'), variant('thread-per-connection')])
    expect(checkOf(both, 'check.cheaper').ok).toBe(true)
    expect(english(checkOf(both, 'check.cheaper').detail)).toBe('5 KB vs 27 KB per connection')
    const costly = variant('event-loop', { rssBefore: 40_000 * KB - 2000 * 20 * KB })
    expect(checkOf(out([costly, variant('thread-per-connection')]), 'check.cheaper').ok).toBe(false)
  })

  it('says when Node worker threads stood in for OS threads', () => {
    const o = asyncIoOutcome(
      { language: 'node', variants: [variant('thread-per-connection', { server: 'node-workers' })] },
      [],
    )
    expect(o.facts!.map((f) => f.label.key)).toContain('scenario.async-io.fact.workers')
  })
})
