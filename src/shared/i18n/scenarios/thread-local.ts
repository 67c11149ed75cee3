// thread-local (ThreadLocal): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'ThreadLocal: each thread its own student',
  summary:
    'Each thread binds its own student (Thread-A gets Alice, Thread-B gets Bob) and process_student() reads it without being passed it, as the tutorial does with threading.local(). Then the same code with a plain global variable, which all threads share: every thread binds its student, waits until all have, and reads back — and all but the last writer greet the wrong student. A lock would not help: it would only make the writes take turns, and every thread would still read the last one, since a global holds one value for everyone. The tutorial’s way out before ThreadLocal: a global dict with the thread itself as the key (global_dict[threading.current_thread()]), run here as a third variant; it works, but every function has to look itself up, and threading.local() does that lookup for you. In Node.js each worker thread has its own module globals, so a plain global inside a worker already is per-thread; one slot of shared memory plays the shared global, and for tasks taking turns on one thread, AsyncLocalStorage plays ThreadLocal.',
  option: {
    students: {
      label: 'Students',
    },
    pauseMs: {
      label: 'Pause between binding and reading (ms)',
    },
  },
  check: {
    own: '{where}: every greeting names its own student',
    mixed: "{where}: a thread reads another's student",
  },
  detail: {
    rows: '{wrong} of {n} {n:greeting names|greetings name} another student: {greetings}',
  },
  fact: {
    workerGlobal:
      'Node.js worker threads, module global: each worker thread is a JavaScript world of its own with its own module globals, so a plain global there is per-thread by construction.',
    barrierPython:
      'Each thread binds its student, then waits at a barrier (threading.Barrier) until every thread has bound one, and only then reads it back: with a shared global, every thread reads the last write.',
    pauseNode:
      'The threads bind their students together, pause, then read back: with shared storage, every thread reads the last write.',
  },
  variant: {
    'thread-local': 'threading.local()',
    'shared-global': 'plain global shared by the threads',
    'thread-dict': 'global dict keyed by the thread',
    'worker-global': 'worker threads, module global',
    'shared-memory': 'worker threads, one slot of shared memory',
    'async-local-storage': 'tasks on one thread, AsyncLocalStorage',
    'task-global': 'tasks on one thread, plain global',
  },
  outcome: {
    python:
      'threading.local(): {local} of {n} {n:greeting|greetings} named another student; plain global: {shared} of {n} — the last thread to bind its student wins; global dict keyed by the thread: {dict} of {n}.',
    node: 'Worker globals: {worker} of {n} {n:greeting|greetings} wrong; shared memory slot: {memory}; AsyncLocalStorage: {als}; plain global between tasks: {task}.',
    stopped: 'every variant finished',
    tooFew: 'Give at least two students, so the threads have something to mix up',
  },
  table: {
    variant: 'variant',
    who: 'thread or task',
    bound: 'bound',
    seen: 'process_student() read',
  },
  figure: {
    students: 'Students (threads)',
    perThread: {
      wrong: 'Per-thread storage: greetings wrong',
    },
    shared: {
      wrong: 'Shared between threads: greetings wrong',
    },
    threadDict: {
      wrong: 'Global dict keyed by the thread: greetings wrong',
    },
    asyncLocal: {
      wrong: 'AsyncLocalStorage: greetings wrong',
    },
    taskGlobal: {
      wrong: 'Plain global between tasks: greetings wrong',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'ThreadLocal：每个线程有自己的学生',
  summary:
    '每个线程绑定自己的 student（Thread-A 绑定 Alice，Thread-B 绑定 Bob），process_student() 不需要传参就能读到它，正如教程用 threading.local() 所做的那样。接着用一个普通全局变量运行同样的代码，它被所有线程共享：每个线程绑定自己的 student，等所有线程都绑定之后再读回来——除了最后一个写入的线程，其他线程都会向错误的学生问好。加锁也无济于事：锁只能让各次写入轮流进行，每个线程读到的仍然是最后一次写入，因为一个全局变量只有一个值，大家共用。教程在引出 ThreadLocal 之前给出的办法是：用一个全局 dict，以线程自身作为 key（global_dict[threading.current_thread()]），这里作为第三种写法运行；它可行，但每个函数都要自己去查，threading.local() 替你做了这次查找。Node.js 中每个工作线程都有自己的模块全局变量，所以工作线程里的普通全局变量本来就是每线程一份；共享内存中的一个位置扮演共享的全局变量；对在同一个线程上轮流执行的任务，AsyncLocalStorage 扮演 ThreadLocal 的角色。',
  option: {
    students: {
      label: '学生',
    },
    pauseMs: {
      label: '绑定与读取之间的暂停（毫秒）',
    },
  },
  check: {
    own: '{where}：每句问候都是对自己的学生说的',
    mixed: '{where}：线程读到了别的线程的学生',
  },
  detail: {
    rows: '{n} 句问候中有 {wrong} 句问候了别的学生：{greetings}',
  },
  fact: {
    workerGlobal:
      'Node.js 工作线程的模块全局变量：每个工作线程都是一个独立的 JavaScript 世界，有自己的模块全局变量，所以那里的普通全局变量天生就是每线程一份。',
    barrierPython:
      '每个线程先绑定自己的 student，再在屏障（threading.Barrier）处等待，直到所有线程都绑定完，然后才读回来：如果用共享的全局变量，每个线程读到的都是最后一次写入。',
    pauseNode: '各线程同时绑定自己的 student，暂停一下，再读回来：如果用共享的存储，每个线程读到的都是最后一次写入。',
  },
  variant: {
    'thread-local': 'threading.local()',
    'shared-global': '线程共享的普通全局变量',
    'thread-dict': '以线程为 key 的全局 dict',
    'worker-global': '工作线程，模块全局变量',
    'shared-memory': '工作线程，共享内存中的一个位置',
    'async-local-storage': '同一线程上的任务，AsyncLocalStorage',
    'task-global': '同一线程上的任务，普通全局变量',
  },
  outcome: {
    python:
      'threading.local()：{n} 句问候中有 {local} 句问候了别的学生；普通全局变量：{n} 句中有 {shared} 句——最后一个绑定的线程说了算；以线程为 key 的全局 dict：{n} 句中有 {dict} 句。',
    node: '工作线程全局变量：{n} 句问候中错了 {worker} 句；共享内存位置：{memory} 句；AsyncLocalStorage：{als} 句；任务之间的普通全局变量：{task} 句。',
    stopped: '所有变体完成',
    tooFew: '请至少给出两个学生，线程之间才会有东西可以弄混',
  },
  table: {
    variant: '变体',
    who: '线程或任务',
    bound: '绑定的值',
    seen: 'process_student() 读到的值',
  },
  figure: {
    students: '学生（线程）数',
    perThread: {
      wrong: '每线程存储：错误的问候',
    },
    shared: {
      wrong: '线程间共享：错误的问候',
    },
    threadDict: {
      wrong: '以线程为 key 的全局 dict：错误的问候',
    },
    asyncLocal: {
      wrong: 'AsyncLocalStorage：错误的问候',
    },
    taskGlobal: {
      wrong: '任务之间的普通全局变量：错误的问候',
    },
  },
}

export const threadLocal: Bilingual<typeof en> = { en, zh }
export const threadLocalMsg = messages('scenario.thread-local', threadLocal)
