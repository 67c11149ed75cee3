// distributed (分布式进程 (managers)): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Distributed: a master and workers over the network',
  summary:
    "The seed's multiprocessing.managers example: a master process owns a task queue and a result queue and exposes them on a network address with an authkey; workers, on this machine or another, know only that address and key, connect, take numbers from the task queue and put n*n on the result queue. The queues live in the master alone; a worker reaches them only over its connection, and only after answering a random challenge with an HMAC of the key. Here the master listens on 127.0.0.1 only and forks its workers; an intruder with the right address but a wrong key is turned away. Watch the queue sizes, which worker pid computed each result, and the refused connection.",
  option: {
    workers: {
      label: 'Workers',
    },
    tasks: {
      label: 'Tasks',
      help: 'The seed puts 10 random numbers on the task queue.',
    },
    intruder: {
      label: 'Also try to connect with a wrong key',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Distributed: a master and workers over the network',
  summary:
    "The seed's multiprocessing.managers example: a master process owns a task queue and a result queue and exposes them on a network address with an authkey; workers, on this machine or another, know only that address and key, connect, take numbers from the task queue and put n*n on the result queue. The queues live in the master alone; a worker reaches them only over its connection, and only after answering a random challenge with an HMAC of the key. Here the master listens on 127.0.0.1 only and forks its workers; an intruder with the right address but a wrong key is turned away. Watch the queue sizes, which worker pid computed each result, and the refused connection.",
  option: {
    workers: {
      label: 'Workers',
    },
    tasks: {
      label: 'Tasks',
      help: 'The seed puts 10 random numbers on the task queue.',
    },
    intruder: {
      label: 'Also try to connect with a wrong key',
    },
  },
}

export const distributed: Bilingual<typeof en> = { en, zh }
export const distributedMsg = messages('scenario.distributed', distributed)
