// deadlock (Lock): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  manual: {
    check: 'The real threads deadlocked exactly when your schedule says they must',
    detail: 'by your schedule {model}; the wait-for graph {real}',
    modelDeadlock: 'both threads end up waiting for a lock the other holds (step {n})',
    modelNone: 'no deadlock',
    realCycle: 'found the cycle',
    realNone: 'found no cycle',
    invalid: 'not judged: a step of the schedule could not be taken as the model says',
    summary: 'Step by step, {order}: {steps} {steps:step|steps} ({schedule}). {challenge} {result}',
    opposite: 'locks in opposite order',
    ordered: 'locks in the same order',
    met: 'Challenge met: deadlock at step {at} (the fewest any schedule needs: {fewest}).',
    open: 'No deadlock yet: make both threads hold one lock and step into the other’s.',
    impossible: 'In the same order no schedule can deadlock: whoever holds A can always get B.',
    fact: 'Every step ran on a real worker thread that slept at its gate (Atomics.wait) until you let it go; a step into a lock the other thread holds really blocks in the kernel, and it goes on by itself when the lock is freed.',
    factPython:
      'Every step ran on a real Python thread (threading.Thread) that slept at its gate (its own threading.Event) until you let it go; a step into a threading.Lock the other thread holds really blocks in the kernel, and it goes on by itself when the lock is freed.',
    noSteps: 'none',
  },
  error: {
    nodeNoEndProcess: 'In Node.js mode the threads live in the scenario host: stop the run to end it',
    noThread: 'There is no thread {thread}',
    ended: '{thread} has already ended',
  },
  log: {
    terminated: '{thread} terminated; freed locks: {locks}',
    noLocks: 'none',
  },
  title: 'Deadlock: two threads, two locks, opposite order',
  summary:
    "The tutorial warns that with several locks, threads holding different locks and each trying to take the other's can deadlock: all of them hang, and neither runs nor ends, until the operating system ends them by force. Thread-1 takes lock A then B; Thread-2 takes B then A, with a pause in between, so each ends up holding one lock and waiting for the other. ProcLab reads who holds each lock and who waits for which, draws the wait-for graph (thread → lock it waits for → thread that holds it) and reports the cycle within a sampling interval. Watch the CPU column: blocked threads sleep in the kernel and use nothing. Python cannot terminate a thread, so in Python the only way out is ending the whole process; Node.js can terminate one worker thread, which frees its locks so the other finishes. The remedies run as variants: 'ordered' takes A before B in both threads and never deadlocks; 'timeout' uses lock.acquire(timeout=...): a thread that cannot get its second lock in time gives back its first and tries again.",
  option: {
    schedule: {
      label: 'Schedule',
      choice: {
        os: 'the OS schedules the threads',
        manual: 'you do: step each thread',
      },
    },
    variant: {
      label: 'Lock order',
      choice: {
        'opposite-order': 'opposite order (deadlocks)',
        ordered: 'same order: A before B',
        timeout: 'opposite order, acquire with a timeout',
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
    step: {
      label: 'Let a thread take one step',
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
    break: {
      label: 'Node.js: terminate a thread (Python cannot)',
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
    'end-process': {
      label: 'Python: end the deadlocked process (the only way out)',
    },
  },
  notice: {
    refused:
      'Python cannot terminate {thread}: threading has no way to end a thread from outside, so it stays stuck. End the whole process instead, as the OS would.',
    python:
      'Python cannot terminate a thread: threading has no terminate or kill. A deadlocked Python program gets out only when its process is ended (the action below, as the OS would), or when its code uses lock.acquire(timeout=...) (the timeout variant).',
  },
  report: {
    part: '{thread} holds {holds} and waits for {wants}',
    nothing: 'nothing',
    list: '{head}; {tail}',
    text: '{parts}.',
  },
  check: {
    cycle: 'The wait-for graph has a cycle (deadlock found)',
    noCpu: 'Deadlocked threads use no CPU',
    broken: 'Terminating one thread broke the cycle',
    ordered: 'Taking the locks in one order never deadlocks',
    timeout: 'With acquire(timeout=...), a thread backs off and both finish',
  },
  detail: {
    noCycle: 'no cycle seen',
    cycleSeen: 'a cycle was seen',
    noCpu: 'each at most {thread}% of a core; the whole process {process}%',
    broken: '{thread} terminated, lock {freed} freed; {other} is {state}',
    ordered: 'no cycle; both threads finished',
    notFinished: 'the threads did not both finish: {states}',
    timeout: '{retries} {retries:back-off|back-offs}; both threads finished',
    noRetry: 'no thread had to back off: the trap was not sprung (try a longer hold)',
  },
  outcome: {
    deadlock: 'Deadlock: {text} Found {ms} ms after the last thread blocked. {ending}',
    deadlockCpu:
      'Deadlock: {text} Found {ms} ms after the last thread blocked; the stuck threads used {cpu}% CPU. {ending}',
    none: 'No deadlock was seen. {ending}',
    ordered: 'Both threads took A before B: one waited for the other, no cycle, both finished.',
    orderedCycle: 'A cycle appeared even with ordered locks.',
    timeout:
      'Both threads finished after {retries} {retries:back-off|back-offs}: lock.acquire(timeout=...) broke the deadlock from inside.',
    timeoutStuck: 'The threads did not finish even with a timeout. {ending}',
    ending: {
      timeout: 'Still deadlocked after {s} s: the lab terminated the worker threads (worker.terminate()).',
      timeoutPython:
        'Still deadlocked after {s} s: the lab killed the Python process, since nothing can end a blocked Python thread from outside.',
      broken: 'Broken by terminating {thread}.',
      killed: 'Ended by ending the whole process: the only way out of a deadlock in Python.',
      stopped: 'Ended by the user.',
    },
  },
  fact: {
    latency:
      'The lab found the cycle {ms} ms after the last thread said it was blocked. Both times come from the threads’ own reports, which the lab reads every {interval} ms: this is how quickly ProcLab notices, not something the tutorial claims.',
    pythonNoTerminate:
      'Python has no way to terminate a thread: a deadlocked Python program can only be ended as a whole process (by the OS, or by ProcLab as the OS would)',
    robust:
      'Terminating a thread frees the locks it held (as a robust mutex does): without that, the other thread would wait for ever',
  },
  figure: {
    schedule: 'Your schedule (thread numbers in order)',
    steps: 'Steps taken',
    deadlockAt: 'Deadlocked at step',
    fewest: 'Fewest steps to deadlock',
    language: 'language',
    variant: 'variant',
    cycle: 'the cycle',
    latencyMs: 'found after (ms)',
    threadCpu: 'stuck threads: CPU (% of one core)',
    hostCpu: 'whole process: CPU (% of one core)',
    endedBy: 'how it ended',
    retries: 'back-offs',
  },
  // A text figure's value by name (the panel falls back to the value itself).
  figureValue: {
    endedBy: {
      completed: 'both threads finished',
      stopped: 'stopped by you',
      timeout: 'the timeout ran out',
      killed: 'the process was killed',
    },
  },
  view: {
    waitsFor: 'waits for',
    heldBy: 'held by',
    lock: 'lock {name}',
    withCycle: 'Wait-for graph with a cycle: deadlock',
    withoutCycle: 'Wait-for graph without a cycle',
    deadlock: 'Deadlock.',
    found: 'Found {ms} ms after the last thread blocked.',
    cpu: 'The stuck threads use {thread}% CPU; the whole process {process}%.',
    noCycle: 'No cycle in the wait-for graph: every waiting thread can still get its lock.',
    legendHeld: 'lock → the thread holding it',
    legendWaits: 'thread → the lock it waits for',
    legendCycle: 'on the cycle',
  },
  // The manual schedule: each step a thread can take, and why a step is refused.
  stepping: {
    step: {
      acquire: 'acquire lock {lock}',
      release: 'release lock {lock}',
      backOff: 'give back lock {lock} (back off)',
      done: 'finished',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  manual: {
    check: '真实的线程恰好在你的调度注定死锁时发生了死锁',
    detail: '按你的调度：{model}；等待图{real}',
    modelDeadlock: '两个线程最终都在等待对方持有的锁（第 {n} 步）',
    modelNone: '不会死锁',
    realCycle: '找到了环',
    realNone: '没有找到环',
    invalid: '不作判断：调度中有一步无法按模型执行',
    summary: '逐步运行，{order}：共 {steps} 步（{schedule}）。{challenge}{result}',
    opposite: '以相反顺序加锁',
    ordered: '以相同顺序加锁',
    met: '挑战完成：第 {at} 步发生死锁（任何调度最少需要 {fewest} 步）。',
    open: '还没有死锁：让两个线程各持有一把锁，再让它们去拿对方的锁。',
    impossible: '以相同顺序加锁时，任何调度都不会死锁：持有 A 的线程总能拿到 B。',
    fact: '每一步都在真实的工作线程上执行：线程在自己的关口睡眠（Atomics.wait），直到你放行；走进对方持有的锁的那一步会真的在内核中阻塞，锁一释放它就自己继续。',
    factPython:
      '每一步都在真实的 Python 线程（threading.Thread）上执行：线程在自己的关口（它自己的 threading.Event）睡眠，直到你放行；走进对方持有的 threading.Lock 的那一步会真的在内核中阻塞，锁一释放它就自己继续。',
    noSteps: '无',
  },
  error: {
    nodeNoEndProcess: 'Node.js 模式下这些线程就在场景宿主进程里：要结束它，请停止这次运行',
    noThread: '没有线程 {thread}',
    ended: '{thread} 已经结束了',
  },
  log: {
    terminated: '{thread} 已被终止；释放的锁：{locks}',
    noLocks: '无',
  },
  title: '死锁：两个线程，两把锁，相反的顺序',
  summary:
    '教程警告：由于可以存在多个锁，不同的线程持有不同的锁，并试图获取对方持有的锁时，可能会造成死锁，导致多个线程全部挂起，既不能执行，也无法结束，只能靠操作系统强制终止。Thread-1先拿锁A再拿锁B；Thread-2先拿锁B再拿锁A，中间停顿一下，于是每个线程都持有一把锁、等待另一把。ProcLab读取每把锁由谁持有、每个线程在等哪把锁，画出等待图（线程 → 它等待的锁 → 持有该锁的线程），并在一个采样周期内报告其中的环。请看CPU一列：阻塞的线程在内核中睡眠，不占用CPU。Python无法终止一个线程，所以在Python中唯一的出路是结束整个进程；Node.js可以终止一个工作线程，释放它持有的锁，让另一个线程完成。补救办法作为变体运行：“相同顺序”让两个线程都先拿A再拿B，永远不会死锁；“超时”使用lock.acquire(timeout=...)：拿不到第二把锁的线程会在超时后交还第一把锁，然后重试。',
  option: {
    schedule: {
      label: '调度',
      choice: {
        os: '由操作系统调度线程',
        manual: '由你调度：逐步推进每个线程',
      },
    },
    variant: {
      label: '加锁顺序',
      choice: {
        'opposite-order': '相反顺序（会死锁）',
        ordered: '相同顺序：先A后B',
        timeout: '相反顺序，加锁带超时',
      },
    },
    holdMs: {
      label: '持有第一把锁时工作的时间（毫秒）',
    },
    timeoutS: {
      label: '多少秒后结束运行',
    },
  },
  action: {
    step: {
      label: '让一个线程走一步',
      option: {
        thread: {
          label: '线程',
          choice: {
            'Thread-1': 'Thread-1',
            'Thread-2': 'Thread-2',
          },
        },
      },
    },
    break: {
      label: 'Node.js：终止一个线程（Python做不到）',
      option: {
        thread: {
          label: '线程',
          choice: {
            'Thread-1': 'Thread-1',
            'Thread-2': 'Thread-2',
          },
        },
      },
    },
    'end-process': {
      label: 'Python：结束死锁的进程（唯一的出路）',
    },
  },
  notice: {
    refused:
      'Python无法终止{thread}：threading没有办法从外部结束一个线程，所以它仍然卡着。请改为结束整个进程，就像操作系统强制终止那样。',
    python:
      'Python无法终止一个线程：threading没有terminate或kill。死锁的Python程序只有在它的进程被结束时才能解脱（用下面的操作，就像操作系统强制终止那样），或者在代码里使用lock.acquire(timeout=...)（“超时”变体）。',
  },
  report: {
    part: '{thread}持有{holds}，等待{wants}',
    nothing: '（无）',
    list: '{head}；{tail}',
    text: '{parts}。',
  },
  check: {
    cycle: '等待图中有环（发现死锁）',
    noCpu: '死锁的线程不占用CPU',
    broken: '终止一个线程打破了环',
    ordered: '按同一顺序加锁永远不会死锁',
    timeout: '使用acquire(timeout=...)，线程会退让，两个线程都能完成',
  },
  detail: {
    noCycle: '没有看到环',
    cycleSeen: '看到了环',
    noCpu: '每个线程最多占一个核心的{thread}%；整个进程{process}%',
    broken: '{thread}被终止，锁{freed}被释放；{other}的状态是{state}',
    ordered: '没有环；两个线程都完成了',
    notFinished: '两个线程没有都完成：{states}',
    timeout: '退让了{retries}次；两个线程都完成了',
    noRetry: '没有线程需要退让：陷阱没有触发（试试更长的持有时间）',
  },
  outcome: {
    deadlock: '死锁：{text}在最后一个线程阻塞后{ms}毫秒发现。{ending}',
    deadlockCpu: '死锁：{text}在最后一个线程阻塞后{ms}毫秒发现；卡住的线程占用CPU {cpu}%。{ending}',
    none: '没有看到死锁。{ending}',
    ordered: '两个线程都先拿A再拿B：一个等另一个，没有环，都完成了。',
    orderedCycle: '即使按顺序加锁也出现了环。',
    timeout: '退让{retries}次之后，两个线程都完成了：lock.acquire(timeout=...)从内部解开了死锁。',
    timeoutStuck: '即使带超时，线程也没有完成。{ending}',
    ending: {
      timeout: '{s}秒后仍然死锁：实验室终止了这些工作线程（worker.terminate()）。',
      timeoutPython: '{s}秒后仍然死锁：实验室杀死了这个Python进程，因为没有办法从外部结束一个阻塞的Python线程。',
      broken: '通过终止{thread}打破。',
      killed: '通过结束整个进程而结束：这是Python中摆脱死锁的唯一出路。',
      stopped: '由用户结束。',
    },
  },
  fact: {
    latency:
      '最后一个线程报告自己阻塞之后{ms}毫秒，实验室发现了这个环。两个时间都来自线程自己的报告，实验室每{interval}毫秒读取一次：这说明的是ProcLab发现得多快，而不是教程的论断。',
    pythonNoTerminate:
      'Python没有办法终止一个线程：死锁的Python程序只能作为整个进程被结束（由操作系统，或由ProcLab像操作系统那样结束）',
    robust: '终止一个线程会释放它持有的锁（就像健壮互斥锁那样）：否则另一个线程会永远等下去',
  },
  figure: {
    schedule: '你的调度（按顺序的线程编号）',
    steps: '已走的步数',
    deadlockAt: '在第几步死锁',
    fewest: '死锁最少需要的步数',
    language: '语言',
    variant: '变体',
    cycle: '环',
    latencyMs: '发现用时（毫秒）',
    threadCpu: '卡住的线程：CPU（一个核心的%）',
    hostCpu: '整个进程：CPU（一个核心的%）',
    endedBy: '结束方式',
    retries: '退让次数',
  },
  figureValue: {
    endedBy: {
      completed: '两个线程都完成了',
      stopped: '被你停止',
      timeout: '超时',
      killed: '进程被结束',
    },
  },
  view: {
    waitsFor: '等待',
    heldBy: '被持有',
    lock: '锁{name}',
    withCycle: '有环的等待图：死锁',
    withoutCycle: '没有环的等待图',
    deadlock: '死锁。',
    found: '在最后一个线程阻塞后{ms}毫秒发现。',
    cpu: '卡住的线程占用CPU {thread}%；整个进程{process}%。',
    noCycle: '等待图中没有环：每个等待的线程都还能拿到它的锁。',
    legendHeld: '锁 → 持有它的线程',
    legendWaits: '线程 → 它等待的锁',
    legendCycle: '在环上',
  },
  stepping: {
    step: {
      acquire: '获取锁 {lock}',
      release: '释放锁 {lock}',
      backOff: '交还锁 {lock}（退让）',
      done: '已结束',
    },
  },
}

export const deadlock: Bilingual<typeof en> = { en, zh }
export const deadlockMsg = messages('scenario.deadlock', deadlock)
