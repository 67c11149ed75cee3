// The host of crash-isolation's thread mode: ONE process holding every worker
// as a thread (crash-worker.ts). It passes tasks and crash orders from the
// master to its threads and reports back. When a thread dies of a JavaScript
// error, the host lives on and can start a new thread; when a thread does
// something that kills a process, this whole process and every thread in it die.
import type { Worker } from 'node:worker_threads'
import { leaveWithParent, startThread, toParent } from '../../../child/child-kit'

const options = JSON.parse(process.argv[2] ?? '{}') as { workers: number; threadHeapMb: number }
leaveWithParent()

const threads = new Map<number, Worker>()
const waitingReady = new Set<number>()

function startWorkerThread(slot: number): void {
  const t = startThread('crash-worker', { resourceLimits: { maxOldGenerationSizeMb: options.threadHeapMb } })
  threads.set(slot, t)
  waitingReady.add(slot)
  let error: string | undefined
  t.on('message', (m: { type: string }) => {
    if (m.type === 'ready' && waitingReady.delete(slot) && waitingReady.size === 0) void toParent({ type: 'ready' })
    void toParent({ ...m, slot })
  })
  t.on('error', (err: Error & { code?: string }) => {
    error = err.code ? `${err.code}: ${err.message}` : `${err.name}: ${err.message}`
  })
  t.on('exit', (code) => {
    if (threads.get(slot) === t) threads.delete(slot)
    void toParent({ type: 'thread-exit', slot, code, error })
  })
}

process.on('message', (m: { type: string; slot: number }) => {
  if (m.type === 'respawn') startWorkerThread(m.slot)
  else threads.get(m.slot)?.postMessage(m)
})

console.log(`Thread host ${process.pid}: starting ${options.workers} worker threads`)
for (let slot = 1; slot <= options.workers; slot++) startWorkerThread(slot)
