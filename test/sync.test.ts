// The shared-memory mutex and the wait-for graph: exclusion between real
// threads, the owner and waiter records a deadlock detector reads, and cycle
// detection on constructed graphs.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { buildSync } from 'esbuild'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { LockTable, SharedMutex } from '../src/child/sync/mutex'
import { ThreadTable } from '../src/child/sync/thread-table'
import { buildWaitForGraph, findCycles } from '../src/core/scenarios/deadlock/wait-for'
import { waitFor } from './helpers/procs'

// A worker thread cannot run TypeScript from vitest directly: bundle a tiny
// body that uses the real mutex module, once.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-sync-test-'))
const body = path.join(dir, 'body.mjs')
buildSync({
  stdin: {
    contents: `
      import { workerData, parentPort } from 'node:worker_threads'
      import { LockTable, SharedMutex } from './mutex'
      import { ThreadTable } from './thread-table'
      const { task, slot, locks, table, cells, iterations, lockIndex } = workerData
      const lt = new LockTable(locks)
      const tt = new ThreadTable(table)
      const c = new Int32Array(cells)
      const m = new SharedMutex(lt, lockIndex ?? 0, tt, slot)
      tt.set(slot, 'running')
      if (task === 'count') {
        for (let i = 0; i < iterations; i++) {
          m.lock()
          const inside = Atomics.add(c, 1, 1) + 1
          if (inside > Atomics.load(c, 2)) Atomics.store(c, 2, inside)
          c[0] = c[0] + 1 // plain read-modify-write: only the lock keeps it exact
          Atomics.sub(c, 1, 1)
          m.unlock()
        }
      } else if (task === 'hold') {
        m.lock()
        parentPort.postMessage('holding')
        Atomics.wait(c, 3, 0) // until told to let go (or terminated)
        m.unlock()
      } else if (task === 'take') {
        m.lock()
        parentPort.postMessage('got it')
        m.unlock()
      }
      tt.set(slot, 'done')
    `,
    resolveDir: path.resolve('src/child/sync'),
    loader: 'ts',
  },
  outfile: body,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'error',
})

const workers = new Set<Worker>()
const exits = new WeakMap<Worker, Promise<number>>()
function start(data: Record<string, unknown>): Worker {
  const w = new Worker(body, { workerData: data })
  workers.add(w)
  // Listened for at once: a thread can end before the test asks.
  exits.set(w, new Promise((r) => w.once('exit', r)))
  void exits.get(w)!.then(() => workers.delete(w))
  return w
}
const exited = (w: Worker): Promise<number> => exits.get(w)!
const message = (w: Worker): Promise<unknown> => new Promise((r) => w.once('message', r))

afterEach(async () => {
  await Promise.all([...workers].map((w) => w.terminate()))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('SharedMutex', () => {
  it('lets one thread at a time into the critical section, so a plain counter stays exact', async () => {
    const locks = LockTable.create(1)
    const table = ThreadTable.create(8)
    const cells = new SharedArrayBuffer(16)
    const iterations = 20_000
    const ws = [1, 2, 3, 4].map((slot) =>
      start({ task: 'count', slot, locks: locks.buffer, table: table.buffer, cells, iterations }),
    )
    await Promise.all(ws.map(exited))
    const c = new Int32Array(cells)
    expect(c[0]).toBe(4 * iterations)
    expect(c[2]).toBe(1) // never two inside at once
    expect(locks.owner(0)).toBe(-1)
  })

  it('records the owner of a lock and the lock a blocked thread waits for', async () => {
    const locks = LockTable.create(2)
    const table = ThreadTable.create(4)
    const cells = new SharedArrayBuffer(16)
    const holder = start({ task: 'hold', slot: 1, locks: locks.buffer, table: table.buffer, cells, lockIndex: 1 })
    await message(holder)
    expect(locks.owner(1)).toBe(1)
    expect(locks.owner(0)).toBe(-1)

    const taker = start({ task: 'take', slot: 2, locks: locks.buffer, table: table.buffer, cells, lockIndex: 1 })
    const got = message(taker)
    const waiting = (await waitFor(() => {
      const r = table.read(2)
      return r.state === 'waiting' ? r : null
    }))!
    expect(waiting.arg).toBe(1)
    expect(waiting.since).toBeLessThanOrEqual(Date.now())
    expect(locks.owner(1)).toBe(1)

    // Let go: the waiter gets the lock, its record says running again.
    Atomics.store(new Int32Array(cells), 3, 1)
    Atomics.notify(new Int32Array(cells), 3)
    await got
    await Promise.all([exited(holder), exited(taker)])
    expect(table.read(2).state).toBe('done')
    expect(locks.owner(1)).toBe(-1)
  })

  it('frees the locks of a terminated owner (robust mutex), so a waiter can go on', async () => {
    const locks = LockTable.create(1)
    const table = ThreadTable.create(4)
    const cells = new SharedArrayBuffer(16)
    const holder = start({ task: 'hold', slot: 1, locks: locks.buffer, table: table.buffer, cells })
    await message(holder)
    const taker = start({ task: 'take', slot: 2, locks: locks.buffer, table: table.buffer, cells })
    await waitFor(() => table.read(2).state === 'waiting')
    await holder.terminate()
    expect(locks.owner(0)).toBe(1) // the dead thread still owns it...
    expect(locks.releaseAllOf(1)).toEqual([0]) // ...until the host frees it
    expect(await message(taker)).toBe('got it')
    await exited(taker)
    expect(locks.owner(0)).toBe(-1)
  })

  it('refuses an unlock by a thread that does not own the lock', () => {
    const locks = LockTable.create(1)
    const mine = new SharedMutex(locks, 0, undefined, 0)
    const theirs = new SharedMutex(locks, 0, undefined, 1)
    expect(mine.tryLock()).toBe(true)
    expect(theirs.tryLock()).toBe(false)
    expect(() => theirs.unlock()).toThrow(/not held by slot 1/)
    mine.unlock()
    expect(theirs.tryLock()).toBe(true)
    expect(locks.owner(0)).toBe(1)
  })
})

describe('wait-for graph', () => {
  it('finds the two-thread deadlock as thread → lock → thread → lock', () => {
    const g = buildWaitForGraph(
      [
        { id: 't1', label: 'Thread-1', waitsFor: 'B' },
        { id: 't2', label: 'Thread-2', waitsFor: 'A' },
      ],
      [
        { id: 'A', label: 'A', heldBy: 't1' },
        { id: 'B', label: 'B', heldBy: 't2' },
      ],
    )
    expect(g.cycles).toEqual([['t1', 'B', 't2', 'A']])
    expect(g.nodes.every((n) => n.inCycle)).toBe(true)
    expect(g.edges.filter((e) => e.inCycle)).toHaveLength(4)
    expect(g.edges.find((e) => e.from === 't1')).toMatchObject({ to: 'B', kind: 'waits-for' })
    expect(g.edges.find((e) => e.from === 'A')).toMatchObject({ to: 't1', kind: 'held-by' })
  })

  it('sees no cycle when the chain ends at a thread that is running', () => {
    const g = buildWaitForGraph(
      [
        { id: 't1', label: 'T1' },
        { id: 't2', label: 'T2', waitsFor: 'A' },
        { id: 't3', label: 'T3', waitsFor: 'A' },
      ],
      [
        { id: 'A', label: 'A', heldBy: 't1' },
        { id: 'B', label: 'B' },
      ],
    )
    expect(g.cycles).toEqual([])
    expect(g.nodes.some((n) => n.inCycle)).toBe(false)
    expect(g.edges).toHaveLength(3)
  })

  it('finds a three-thread cycle and leaves a thread queued behind it out of the cycle', () => {
    const g = buildWaitForGraph(
      [
        { id: 't3', label: 'T3', waitsFor: 'A' },
        { id: 't1', label: 'T1', waitsFor: 'B' },
        { id: 't2', label: 'T2', waitsFor: 'C' },
        { id: 't4', label: 'T4', waitsFor: 'B' },
      ],
      [
        { id: 'A', label: 'A', heldBy: 't1' },
        { id: 'B', label: 'B', heldBy: 't2' },
        { id: 'C', label: 'C', heldBy: 't3' },
      ],
    )
    expect(g.cycles).toEqual([['t1', 'B', 't2', 'C', 't3', 'A']])
    expect(g.nodes.find((n) => n.id === 't4')?.inCycle).toBe(false)
    expect(g.edges.find((e) => e.from === 't4')?.inCycle).toBe(false)
  })

  it('reports each of two separate cycles once', () => {
    const next = new Map([
      ['a', 'L1'],
      ['L1', 'b'],
      ['b', 'L2'],
      ['L2', 'a'],
      ['c', 'L3'],
      ['L3', 'c'],
    ])
    expect(findCycles(['a', 'b', 'c'], next)).toEqual([
      ['a', 'L1', 'b', 'L2'],
      ['c', 'L3'],
    ])
  })

  it('ignores records that point at unknown nodes', () => {
    const g = buildWaitForGraph(
      [{ id: 't1', label: 'T1', waitsFor: 'gone' }],
      [{ id: 'A', label: 'A', heldBy: 'nobody' }],
    )
    expect(g.edges).toEqual([])
    expect(g.cycles).toEqual([])
  })
})
