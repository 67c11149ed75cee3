// threads (多线程): a named thread counts with pauses while the main thread
// waits for it in join().
import type { RunOutcome } from '../../../shared/model'
import type { ThreadOutcomeData } from '../../../shared/thread-lab'

import { num, runHost } from '../../bridge/thread-kit'
import { defineScenario } from '../types'

export const threadsScenario = defineScenario({
  info: {
    id: 'threads',
    title: 'Threads: LoopThread and join()',
    section: '多线程',
    kind: 'thread',
    summary:
      'A process is made of threads and always has at least one, the main thread. Here the main thread of the scenario host starts a second thread named LoopThread, which counts to five with a pause after each number, printing the name of the thread that is running; the main thread waits for it with join() and only then prints that it has ended. Watch the thread list: both threads belong to one process and have their own OS thread ids; LoopThread is sleeping between numbers while MainThread is joining it. The names are only labels (the seed says so): ProcLab also hands them to the OS, so ps -L and htop show them too.',
    options: [
      { key: 'count', label: 'Numbers to count', type: 'integer', default: 5, min: 1, max: 20 },
      { key: 'pauseMs', label: 'Pause after each (ms)', type: 'integer', default: 1000, min: 50, max: 5000 },
    ],
  },
  sources: ['thread-loop'],
  async run(ctx): Promise<RunOutcome<ThreadOutcomeData>> {
    const count = num(ctx.options, 'count')
    const run = await runHost(ctx, 'thread-loop', { count, pauseMs: num(ctx.options, 'pauseMs') })
    const r = run.result
    const data: ThreadOutcomeData = { threads: run.view.threads, lines: r?.lines ?? [] }
    if (!r) return { summary: 'Stopped before LoopThread finished.', checks: [], figures: {}, data }
    const loopLines = r.lines.filter((l) => l.thread === 'LoopThread' && /LoopThread >>> \d+/.test(l.text)).length
    const mainEnded = r.lines.find((l) => l.text === 'thread MainThread ended.')
    return {
      summary: `LoopThread (tid ${r.loopTid}) counted to ${loopLines} in the host process while MainThread (tid ${r.mainTid}) waited in join(); MainThread ended ${mainEnded ? mainEnded.at - r.loopEndedAt : '?'} ms after LoopThread.`,
      checks: [
        {
          label: 'LoopThread printed its own name with every number',
          ok: loopLines === count,
          detail: `${loopLines} of ${count} lines`,
        },
        {
          label: 'Two OS threads in one process',
          ok: r.loopTid > 0 && r.mainTid > 0 && r.loopTid !== r.mainTid,
          detail: `MainThread tid ${r.mainTid}, LoopThread tid ${r.loopTid}, process ${run.pid}`,
        },
        {
          label: 'join() returned only after LoopThread ended',
          ok: mainEnded !== undefined && mainEnded.at >= r.loopEndedAt,
          detail: mainEnded
            ? `MainThread ended ${mainEnded.at - r.loopEndedAt} ms after LoopThread`
            : 'MainThread did not end',
        },
      ],
      figures: { count: loopLines, mainTid: r.mainTid, loopTid: r.loopTid, hostPid: run.pid, exitCode: r.exitCode },
      data,
    }
  },
})
