// deadlock (Lock, 死锁): two threads take two locks in opposite order. Thread-1
// holds A and wants B; Thread-2 holds B and wants A; neither can go on, and
// neither will give up what it holds. Both sleep in the kernel (Atomics.wait)
// for ever, using no CPU. The 'ordered' variant takes A before B in both
// threads, which can never deadlock.
import { SharedMutex } from '../../../child/sync/mutex'
import { delay } from '../../../shared/delay'
import { labThread, sleepBlocking } from '../../../child/lab-thread'
import type { Host } from '../../../child/scenario-host'
import type { DeadlockResult } from '../../../shared/scenarios/deadlock'

interface DeadlockData {
  readonly first: number
  readonly second: number
  readonly lockNames: readonly string[]
  readonly holdMs: number
}

// ---- each thread ----

const self = labThread<DeadlockData>('thread-deadlock')
if (self) {
  const { first, second, lockNames, holdMs } = self.data
  const a = new SharedMutex(self.locks!, first, self.table, self.slot)
  const b = new SharedMutex(self.locks!, second, self.table, self.slot)
  self.print(`${self.name}: taking lock ${lockNames[first]}`)
  a.lock()
  self.print(`${self.name}: holds ${lockNames[first]}, working`)
  // While we work, the other thread takes its first lock: the trap is set.
  self.set('sleeping')
  sleepBlocking(holdMs)
  self.set('running')
  self.print(`${self.name}: taking lock ${lockNames[second]}`)
  b.lock()
  self.print(`${self.name}: holds ${lockNames[first]} and ${lockNames[second]}`)
  b.unlock()
  a.unlock()
  self.print(`${self.name}: released both locks, done`)
  self.set('done')
}

// ---- the host's main thread ----

export async function drive(host: Host, options: Record<string, unknown>): Promise<DeadlockResult> {
  const lockNames = ['A', 'B']
  host.useLocks(lockNames)
  const ordered = options.variant === 'ordered'
  const plans = ordered
    ? [
        [0, 1],
        [0, 1],
      ]
    : [
        [0, 1],
        [1, 0],
      ]
  const holdMs = options.holdMs as number
  const ws = (options.threadNames as string[]).map((name, i) =>
    host.startThread('thread-deadlock', name, {
      first: plans[i][0],
      second: plans[i][1],
      lockNames,
      holdMs,
    } satisfies DeadlockData),
  )
  let broken: DeadlockResult['broken'] = null
  host.onAction(async (action, opts) => {
    if (action !== 'break') throw new Error(`unknown action ${action}`)
    const w = ws.find((x) => x.name === opts.thread)
    if (!w) throw new Error(`no thread ${String(opts.thread)}`)
    const state = host.table.read(w.slot).state
    if (state === 'done' || state === 'terminated') throw new Error(`${w.name} has already ended`)
    await w.terminate()
    // A thread that dies holding locks would keep them for ever; free them
    // as a robust mutex does, so the other thread can go on.
    const freed = host.locks.releaseAllOf(w.slot).map((l) => lockNames[l])
    broken = { thread: w.name, at: Date.now(), freed }
    host.log(`${w.name} terminated; freed lock ${freed.join(', ') || '(none)'}`)
  })
  host.setMain('joining', ws[0].slot)
  let finished = false
  const both = Promise.all(ws.map((w) => w.exited)).then(() => void (finished = true))
  // A deadlock never ends by itself: the run does, after timeoutS at most.
  await Promise.race([both, delay((options.timeoutS as number) * 1000, host.signal)])
  const endedBy: DeadlockResult['endedBy'] = finished ? 'completed' : host.signal.aborted ? 'stopped' : 'timeout'
  // Snapshot states before ending whatever is still stuck.
  const threads = ws.map((w) => ({ name: w.name, state: host.table.read(w.slot).state }))
  host.publish(true)
  await Promise.all(ws.map((w) => w.terminate()))
  host.setMain('running')
  return { variant: ordered ? 'ordered' : 'opposite-order', endedBy, broken, threads }
}
