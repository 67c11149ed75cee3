// A crash-isolation worker. The same code runs as a worker PROCESS (one per
// worker, started by ProcLab) and as a worker THREAD (several inside one host
// process, see crash-host.child.ts): it does small tasks for the master and, when
// told to, crashes in the way the user picked. What the crash takes down with
// it is the lesson: a process only itself; a thread, sometimes its whole host.
import { isMainThread, parentPort, threadId } from 'node:worker_threads'
import { leaveWithParent } from '../../../child/child-kit'
import { nativeAbort, readAddressZero } from '../../../child/native'
import { delay } from '../../../shared/delay'
import type { Crash, FromCrashWorker, ToCrashWorker as Order } from '../../../shared/scenarios/crash-isolation'

const send = (m: FromCrashWorker): void => {
  if (isMainThread) process.send?.(m)
  else parentPort?.postMessage(m)
}
const where = isMainThread ? `process ${process.pid}` : `thread ${threadId} of process ${process.pid}`

async function doTask(id: number, ms: number): Promise<void> {
  // A little real computing, then waiting: small tasks, light on the CPU.
  const until = performance.now() + ms / 5
  let x = 0
  while (performance.now() < until) x = (x * 31 + 7) % 1_000_003
  await delay(ms - ms / 5)
  send({ type: 'done', id, x })
}

function crash(how: Crash): void {
  console.log(`${where}: crashing by ${how}`)
  switch (how) {
    case 'exception':
      // Uncaught: a process exits with code 1; a worker thread ends and its host gets an 'error' event.
      throw new Error(`crashed on purpose in ${where}`)
    case 'abort':
      // C's abort() called from native code (as a failing assertion in an addon
      // would): it ends the whole process, whichever thread calls it. Node's own
      // process.abort() is refused inside a worker thread, so it is not used there.
      if (nativeAbort()) break
      if (isMainThread) process.abort()
      process.kill(process.pid, 'SIGABRT')
      break
    case 'segfault':
      // A real invalid memory access in native code (reading address 0): SIGSEGV
      // on Unix, an access violation on Windows, delivered to the whole process.
      if (!readAddressZero()) process.kill(process.pid, 'SIGSEGV')
      break
    case 'sigkill':
      // As the kernel's OOM killer or `kill -9` would: no handler can run (TerminateProcess on Windows).
      process.kill(process.pid, 'SIGKILL')
      break
    case 'oom': {
      // Allocate until V8's heap limit is hit (a process runs with a small
      // --max-old-space-size; a thread with a small resourceLimits heap).
      const hoard: number[][] = []
      for (;;) hoard.push(new Array(250_000).fill(hoard.length + 0.5))
    }
  }
}

function onOrder(m: Order): void {
  if (m.type === 'crash') crash(m.how)
  else void doTask(m.id, m.ms)
}

if (isMainThread) {
  leaveWithParent()
  process.on('message', (m: Order) => onOrder(m))
} else {
  parentPort?.on('message', onOrder)
}
send({ type: 'ready', pid: process.pid, threadId })
