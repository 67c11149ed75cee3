// spin (多核CPU): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Multi-core CPU: busy loops, threads vs processes vs one event loop',
  summary:
    "A busy loop keeps one core at 100 %; two loops on two cores show 200 %, and filling N cores takes N loops (per process, 100 % = one core, as htop counts). The tutorial's Python cannot do it with threads: its GIL lets one thread run Python code at a time, so N threads show about 100 % however many cores there are, while N processes, each with its own GIL, fill the machine. In Python the tutorial's own loop() runs as threads, then as processes (multiprocessing), then as tasks on one asyncio event loop. In Node.js the same loop runs as worker threads (real parallel threads: all cores fill), as child processes (likewise), and as tasks on one event loop, which stays near one core. The CPU is the OS's own count: watch the per-core bars.",
  option: {
    mode: {
      label: 'Run as',
      choice: {
        threads: 'threads',
        processes: 'processes',
        'event-loop': 'tasks on one event loop',
        all: 'all three, one after another',
      },
    },
    count: {
      label: 'Busy loops',
    },
    durationS: {
      label: 'Seconds per way',
    },
  },
  mode: {
    python: {
      threads: 'Python threads (threading)',
      processes: 'Python processes (multiprocessing)',
      'event-loop': 'tasks on one asyncio event loop',
    },
    node: {
      threads: 'worker threads',
      processes: 'child processes',
      'event-loop': 'tasks on one event loop',
    },
  },
  // A way with its count, as a check or the summary names it ("1 worker thread", "4 worker threads").
  ways: {
    python: {
      threads: '{count} Python {count:thread|threads} (threading)',
      processes: '{count} Python {count:process|processes} (multiprocessing)',
      'event-loop': '{count} {count:task|tasks} on one asyncio event loop',
    },
    node: {
      threads: '{count} worker {count:thread|threads}',
      processes: '{count} child {count:process|processes}',
      'event-loop': '{count} {count:task|tasks} on one event loop',
    },
  },
  live: {
    python: {
      threads: '{count} {count:busy loop|busy loops} as Python threads (one GIL)',
      processes: '{count} {count:busy loop|busy loops} as Python processes (a GIL each)',
      'event-loop': '{count} {count:busy loop|busy loops} as tasks on one asyncio event loop',
    },
    node: {
      threads: '{count} {count:busy loop|busy loops} as worker threads',
      processes: '{count} {count:busy loop|busy loops} as child processes',
      'event-loop': '{count} {count:busy loop|busy loops} as tasks on one event loop',
    },
  },
  check: {
    parallel: 'With {ways}, {can} {can:core is|cores are} in use (about {ideal}%)',
    gil: 'With {ways}, about one core is in use: the GIL lets one run at a time',
    oneLoop: 'With {ways}, about one core is in use, one at a time',
  },
  detail: {
    cpu: '{cpu}% of one core; cores {perCore}',
    notMeasurable:
      "not measurable here: this platform does not let ProcLab read another process's CPU time; cores {perCore}",
  },
  outcome: {
    phase: '{ways} → {cpu}%',
    phaseUnmeasured: '{ways} → not measurable',
    list: '{head}; {tail}',
    summary: 'On {cores} {cores:core|cores}: {phases} (100% = one core).',
    stopped: 'Stopped before a way finished.',
    freeThreaded:
      'This Python ran its threads on more than one core ({cpu}%): a free-threaded build (3.13t and later) has no GIL, unlike the tutorial’s.',
  },
  figure: {
    cores: 'cores',
    threads: { cpu: 'threads: CPU (% of one core)', coresMin: 'threads: least busy core (%)' },
    processes: { cpu: 'processes: CPU (% of one core)', coresMin: 'processes: least busy core (%)' },
    'event-loop': { cpu: 'event loop: CPU (% of one core)', coresMin: 'event loop: least busy core (%)' },
  },
  fact: {
    osCount: 'CPU figures are the OS’s own count (per process, 100% = one core, as htop)',
    gil: 'The tutorial says the interpreter releases the GIL every 100 bytecodes: that was Python 2. Since Python 3.2 a thread that waits for the GIL asks for it after the switch interval (sys.getswitchinterval(), 5 ms by default) and the holder lets go at its next check for such a request, which CPython makes only at certain bytecodes.',
  },
  table: {
    way: 'run as',
    loops: 'loops',
    cpu: 'CPU (% of one core)',
    core: 'core {n}',
  },
} as const

const zh: SameShape<typeof en> = {
  title: '多核CPU：死循环，线程、进程与单个事件循环',
  summary:
    '一个死循环会让一个CPU核心占用100%；两个死循环在两核上是200%，要把N核全部跑满就要N个死循环（按进程计，100% = 一个核心，与htop相同）。教程里的Python用多线程做不到：GIL锁让同一时刻只有一个线程执行Python代码，所以N个线程无论有多少核都只有约100%；而N个进程各有自己的GIL，可以把所有核心跑满。Python模式下，教程自己的loop()先作为多线程运行，再作为多进程（multiprocessing）运行，最后作为同一个asyncio事件循环上的任务运行。Node.js模式下，同一个循环作为工作线程（真正并行的线程：所有核心跑满）、作为子进程（同样跑满）、以及作为同一个事件循环上的任务运行（始终接近一个核心）。CPU占用率取自操作系统自己的统计：请看每个核心的负载条。',
  option: {
    mode: {
      label: '运行方式',
      choice: {
        threads: '多线程',
        processes: '多进程',
        'event-loop': '单个事件循环上的任务',
        all: '三种依次运行',
      },
    },
    count: {
      label: '死循环个数',
    },
    durationS: {
      label: '每种方式运行秒数',
    },
  },
  mode: {
    python: {
      threads: 'Python线程（threading）',
      processes: 'Python进程（multiprocessing）',
      'event-loop': '单个asyncio事件循环上的任务',
    },
    node: {
      threads: '工作线程',
      processes: '子进程',
      'event-loop': '单个事件循环上的任务',
    },
  },
  ways: {
    python: {
      threads: '{count}个Python线程（threading）',
      processes: '{count}个Python进程（multiprocessing）',
      'event-loop': '单个asyncio事件循环上的{count}个任务',
    },
    node: {
      threads: '{count}个工作线程',
      processes: '{count}个子进程',
      'event-loop': '单个事件循环上的{count}个任务',
    },
  },
  live: {
    python: {
      threads: '{count}个死循环，作为Python线程运行（共用一个GIL）',
      processes: '{count}个死循环，作为Python进程运行（各有一个GIL）',
      'event-loop': '{count}个死循环，作为单个asyncio事件循环上的任务运行',
    },
    node: {
      threads: '{count}个死循环，作为工作线程运行',
      processes: '{count}个死循环，作为子进程运行',
      'event-loop': '{count}个死循环，作为单个事件循环上的任务运行',
    },
  },
  check: {
    parallel: '{ways}用满{can}个核心（约{ideal}%）',
    gil: '{ways}只用约一个核心：GIL让它们轮流执行',
    oneLoop: '{ways}只用约一个核心，轮流执行',
  },
  detail: {
    cpu: '一个核心的{cpu}%；各核心：{perCore}',
    notMeasurable: '此处无法测量：这个平台不允许ProcLab读取其他进程的CPU时间；各核心：{perCore}',
  },
  outcome: {
    phase: '{ways} → {cpu}%',
    phaseUnmeasured: '{ways} → 无法测量',
    list: '{head}；{tail}',
    summary: '在{cores}个核心上：{phases}（100% = 一个核心）。',
    stopped: '在任何一种方式运行完之前就已停止。',
    freeThreaded:
      '这个Python的线程用到了不止一个核心（{cpu}%）：这是没有GIL的自由线程版本（3.13t及以后），与教程中的Python不同。',
  },
  figure: {
    cores: '核心数',
    threads: { cpu: '多线程：CPU（一个核心的%）', coresMin: '多线程：最空闲核心的负载（%）' },
    processes: { cpu: '多进程：CPU（一个核心的%）', coresMin: '多进程：最空闲核心的负载（%）' },
    'event-loop': { cpu: '事件循环：CPU（一个核心的%）', coresMin: '事件循环：最空闲核心的负载（%）' },
  },
  fact: {
    osCount: 'CPU数字取自操作系统自己的统计（按进程计，100% = 一个核心，与htop相同）',
    gil: '教程说解释器“每执行100条字节码就自动释放GIL锁”：那是 Python 2 的做法。从 Python 3.2 起，等待 GIL 的线程在切换间隔（sys.getswitchinterval()，默认 5 毫秒）之后提出请求，持有 GIL 的线程在下一次检查请求时才释放它，而 CPython 只在某些字节码处做这种检查。',
  },
  table: {
    way: '运行方式',
    loops: '死循环个数',
    cpu: 'CPU（一个核心的%）',
    core: '核心{n}',
  },
}

export const spin: Bilingual<typeof en> = { en, zh }
export const spinMsg = messages('scenario.spin', spin)
