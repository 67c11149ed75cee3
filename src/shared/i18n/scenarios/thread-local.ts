// thread-local (ThreadLocal): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'ThreadLocal: each thread its own student',
  summary:
    'Each thread binds its own student (Thread-A gets Alice, Thread-B gets Bob) and process_student() reads it without being passed it, as the seed does with threading.local(). In Node a worker thread has its own module globals, so a plain global inside a worker already is thread-local; for tasks that take turns on one thread, AsyncLocalStorage plays that part. Then the same code with a variable that really is shared, between threads (one slot of shared memory) or between tasks (an ordinary global): every thread binds its name, pauses, reads back, and all but the last writer greet the wrong student. That is why the seed says a global needs a lock, and ThreadLocal does not.',
  option: {
    students: {
      label: 'Students',
    },
    pauseMs: {
      label: 'Pause between binding and reading (ms)',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'ThreadLocal: each thread its own student',
  summary:
    'Each thread binds its own student (Thread-A gets Alice, Thread-B gets Bob) and process_student() reads it without being passed it, as the seed does with threading.local(). In Node a worker thread has its own module globals, so a plain global inside a worker already is thread-local; for tasks that take turns on one thread, AsyncLocalStorage plays that part. Then the same code with a variable that really is shared, between threads (one slot of shared memory) or between tasks (an ordinary global): every thread binds its name, pauses, reads back, and all but the last writer greet the wrong student. That is why the seed says a global needs a lock, and ThreadLocal does not.',
  option: {
    students: {
      label: 'Students',
    },
    pauseMs: {
      label: 'Pause between binding and reading (ms)',
    },
  },
}

export const threadLocal: Bilingual<typeof en> = { en, zh }
export const threadLocalMsg = messages('scenario.thread-local', threadLocal)
