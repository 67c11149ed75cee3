// lock-race (Lock): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Lock: a shared balance with and without a lock',
  summary:
    "Threads share all of a process's memory, so two threads can change one variable at the same moment. Each thread runs the tutorial's change_it(n) — balance = balance + n, then balance = balance - n — many times, first without a lock and then holding one. In Python the lesson is the round that loses updates: put a call inside the critical section (balance = add(balance, n)) and the other thread runs between the read and the write. The tutorial's own loop may lose nothing on the CPython you have (3.10 to 3.12 with the GIL switch threads only at a call or a loop's jump back), but that is an accident of where this build switches, not a guarantee: free-threaded Python (3.13t, 3.14t), older versions and other builds lose updates with the same code. threading.Lock brings the balance back to 0 on every one of them. In Node.js the balance is in shared memory, the threads really run at once, and the unlocked loop loses updates on any multi-core machine. Compare the times too: the lock makes the critical section run one thread at a time, and that is its cost.",
  option: {
    schedule: {
      label: 'Schedule',
      choice: {
        os: 'the OS schedules the threads',
        manual: 'you do: step each thread',
      },
    },
    threads: {
      label: 'Threads',
    },
    iterations: {
      label: 'change_it() calls per thread',
    },
    mode: {
      label: 'Run',
      choice: {
        both: 'without and with the lock',
        unlocked: 'without a lock only',
        locked: 'with the lock only',
      },
    },
    manualIterations: {
      label: 'Additions per thread (step by step)',
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
            'Thread-3': 'Thread-3',
            'Thread-4': 'Thread-4',
            'Thread-5': 'Thread-5',
            'Thread-6': 'Thread-6',
            'Thread-7': 'Thread-7',
            'Thread-8': 'Thread-8',
          },
        },
      },
    },
  },
  manual: {
    check:
      'The real balance shows what your schedule did: it is wrong exactly when a write overwrote another thread’s update',
    detail: 'final balance {balance}, expected {expected}; by your schedule {lost}',
    lostAt: 'an update was lost at step {n}',
    noneLost: 'no update was lost',
    unfinished: 'not judged: the threads did not take all their steps ({steps} taken)',
    summary:
      'Step by step, {threads} {threads:thread|threads} × {iterations} {iterations:addition|additions} {lock}: {steps} {steps:step|steps} ({schedule}). Final balance {balance}, expected {expected}. {challenge}',
    withLock: 'holding the lock',
    withoutLock: 'without a lock',
    met: 'Challenge met: the balance is wrong; an update was lost at step {at} (the fewest any schedule needs: {fewest}).',
    open: 'The balance is right: no write overwrote another thread’s update.',
    impossible:
      'With the lock no schedule can lose an update: a thread that has read the balance holds the lock until it has written it back.',
    fact: 'Every step ran on a real worker thread: it slept at its gate (Atomics.wait on its own cell of a SharedArrayBuffer) until you let it go, and the balance is a real shared cell. A thread that steps into a lock another thread holds really blocks in the kernel.',
    noSteps: 'none',
    factPython:
      'Every step ran on a real Python thread (threading.Thread): it slept at its gate (its own threading.Event) until you let it go, and the balance is the program’s real global. A thread that steps into the lock another thread holds really blocks in threading.Lock.acquire(), in the kernel.',
  },
  check: {
    callLoses: 'Without a lock, updates are lost (a call inside the critical section)',
    unlockedLoses: 'Without a lock, updates are lost',
    lockedNone: 'With the lock, the balance is 0 and no update is lost',
  },
  detail: {
    round: 'balance {balance}, {lost} of {expected} {expected:update|updates} lost, {ms} ms',
    twoRounds: 'switch interval {short} µs: {a}; default {default} ms: {b}',
    notJudged: 'not judged: {why}',
    notRun: 'this round was not run',
    apart:
      'the threads ran one after the other (their loops never overlapped: the cores were busy), so no update could be lost and no lock was needed',
  },
  fact: {
    plainNone:
      "Not a guarantee: the tutorial's change_it() without a lock lost no update on CPython {python} (nor with the switch interval cut to {us} µs). That is an accident of where this build switches threads: it hands the GIL to another thread only when it checks for a switch request, which it does at a few bytecodes (the start of a call, a loop's jump back) and not between reading balance and writing it back; a request comes at most every switch interval (sys.getswitchinterval(), {ms} ms here). Free-threaded Python (3.13t, 3.14t), Python before 3.10 and other implementations lose updates with the same code. Never leave out the lock because this run lost nothing: the round with a call inside shows what the same race does as soon as a switch point falls inside it.",
    plainLost:
      "The tutorial's change_it() without a lock lost {plain} {plain:update|updates} on CPython {python} ({plainShort} with the switch interval cut to {us} µs), as the tutorial says: this Python can switch threads between the read and the write.",
    probabilistic:
      'How many updates are lost depends on when the threads happen to be switched: the counts change from run to run, and an unlucky run may lose none. The lock’s zero does not depend on luck.',
    counter:
      'Lost updates are counted with a second shared variable that every change_it() bumps the same unprotected way: the balance alone can hide them (a lost +5 and a lost −5 cancel).',
    node: 'Node.js: the balance lives in shared memory (SharedArrayBuffer) and worker threads have no GIL, so two of them can run at the same moment on two cores. Each read and each write of change_it() is one Atomics call, so the compiler cannot merge them, but the read and the write together are not atomic. The lock is a mutex built on Atomics.',
  },
  outcome: {
    summary: '{head} {unlocked} {locked} {cost}',
    headPython:
      '{threads} {threads:thread|threads} × {iterations} change_it() {iterations:call|calls} each, on CPython {python}.',
    headNode:
      '{threads} {threads:thread|threads} × {iterations} change_it() {iterations:call|calls} each, in Node.js worker threads.',
    unlockedPython:
      "Without a lock, with a call inside the critical section: {call} {call:update|updates} lost at the default switch interval and {callShort} at {us} µs. The tutorial's own loop lost {plain} and {plainShort} on this build, by where it switches threads, not because it is safe.",
    unlockedNode: 'Without a lock: balance {balance}, {lost} {lost:update|updates} lost, {ms} ms.',
    locked: 'With the lock: balance {balance}, {lost} lost, {ms} ms.',
    cost: 'The same work took {cost}× as long with the lock.',
    stopped: 'a round finished',
  },
  round: {
    unlocked: 'without a lock',
    locked: 'with the lock',
    plain: "tutorial's change_it(), default switch interval",
    'plain-short': "tutorial's change_it(), short switch interval",
    call: 'a call inside, default switch interval',
    'call-short': 'a call inside, short switch interval',
    lockedPython: 'a call inside, short switch interval, with threading.Lock',
  },
  table: {
    round: 'round',
    balance: 'final balance',
    changes: 'updates counted',
    lost: 'updates lost',
    ms: 'time (ms)',
    together: 'threads running together (ms)',
    apart: 'none: one after the other',
    changesOf: '{changes} of {expected}',
  },
  figure: {
    threads: 'Threads',
    schedule: 'Your schedule (thread numbers in order)',
    steps: 'Steps taken',
    balance: 'Final balance',
    expected: 'Expected balance',
    lostAt: 'Update lost at step',
    fewest: 'Fewest steps to lose an update',
    iterations: 'change_it() calls per thread',
    python: 'Python version',
    switchMs: 'Default switch interval (ms)',
    shortSwitchUs: 'Short switch interval (µs)',
    lockCost: 'Time with the lock ÷ time without',
    unlocked: {
      balance: 'Without a lock: final balance',
      lost: 'Without a lock: updates lost',
      ms: 'Without a lock: time (ms)',
    },
    locked: {
      balance: 'With the lock: final balance',
      lost: 'With the lock: updates lost',
      ms: 'With the lock: time (ms)',
    },
    plain: {
      balance: "Tutorial's loop: final balance",
      lost: "Tutorial's loop: updates lost",
    },
    plainShort: {
      balance: "Tutorial's loop, short switch interval: final balance",
      lost: "Tutorial's loop, short switch interval: updates lost",
    },
    call: {
      balance: 'Call inside, default switch interval: final balance',
      lost: 'Call inside, default switch interval: updates lost',
    },
  },
  // The manual schedule: each step a thread can take, and why a step is refused.
  stepping: {
    step: {
      read: 'read balance into local',
      compute: 'add {amount} to local',
      write: 'write local back to balance',
      acquire: 'acquire lock {lock}',
      release: 'release lock {lock}',
      done: 'finished',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Lock：加锁与不加锁的共享余额',
  summary:
    '同一进程的线程共享全部内存，所以两个线程可能同时修改同一个变量。每个线程多次执行教程中的 change_it(n)——先 balance = balance + n，再 balance = balance - n——先不加锁，再加锁。Python 模式要看的是丢失更新的那一轮：在临界区里加一次函数调用（balance = add(balance, n)），另一个线程就会在读和写之间执行。教程自己的循环在你的 CPython 上可能一次更新也不丢（带 GIL 的 3.10 至 3.12 只在函数调用和循环跳回处切换线程），但这只是这个版本切换线程的位置碰巧如此，并不是保证：自由线程版 Python（3.13t、3.14t）、更早的版本和其他实现，同样的代码都会丢失更新。用 threading.Lock 加锁后，在所有这些版本上余额都回到 0。Node.js 模式中余额放在共享内存里，线程真正同时运行，在多核机器上不加锁的循环会丢失更新。也请比较两种情况的用时：锁让临界区同一时刻只能由一个线程执行，这就是锁的代价。',
  option: {
    schedule: {
      label: '调度',
      choice: {
        os: '由操作系统调度线程',
        manual: '由你调度：逐步推进每个线程',
      },
    },
    threads: {
      label: '线程数',
    },
    iterations: {
      label: '每个线程调用 change_it() 的次数',
    },
    mode: {
      label: '运行',
      choice: {
        both: '先不加锁，再加锁',
        unlocked: '只运行不加锁',
        locked: '只运行加锁',
      },
    },
    manualIterations: {
      label: '每个线程的加法次数（逐步运行）',
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
            'Thread-3': 'Thread-3',
            'Thread-4': 'Thread-4',
            'Thread-5': 'Thread-5',
            'Thread-6': 'Thread-6',
            'Thread-7': 'Thread-7',
            'Thread-8': 'Thread-8',
          },
        },
      },
    },
  },
  manual: {
    check: '真实的余额与你的调度一致：恰好在某次写入覆盖了另一个线程的更新时，余额才是错的',
    detail: '最终余额 {balance}，应为 {expected}；按你的调度，{lost}',
    lostAt: '第 {n} 步丢失了一次更新',
    noneLost: '没有丢失更新',
    unfinished: '不作判断：线程没有走完所有步骤（已走 {steps} 步）',
    summary:
      '逐步运行，{threads} 个线程 × 每个 {iterations} 次加法，{lock}：共 {steps} 步（{schedule}）。最终余额 {balance}，应为 {expected}。{challenge}',
    withLock: '持有锁',
    withoutLock: '不加锁',
    met: '挑战完成：余额错了；第 {at} 步丢失了一次更新（任何调度最少需要 {fewest} 步）。',
    open: '余额是对的：没有哪次写入覆盖了另一个线程的更新。',
    impossible: '加锁后，任何调度都不会丢失更新：读过余额的线程一直持有锁，直到把余额写回。',
    fact: '每一步都在真实的工作线程上执行：它在自己的关口睡眠（在 SharedArrayBuffer 中属于它的单元上 Atomics.wait），直到你放行；余额是真实的共享单元。走进别的线程持有的锁的线程，会真的在内核中阻塞。',
    noSteps: '无',
    factPython:
      '每一步都在真实的 Python 线程（threading.Thread）上执行：线程在自己的关口（它自己的 threading.Event）睡眠，直到你放行；余额就是程序里真实的全局变量。走进另一个线程持有的锁的那一步，会真的在 threading.Lock.acquire() 里、在内核中阻塞。',
  },
  check: {
    callLoses: '不加锁时，更新会丢失（临界区里有一次函数调用）',
    unlockedLoses: '不加锁时，更新会丢失',
    lockedNone: '加锁后，余额为 0，没有丢失任何更新',
  },
  detail: {
    round: '余额 {balance}，{expected} 次更新中丢失 {lost} 次，用时 {ms} 毫秒',
    twoRounds: '切换间隔 {short} 微秒：{a}；默认 {default} 毫秒：{b}',
    notJudged: '不作判断：{why}',
    notRun: '这一轮没有运行',
    apart: '各线程是一个接一个运行的（它们的循环从未重叠：CPU 核心都在忙），所以不可能丢失更新，也用不上锁',
  },
  fact: {
    plainNone:
      '这不是保证：教程中不加锁的 change_it() 在 CPython {python} 上没有丢失更新（把切换间隔缩短到 {us} 微秒也没有）。这只是这个版本切换线程的位置碰巧如此：只有在检查是否有切换请求时，它才会把 GIL 交给别的线程，而这种检查只在少数几条字节码处进行（函数调用开始处、循环跳回处），读取 balance 和写回 balance 之间没有；切换请求最多每个切换间隔出现一次（sys.getswitchinterval()，这里是 {ms} 毫秒）。自由线程版 Python（3.13t、3.14t）、3.10 之前的 Python 和其他实现，同样的代码都会丢失更新。不要因为这次没有丢失就省掉锁：临界区里有函数调用的那一轮说明，只要切换点落在读写之间，同样的竞争就会丢失更新。',
    plainLost:
      '教程中不加锁的 change_it() 在 CPython {python} 上丢失了 {plain} 次更新（切换间隔缩短到 {us} 微秒时丢失 {plainShort} 次），与教程所说一致：这个 Python 会在读和写之间切换线程。',
    probabilistic:
      '丢失多少次更新取决于线程恰好在什么时候被切换：每次运行的数字都不同，运气不好的一次也可能一次都不丢。加锁后的 0 则不靠运气。',
    counter:
      '丢失的更新用第二个共享变量来计数：每次 change_it() 都用同样不加保护的方式给它加一。只看余额会漏掉一些丢失（丢掉一次 +5 和一次 −5 会互相抵消）。',
    node: 'Node.js：余额放在共享内存（SharedArrayBuffer）中，工作线程没有 GIL，两个线程可以在两个 CPU 核心上同时运行。change_it() 中的每次读和每次写都是一次 Atomics 调用，编译器无法把它们合并，但一读一写合起来并不是原子操作。锁是用 Atomics 实现的互斥锁。',
  },
  outcome: {
    summary: '{head}{unlocked}{locked}{cost}',
    headPython: '{threads} 个线程，每个调用 change_it() {iterations} 次，运行于 CPython {python}。',
    headNode: '{threads} 个线程，每个调用 change_it() {iterations} 次，运行于 Node.js 工作线程。',
    unlockedPython:
      '不加锁、临界区里有函数调用时：默认切换间隔下丢失 {call} 次更新，切换间隔 {us} 微秒时丢失 {callShort} 次。教程自己的循环在这个版本上丢失 {plain} 次和 {plainShort} 次，这取决于它在哪里切换线程，并不说明它是安全的。',
    unlockedNode: '不加锁：余额 {balance}，丢失 {lost} 次更新，用时 {ms} 毫秒。',
    locked: '加锁：余额 {balance}，丢失 {lost} 次，用时 {ms} 毫秒。',
    cost: '同样的工作，加锁后的用时是不加锁时的 {cost} 倍。',
    stopped: '一轮结束',
  },
  round: {
    unlocked: '不加锁',
    locked: '加锁',
    plain: '教程的 change_it()，默认切换间隔',
    'plain-short': '教程的 change_it()，短切换间隔',
    call: '临界区内有调用，默认切换间隔',
    'call-short': '临界区内有调用，短切换间隔',
    lockedPython: '临界区内有调用，短切换间隔，加 threading.Lock',
  },
  table: {
    round: '轮次',
    balance: '最终余额',
    changes: '计到的更新',
    lost: '丢失的更新',
    ms: '用时（毫秒）',
    together: '线程同时运行（毫秒）',
    apart: '无：一个接一个',
    changesOf: '{expected} 次中的 {changes} 次',
  },
  figure: {
    threads: '线程数',
    schedule: '你的调度（按顺序的线程编号）',
    steps: '已走的步数',
    balance: '最终余额',
    expected: '应有的余额',
    lostAt: '丢失更新的那一步',
    fewest: '丢失更新最少需要的步数',
    iterations: '每个线程调用 change_it() 的次数',
    python: 'Python 版本',
    switchMs: '默认线程切换间隔（毫秒）',
    shortSwitchUs: '短线程切换间隔（微秒）',
    lockCost: '加锁用时 ÷ 不加锁用时',
    unlocked: {
      balance: '不加锁：最终余额',
      lost: '不加锁：丢失的更新',
      ms: '不加锁：用时（毫秒）',
    },
    locked: {
      balance: '加锁：最终余额',
      lost: '加锁：丢失的更新',
      ms: '加锁：用时（毫秒）',
    },
    plain: {
      balance: '教程的循环：最终余额',
      lost: '教程的循环：丢失的更新',
    },
    plainShort: {
      balance: '教程的循环，短切换间隔：最终余额',
      lost: '教程的循环，短切换间隔：丢失的更新',
    },
    call: {
      balance: '临界区内有调用，默认切换间隔：最终余额',
      lost: '临界区内有调用，默认切换间隔：丢失的更新',
    },
  },
  stepping: {
    step: {
      read: '把 balance 读入局部变量 local',
      compute: '给 local 加上 {amount}',
      write: '把 local 写回 balance',
      acquire: '获取锁 {lock}',
      release: '释放锁 {lock}',
      done: '已结束',
    },
  },
}

export const lockRace: Bilingual<typeof en> = { en, zh }
export const lockRaceMsg = messages('scenario.lock-race', lockRace)
