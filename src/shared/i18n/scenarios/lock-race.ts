// lock-race (Lock): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Lock: a shared balance with and without a lock',
  summary:
    "Threads share all of a process's memory, so two threads can change one variable at the same moment. Each thread here runs the seed's change_it(n) — balance = balance + n, then balance = balance - n — a million times on a balance in shared memory, first without a lock and then holding a mutex built on Atomics. Each statement is a load, an add and a store: when another thread's store lands between them, an update is lost, so without the lock the balance ends away from 0 and the change counter falls short; with the lock it is 0 every time. Compare the two times: the lock makes the critical section run one thread at a time, and that is its cost.",
  option: {
    threads: {
      label: 'Threads',
    },
    iterations: {
      label: 'change_it() calls per thread',
    },
    mode: {
      label: 'Run',
      choice: {
        both: 'both',
        unlocked: 'unlocked',
        locked: 'locked',
      },
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Lock: a shared balance with and without a lock',
  summary:
    "Threads share all of a process's memory, so two threads can change one variable at the same moment. Each thread here runs the seed's change_it(n) — balance = balance + n, then balance = balance - n — a million times on a balance in shared memory, first without a lock and then holding a mutex built on Atomics. Each statement is a load, an add and a store: when another thread's store lands between them, an update is lost, so without the lock the balance ends away from 0 and the change counter falls short; with the lock it is 0 every time. Compare the two times: the lock makes the critical section run one thread at a time, and that is its cost.",
  option: {
    threads: {
      label: 'Threads',
    },
    iterations: {
      label: 'change_it() calls per thread',
    },
    mode: {
      label: 'Run',
      choice: {
        both: 'both',
        unlocked: 'unlocked',
        locked: 'locked',
      },
    },
  },
}

export const lockRace: Bilingual<typeof en> = { en, zh }
export const lockRaceMsg = messages('scenario.lock-race', lockRace)
