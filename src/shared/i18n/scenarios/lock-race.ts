// lock-race (Lock): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Lock: a shared balance with and without a lock',
  summary:
    "Threads share all of a process's memory, so two threads can change one variable at the same moment. Each thread runs the tutorial's change_it(n) — balance = balance + n, then balance = balance - n — many times, first without a lock and then holding one. In Python the run shows CPython as it really behaves: since 3.10 the tutorial's own loop loses nothing, even with a very short switch interval, because the interpreter switches threads only at a call or a loop's jump back; put a call inside the critical section and updates are lost; threading.Lock brings the balance back to 0. In Node.js the balance is in shared memory, the threads really run at once, and the unlocked loop loses updates on any multi-core machine. Compare the times too: the lock makes the critical section run one thread at a time, and that is its cost.",
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
        both: 'without and with the lock',
        unlocked: 'without a lock only',
        locked: 'with the lock only',
      },
    },
  },
  check: {
    plain: "CPython {python}: the tutorial's change_it() without a lock lost no update",
    plainShort: 'With the switch interval cut to {us} µs, it still lost none',
    callLoses: 'With a call inside the critical section, updates are lost',
    unlockedLoses: 'Without a lock, updates are lost',
    lockedNone: 'With the lock, the balance is 0 and no update is lost',
  },
  detail: {
    round: 'balance {balance}, {lost} of {expected} updates lost, {ms} ms',
    twoRounds: 'switch interval {short} µs: {a}; default {default} ms: {b}',
    notJudged: 'not judged: {why}',
    oldPython: 'Python {python} is older than 3.10 and may switch threads between any two instructions',
    noGil: 'this Python runs without the GIL, so its threads really run at the same time',
    notRun: 'this round was not run',
    apart:
      'the threads ran one after the other ({ms} ms together: the cores were busy), so no update could be lost and no lock was needed',
  },
  fact: {
    why: "Why CPython {python} loses nothing in the tutorial's loop: since 3.10 the interpreter hands the GIL to another thread only at a few points — the start of a function call and a loop's jump back. change_it() has none between reading balance and writing it back, so no other thread runs in between, however short the switch interval. A call inside the critical section (balance = add(balance, n)) is such a point: there the other thread can run between the read and the write, and its update is overwritten.",
    probabilistic:
      'How many updates are lost depends on when the threads happen to be switched: the counts change from run to run, and an unlucky run may lose none. The lock’s zero does not depend on luck.',
    counter:
      'Lost updates are counted with a second shared variable that every change_it() bumps the same unprotected way: the balance alone can hide them (a lost +5 and a lost −5 cancel).',
    node: 'Node.js: the balance lives in shared memory (SharedArrayBuffer) and worker threads have no GIL, so two of them can run at the same moment on two cores. Each read and each write of change_it() is one Atomics call, so the compiler cannot merge them, but the read and the write together are not atomic. The lock is a mutex built on Atomics.',
  },
  outcome: {
    summary: '{head} {unlocked} {locked} {cost}',
    headPython: '{threads} threads × {iterations} change_it() calls each, on CPython {python}.',
    headNode: '{threads} threads × {iterations} change_it() calls each, in Node.js worker threads.',
    unlockedPython:
      "The tutorial's loop lost {plain} updates at the default switch interval and {plainShort} at {us} µs; with a call inside the critical section, {call} and {callShort}.",
    unlockedNode: 'Without a lock: balance {balance}, {lost} updates lost, {ms} ms.',
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
    changesOf: '{changes} of {expected}',
  },
  figure: {
    threads: 'Threads',
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
} as const

const zh: SameShape<typeof en> = {
  title: 'Lock：加锁与不加锁的共享余额',
  summary:
    '同一进程的线程共享全部内存，所以两个线程可能同时修改同一个变量。每个线程多次执行教程中的 change_it(n)——先 balance = balance + n，再 balance = balance - n——先不加锁，再加锁。Python 模式展示 CPython 的真实行为：从 3.10 起，教程里这段不加锁的循环一次更新也不会丢，即使把线程切换间隔设得很短也一样，因为解释器只在函数调用和循环跳回处切换线程；在临界区里加一次函数调用，更新就会丢失；用 threading.Lock 加锁后，余额又回到 0。Node.js 模式中余额放在共享内存里，线程真正同时运行，在多核机器上不加锁的循环会丢失更新。也请比较两种情况的用时：锁让临界区同一时刻只能由一个线程执行，这就是锁的代价。',
  option: {
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
  },
  check: {
    plain: 'CPython {python}：教程中不加锁的 change_it() 没有丢失任何更新',
    plainShort: '把线程切换间隔缩短到 {us} 微秒后，仍然没有丢失更新',
    callLoses: '临界区里有一次函数调用时，更新会丢失',
    unlockedLoses: '不加锁时，更新会丢失',
    lockedNone: '加锁后，余额为 0，没有丢失任何更新',
  },
  detail: {
    round: '余额 {balance}，{expected} 次更新中丢失 {lost} 次，用时 {ms} 毫秒',
    twoRounds: '切换间隔 {short} 微秒：{a}；默认 {default} 毫秒：{b}',
    notJudged: '不作判断：{why}',
    oldPython: 'Python {python} 早于 3.10，可能在任意两条指令之间切换线程',
    noGil: '这个 Python 没有全局解释器锁 GIL，它的线程真正同时运行',
    notRun: '这一轮没有运行',
    apart: '各线程是一个接一个运行的（同时运行了 {ms} 毫秒：CPU 核心都在忙），所以不可能丢失更新，也用不上锁',
  },
  fact: {
    why: '为什么 CPython {python} 运行教程的循环不会丢失更新：从 3.10 起，解释器只在少数几处把 GIL 交给别的线程——函数调用开始处和循环跳回处。change_it() 在读取 balance 和写回 balance 之间没有这样的位置，所以无论切换间隔多短，中间都不会有别的线程执行。临界区里的一次函数调用（balance = add(balance, n)）就是这样的位置：另一个线程可以在读和写之间执行，它的更新随后被覆盖。',
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
      '教程的循环在默认切换间隔下丢失 {plain} 次更新，切换间隔 {us} 微秒时丢失 {plainShort} 次；临界区里有函数调用时，分别丢失 {call} 次和 {callShort} 次。',
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
    changesOf: '{expected} 次中的 {changes} 次',
  },
  figure: {
    threads: '线程数',
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
}

export const lockRace: Bilingual<typeof en> = { en, zh }
export const lockRaceMsg = messages('scenario.lock-race', lockRace)
