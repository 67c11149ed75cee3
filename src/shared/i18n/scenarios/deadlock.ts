// deadlock (Lock): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Deadlock: two threads, two locks, opposite order',
  summary:
    "The seed warns that with several locks, threads holding different locks and each trying to take the other's can deadlock: all of them hang, and neither runs nor ends until something outside ends them. Thread-1 takes lock A then B; Thread-2 takes B then A, with a pause in between, so each ends up holding one lock and waiting for the other. ProcLab reads who owns each lock and who waits for which, draws the wait-for graph (thread → lock it waits for → thread that holds it) and reports the cycle within a sampling interval. Watch the CPU column: blocked threads sleep in the kernel and use nothing. End the run, or break the cycle by terminating one thread: its locks are freed and the other thread finishes. The ordered variant takes A before B in both threads and never deadlocks.",
  option: {
    variant: {
      label: 'Lock order',
      choice: {
        'opposite-order': 'opposite-order',
        ordered: 'ordered',
      },
    },
    holdMs: {
      label: 'Work while holding the first lock (ms)',
    },
    timeoutS: {
      label: 'End the run after (s)',
    },
  },
  action: {
    break: {
      label: 'Break the cycle: terminate a thread',
      option: {
        thread: {
          label: 'Thread',
          choice: {
            'Thread-1': 'Thread-1',
            'Thread-2': 'Thread-2',
          },
        },
      },
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Deadlock: two threads, two locks, opposite order',
  summary:
    "The seed warns that with several locks, threads holding different locks and each trying to take the other's can deadlock: all of them hang, and neither runs nor ends until something outside ends them. Thread-1 takes lock A then B; Thread-2 takes B then A, with a pause in between, so each ends up holding one lock and waiting for the other. ProcLab reads who owns each lock and who waits for which, draws the wait-for graph (thread → lock it waits for → thread that holds it) and reports the cycle within a sampling interval. Watch the CPU column: blocked threads sleep in the kernel and use nothing. End the run, or break the cycle by terminating one thread: its locks are freed and the other thread finishes. The ordered variant takes A before B in both threads and never deadlocks.",
  option: {
    variant: {
      label: 'Lock order',
      choice: {
        'opposite-order': 'opposite-order',
        ordered: 'ordered',
      },
    },
    holdMs: {
      label: 'Work while holding the first lock (ms)',
    },
    timeoutS: {
      label: 'End the run after (s)',
    },
  },
  action: {
    break: {
      label: 'Break the cycle: terminate a thread',
      option: {
        thread: {
          label: 'Thread',
          choice: {
            'Thread-1': 'Thread-1',
            'Thread-2': 'Thread-2',
          },
        },
      },
    },
  },
}

export const deadlock: Bilingual<typeof en> = { en, zh }
export const deadlockMsg = messages('scenario.deadlock', deadlock)
