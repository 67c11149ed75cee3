// crash-isolation: a master handing a stream of small tasks to W workers, as
// worker processes or as worker threads in one host process. The master
// (master.ts) runs inside ProcLab; the workers (workers.ts) are processes or
// threads behind one interface; judge.ts says what each crash took down.
import { CRASHES, type Crash } from '../../../shared/scenarios/crash-isolation'
import { LabError } from '../../errors'
import { defineScenario } from '../types'
import { Master } from './master'

/** The masters of running runs, for the "crash a worker" action. */
const masters = new Map<string, Master>()

export const crashIsolationScenario = defineScenario({
  info: {
    id: 'crash-isolation',
    title: 'Crash isolation: processes vs threads',
    section: '进程 vs 线程',
    kind: 'process',
    summary:
      "The seed's master-worker comparison: with processes, a crashing worker takes only itself down, the master and the other workers carry on; with threads, " +
      '"any thread that dies can take the whole process with it, because all threads share its memory". Here a master (inside ProcLab) feeds small tasks to W workers, ' +
      'as W processes or as W threads in one host process. Crash a worker with the action below and watch who survives: in process mode only that worker dies, ' +
      'the supervisor restarts it with backoff and re-queues its task. In thread mode a JavaScript exception (or, with a per-thread heap limit, running out of memory) ends only its thread, ' +
      'but abort, segfault and SIGKILL end the host process and every thread in it, losing all their tasks in flight. Completed, lost and retried tasks are counted; ProcLab itself survives every case.',
    options: [
      { key: 'mode', label: 'Workers are', type: 'choice', default: 'processes', choices: ['processes', 'threads'] },
      { key: 'workers', label: 'Workers', type: 'integer', default: 3, min: 2, max: 8 },
      {
        key: 'durationSec',
        label: 'Run for (s)',
        type: 'integer',
        default: 60,
        min: 2,
        max: 600,
        help: 'Then the master stops handing out new tasks, lets the last ones finish and ends.',
      },
      {
        key: 'taskMs',
        label: 'Longest task (ms)',
        type: 'integer',
        default: 400,
        min: 20,
        max: 5000,
        help: 'Each task takes a random time up to this.',
      },
    ],
    actions: [
      {
        id: 'crash',
        label: 'Crash a worker',
        options: [
          {
            key: 'how',
            label: 'How',
            type: 'choice',
            default: 'exception',
            choices: CRASHES,
            help: 'exception: uncaught error; abort: SIGABRT; segfault: SIGSEGV; sigkill: kill -9; oom: allocate until the heap limit.',
          },
          { key: 'worker', label: 'Worker', type: 'integer', default: 1, min: 1, max: 8 },
        ],
      },
    ],
  },
  sources: ['crash-worker', 'crash-host'],
  async run(ctx) {
    const master = new Master(ctx)
    masters.set(ctx.runId, master)
    try {
      return await master.run()
    } finally {
      masters.delete(ctx.runId)
    }
  },
  async action(ctx, action, options) {
    const master = masters.get(ctx.runId)
    if (!master) throw new LabError('EINVAL', `Run ${ctx.runId} is not running`)
    if (action === 'crash') master.crash(options.how as Crash, Number(options.worker))
  },
})
