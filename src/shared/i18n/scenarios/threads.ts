// threads (多线程): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Threads: LoopThread and join()',
  summary:
    'A process is made of threads and always has at least one, the main thread. Here the main thread of the scenario host starts a second thread named LoopThread, which counts to five with a pause after each number, printing the name of the thread that is running; the main thread waits for it with join() and only then prints that it has ended. Watch the thread list: both threads belong to one process and have their own OS thread ids; LoopThread is sleeping between numbers while MainThread is joining it. The names are only labels (the seed says so): ProcLab also hands them to the OS, so ps -L and htop show them too.',
  option: {
    count: {
      label: 'Numbers to count',
    },
    pauseMs: {
      label: 'Pause after each (ms)',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Threads: LoopThread and join()',
  summary:
    'A process is made of threads and always has at least one, the main thread. Here the main thread of the scenario host starts a second thread named LoopThread, which counts to five with a pause after each number, printing the name of the thread that is running; the main thread waits for it with join() and only then prints that it has ended. Watch the thread list: both threads belong to one process and have their own OS thread ids; LoopThread is sleeping between numbers while MainThread is joining it. The names are only labels (the seed says so): ProcLab also hands them to the OS, so ps -L and htop show them too.',
  option: {
    count: {
      label: 'Numbers to count',
    },
    pauseMs: {
      label: 'Pause after each (ms)',
    },
  },
}

export const threads: Bilingual<typeof en> = { en, zh }
export const threadsMsg = messages('scenario.threads', threads)
