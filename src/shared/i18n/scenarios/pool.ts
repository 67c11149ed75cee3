// pool (Pool): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Pool: N workers, more tasks',
  summary:
    'The seed creates Pool(4), submits 5 tasks of random length with apply_async(), then close() and join(). A pool starts its workers once and hands each a new task when it finishes the last, so with more tasks than workers some task waits and then runs on a worker pid already used (in the seed, task 4 reuses the pid of task 2). close() means no new tasks (a submission after it is refused); join() waits for every worker. The default size is the number of logical cores. Watch the timeline: one lane per worker pid, a bar per task, and never more bars at once than workers.',
  option: {
    workers: {
      label: 'Workers',
      help: 'Defaults to the number of logical cores (2 here).',
    },
    tasks: {
      label: 'Tasks',
    },
    maxTaskMs: {
      label: 'Longest task (ms)',
      help: 'Each task sleeps a random time up to this (the seed: up to 3 s).',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Pool: N workers, more tasks',
  summary:
    'The seed creates Pool(4), submits 5 tasks of random length with apply_async(), then close() and join(). A pool starts its workers once and hands each a new task when it finishes the last, so with more tasks than workers some task waits and then runs on a worker pid already used (in the seed, task 4 reuses the pid of task 2). close() means no new tasks (a submission after it is refused); join() waits for every worker. The default size is the number of logical cores. Watch the timeline: one lane per worker pid, a bar per task, and never more bars at once than workers.',
  option: {
    workers: {
      label: 'Workers',
      help: 'Defaults to the number of logical cores (2 here).',
    },
    tasks: {
      label: 'Tasks',
    },
    maxTaskMs: {
      label: 'Longest task (ms)',
      help: 'Each task sleeps a random time up to this (the seed: up to 3 s).',
    },
  },
}

export const pool: Bilingual<typeof en> = { en, zh }
export const poolMsg = messages('scenario.pool', pool)
