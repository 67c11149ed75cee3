// threads (多线程): the seed's LoopThread. The main thread starts a named
// thread that counts with pauses, printing the current thread's name, and
// waits for it with join(). Both are real OS threads of one process; the
// table below shows their OS thread ids next to the names.
import { labThread, sleepBlocking } from '../../../child/lab-thread'
import type { Host } from '../../../child/scenario-host'
import type { LoopResult } from '../../../shared/scenarios/threads'

interface LoopData {
  readonly count: number
  readonly pauseMs: number
}

// ---- the new thread (the seed's loop()) ----

const self = labThread<LoopData>('thread-loop')
if (self) {
  const say = self.print
  say(`thread ${self.name} is running...`)
  let n = 0
  while (n < self.data.count) {
    n = n + 1
    say(`thread ${self.name} >>> ${n}`)
    self.table.addProgress(self.slot)
    self.set('sleeping')
    sleepBlocking(self.data.pauseMs)
    self.set('running')
  }
  say(`thread ${self.name} ended.`)
  self.set('done')
}

// ---- the host's main thread ----

export async function drive(host: Host, options: Record<string, unknown>): Promise<LoopResult> {
  host.print('thread MainThread is running...')
  const t = host.startThread('thread-loop', 'LoopThread', { count: options.count, pauseMs: options.pauseMs })
  const stop = (): void => void t.terminate()
  host.signal.addEventListener('abort', stop, { once: true })
  const exitCode = await t.join()
  host.signal.removeEventListener('abort', stop)
  const loopEndedAt = host.table.read(t.slot).since
  host.print('thread MainThread ended.')
  return {
    lines: host.lines,
    joinedAt: Date.now(),
    loopEndedAt,
    mainTid: host.table.read(0).tid,
    loopTid: host.table.read(t.slot).tid,
    exitCode,
  }
}
