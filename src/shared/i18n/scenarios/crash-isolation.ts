// crash-isolation (进程 vs 线程): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Crash isolation: processes vs threads',
  summary:
    'The seed\'s master-worker comparison: with processes, a crashing worker takes only itself down, the master and the other workers carry on; with threads, "any thread that dies can take the whole process with it, because all threads share its memory". Here a master (inside ProcLab) feeds small tasks to W workers, as W processes or as W threads in one host process. Crash a worker with the action below and watch who survives: in process mode only that worker dies, the supervisor restarts it with backoff and re-queues its task. In thread mode a JavaScript exception (or, with a per-thread heap limit, running out of memory) ends only its thread, but abort, segfault and SIGKILL end the host process and every thread in it, losing all their tasks in flight. Completed, lost and retried tasks are counted; ProcLab itself survives every case.',
  option: {
    mode: {
      label: 'Workers are',
      choice: {
        processes: 'processes',
        threads: 'threads',
      },
    },
    workers: {
      label: 'Workers',
    },
    durationSec: {
      label: 'Run for (s)',
      help: 'Then the master stops handing out new tasks, lets the last ones finish and ends.',
    },
    taskMs: {
      label: 'Longest task (ms)',
      help: 'Each task takes a random time up to this.',
    },
  },
  action: {
    crash: {
      label: 'Crash a worker',
      option: {
        how: {
          label: 'How',
          help: 'exception: uncaught error; abort: SIGABRT; segfault: SIGSEGV; sigkill: kill -9; oom: allocate until the heap limit.',
          choice: {
            exception: 'exception',
            abort: 'abort',
            segfault: 'segfault',
            sigkill: 'sigkill',
            oom: 'oom',
          },
        },
        worker: {
          label: 'Worker',
        },
      },
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Crash isolation: processes vs threads',
  summary:
    'The seed\'s master-worker comparison: with processes, a crashing worker takes only itself down, the master and the other workers carry on; with threads, "any thread that dies can take the whole process with it, because all threads share its memory". Here a master (inside ProcLab) feeds small tasks to W workers, as W processes or as W threads in one host process. Crash a worker with the action below and watch who survives: in process mode only that worker dies, the supervisor restarts it with backoff and re-queues its task. In thread mode a JavaScript exception (or, with a per-thread heap limit, running out of memory) ends only its thread, but abort, segfault and SIGKILL end the host process and every thread in it, losing all their tasks in flight. Completed, lost and retried tasks are counted; ProcLab itself survives every case.',
  option: {
    mode: {
      label: 'Workers are',
      choice: {
        processes: 'processes',
        threads: 'threads',
      },
    },
    workers: {
      label: 'Workers',
    },
    durationSec: {
      label: 'Run for (s)',
      help: 'Then the master stops handing out new tasks, lets the last ones finish and ends.',
    },
    taskMs: {
      label: 'Longest task (ms)',
      help: 'Each task takes a random time up to this.',
    },
  },
  action: {
    crash: {
      label: 'Crash a worker',
      option: {
        how: {
          label: 'How',
          help: 'exception: uncaught error; abort: SIGABRT; segfault: SIGSEGV; sigkill: kill -9; oom: allocate until the heap limit.',
          choice: {
            exception: 'exception',
            abort: 'abort',
            segfault: 'segfault',
            sigkill: 'sigkill',
            oom: 'oom',
          },
        },
        worker: {
          label: 'Worker',
        },
      },
    },
  },
}

export const crashIsolation: Bilingual<typeof en> = { en, zh }
export const crashIsolationMsg = messages('scenario.crash-isolation', crashIsolation)
