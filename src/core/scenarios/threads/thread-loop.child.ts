// threads (多线程): the seed's LoopThread. The main thread starts a named
// thread that counts with pauses, printing the current thread's name, and
// waits for it with join(). Both are real OS threads of one process; the
// table below shows their OS thread ids next to the names.
import { labThread, sleepBlocking } from '../../../child/lab-thread'
import { runPythonProgram, type PythonCommand } from '../../../child/python-driver'
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

export async function drive(host: Host, options: Record<string, unknown>): Promise<LoopResult | undefined> {
  const count = options.count as number
  if (options.language === 'python') {
    // The tutorial's own program (src/python/loop_thread.py); proclab.thread() lists its threads.
    const run = await runPythonProgram<LoopResult>(host, options.python as PythonCommand, 'loop_thread', {
      count,
      pauseMs: options.pauseMs,
    })
    return run.result
  }
  host.print('thread MainThread is running...')
  const t = host.startThread('thread-loop', 'LoopThread', { count, pauseMs: options.pauseMs })
  const stop = (): void => void t.terminate()
  host.signal.addEventListener('abort', stop, { once: true })
  await t.join()
  const joinedAt = Date.now()
  host.signal.removeEventListener('abort', stop)
  host.print('thread MainThread ended.')
  // Each thread wrote its own OS thread id into its slot of the table when it started.
  const tidOf = new Map([
    ['MainThread', host.table.read(0).tid],
    ['LoopThread', host.table.read(t.slot).tid],
  ])
  return {
    language: 'node',
    count,
    lines: host.lines.map((l) => ({ ...l, tid: tidOf.get(l.thread) ?? 0, pid: process.pid })),
    pid: process.pid,
    mainTid: host.table.read(0).tid,
    loopTid: host.table.read(t.slot).tid,
    joinedAt,
  }
}
