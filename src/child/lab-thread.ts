// Inside a lab thread: how a scenario's thread body (in its *.child.ts, run as
// a worker thread by the scenario host) registers itself in the thread table,
// says what it is doing, prints, and sleeps the way the seed's threads do.
import fs from 'node:fs'
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import type { LabThreadState } from '../shared/thread-protocol'
import { nameOsThread, osThreadId } from './measure'
import { LockTable } from './sync/mutex'
import { ThreadTable } from './sync/thread-table'

const napBuffer = new Int32Array(new SharedArrayBuffer(4))

/** Blocks this thread (not just its event loop), as time.sleep() does in the seed. */
export function sleepBlocking(ms: number): void {
  Atomics.wait(napBuffer, 0, 0, ms)
}

/** What the host hands each lab thread it starts (its workerData). */
export interface ThreadInit {
  readonly entry: string
  readonly slot: number
  readonly name: string
  readonly table: SharedArrayBuffer
  readonly locks?: SharedArrayBuffer
  readonly data: unknown
}

export interface LabThreadSelf<D> {
  readonly slot: number
  readonly name: string
  readonly table: ThreadTable
  readonly locks?: LockTable
  readonly data: D
  set(state: LabThreadState, arg?: number): void
  /** Prints like the seed's print(): a line on the process's stdout, which every thread shares. */
  print(text: string): void
}

/**
 * Writes straight to file descriptor 1. A worker's process.stdout is relayed
 * through its own event loop, which does not turn while the thread sleeps or
 * waits for a lock, so its lines would arrive in a burst at the end; the
 * descriptor, like every descriptor, belongs to the whole process.
 */
export function writeLine(text: string): void {
  try {
    fs.writeSync(1, `${text}\n`)
  } catch {
    process.stdout.write(`${text}\n`)
  }
}

/**
 * The context of a lab thread started for `entryName`, or null when this
 * module was loaded some other way (by the host's main thread, or in another
 * entry's thread). Registers the OS thread id and name in the table.
 */
export function labThread<D>(entryName: string): LabThreadSelf<D> | null {
  if (isMainThread) return null
  const init = workerData as ThreadInit | null
  if (!init || init.entry !== entryName) return null
  const table = new ThreadTable(init.table)
  nameOsThread(init.name)
  table.setTid(init.slot, osThreadId())
  table.set(init.slot, 'running')
  return {
    slot: init.slot,
    name: init.name,
    table,
    locks: init.locks ? new LockTable(init.locks) : undefined,
    data: init.data as D,
    set: (state, arg) => table.set(init.slot, state, arg),
    print: (text) => {
      writeLine(text)
      parentPort?.postMessage({ labPrint: text, at: Date.now() })
    },
  }
}
