// The host of crash-isolation's thread mode: ONE process holding every worker
// as a thread (crash-worker.child.ts). It passes tasks and crash orders from the
// master to its threads and reports back. When a thread dies of a JavaScript
// error, the host lives on and can start a new thread; when a thread does
// something that kills a process, this whole process and every thread in it die.
import type { Worker } from 'node:worker_threads'
import { leaveWithParent, onParentMessage, runOptions, startThread, toParent } from '../../../child/child-kit'
import type {
  CrashHostOptions,
  FromCrashHost,
  FromCrashWorker,
  ToCrashHost,
} from '../../../shared/scenarios/crash-isolation'

const options = runOptions<CrashHostOptions>()
const tell = (m: FromCrashHost): Promise<void> => toParent(m)
leaveWithParent()

const threads = new Map<number, Worker>()
const waitingReady = new Set<number>()

function startWorkerThread(slot: number): void {
  const t = startThread('crash-worker', { resourceLimits: { maxOldGenerationSizeMb: options.threadHeapMb } })
  threads.set(slot, t)
  waitingReady.add(slot)
  let error: string | undefined
  t.on('message', (m: FromCrashWorker) => {
    // The supervisor's restart keeper counts the host ready once every thread is.
    if (m.type === 'ready' && waitingReady.delete(slot) && waitingReady.size === 0) void tell({ type: 'host-ready' })
    void tell({ ...m, slot })
  })
  t.on('error', (err: Error & { code?: string }) => {
    // An identifier (ERR_WORKER_OUT_OF_MEMORY, Error), not a sentence: the dashboard words it.
    error = err.code ?? err.name
  })
  t.on('exit', (code) => {
    if (threads.get(slot) === t) threads.delete(slot)
    void tell({ type: 'thread-exit', slot, code, error })
  })
}

onParentMessage<ToCrashHost>((m) => {
  if (m.type === 'respawn') startWorkerThread(m.slot)
  else threads.get(m.slot)?.postMessage(m)
})

console.log(`Thread host ${process.pid}: starting ${options.workers} worker threads`)
for (let slot = 1; slot <= options.workers; slot++) startWorkerThread(slot)
