// switch-cost (线程切换): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  error: {
    tooManyProcesses: 'Option "maxCount" must be at most 64 for processes, got {value}',
  },
  log: {
    unreported: '{n} of {count} processes ended without reporting',
  },
  title: 'Switching cost: what one switch costs, and too many tasks',
  summary:
    "Switching from one task to another costs the OS time: it saves one task's registers and memory context and restores another's. First the run measures what a switch costs: two threads hand a turn back and forth (ping-pong), each sleeping until the other wakes it, then two processes do the same over a pipe; every round trip is two switches. Then the tutorial's warning, that with too many tasks the machine spends its time switching rather than working: a fixed amount of CPU work is split evenly over 1, 2, 4, ... threads or processes and timed. Up to the core count, throughput rises; beyond it nothing can run faster, the OS takes tasks off the CPU while they still want it (involuntary context switches, counted by the OS), and throughput flattens or falls. In Python the ping-pong uses threading.Semaphore and multiprocessing.Pipe, and the work is split over processes (Python threads take turns under the GIL).",
  option: {
    kind: {
      label: 'Split over (Node.js; Python always uses processes)',
      choice: {
        threads: 'threads',
        processes: 'processes',
      },
    },
    maxCount: {
      label: 'Up to',
    },
    workM: {
      label: 'Total work (million steps; Python does a fiftieth of it)',
    },
    roundTrips: {
      label: 'Ping-pong round trips',
    },
  },
  kind: {
    threads: 'threads',
    processes: 'processes',
  },
  live: {
    pingThreads: 'ping-pong between two threads',
    pingProcesses: 'ping-pong between two processes',
    sweepThreads: 'the work over {count} threads',
    sweepProcesses: 'the work over {count} processes',
  },
  check: {
    threadSwitch: 'A round trip between two threads (two switches) takes microseconds, not milliseconds',
    processSwitch: 'A round trip between two processes over a pipe takes microseconds, not milliseconds',
    moreHelps: 'Up to {cores} {kind}, more of them do the work faster',
    pastCores: 'Past {cores} cores, more {kind} do not help',
    involuntary: 'More of them than cores: the OS switches them involuntarily',
  },
  detail: {
    roundTrip: '{us} µs per round trip, over {n} round trips',
    notMeasured: 'not measured: the ping-pong did not finish',
    throughput: '{from} → {to} M steps/s',
    pastCores: '{at}: {atRate}, {most}: {mostRate} M steps/s',
    involuntary: '{before} → {after} involuntary switches',
    notMeasurable: "not measurable here: this platform does not count a thread's context switches",
  },
  outcome: {
    summary:
      'One round trip costs {threadsUs} µs between threads and {processesUs} µs between processes. The work over {counts} {kind}: best at {best}; at {most} {kind} the OS switched {involuntary} times involuntarily, about {switchingMs} ms of the {ms} ms.',
    stopped: 'Stopped before the first count finished.',
    unknown: '?',
  },
  chart: {
    throughput: { title: 'Throughput against the number of {kind}', y: 'million steps / s', series: 'throughput' },
    switches: { title: 'Context switches during the work (counted by the OS)', y: 'switches' },
    involuntary: 'involuntary',
    voluntary: 'voluntary',
    cores: '{cores} cores',
  },
  table: {
    count: 'how many',
    ms: 'time (ms)',
    startMs: 'start (ms)',
    throughput: 'M steps/s',
    voluntary: 'voluntary',
    involuntary: 'involuntary',
  },
  figure: {
    language: 'language',
    kind: 'split over',
    cores: 'cores',
    threadsUs: 'threads: µs per round trip',
    processesUs: 'processes: µs per round trip',
    switchingPct: 'time spent switching at the most tasks (%)',
    one: { throughput: '1 task: M steps/s' },
    atCores: { throughput: 'as many as cores: M steps/s', involuntary: 'as many as cores: involuntary switches' },
    most: {
      count: 'most tasks',
      throughput: 'most tasks: M steps/s',
      involuntary: 'most tasks: involuntary switches',
    },
  },
  fact: {
    pythonProcesses: 'In Python the work is split over processes: threads would take turns under the GIL (see 多核CPU)',
    roundTrip: 'A round trip is two switches: there and back',
  },
} as const

const zh: SameShape<typeof en> = {
  error: {
    tooManyProcesses: '使用进程时，选项“maxCount”至多为 64，收到 {value}',
  },
  log: {
    unreported: '{count} 个进程中有 {n} 个没有报告结果就结束了',
  },
  title: '线程切换：一次切换的代价，以及任务太多',
  summary:
    '从一个任务切换到另一个任务是有代价的：操作系统要先保存当前任务的现场（CPU寄存器状态、内存页等），再恢复另一个任务的现场。首先测量一次切换的代价：两个线程来回传递执行权（ping-pong），每一方都睡着等对方把自己唤醒；然后两个进程通过管道做同样的事；每一次往返就是两次切换。然后是教程的警告：任务一多，操作系统就主要忙着切换任务，根本没有多少时间去执行任务。这里把固定的计算量平均分给1、2、4……个线程或进程并计时。在核心数以内，吞吐量上升；超过核心数，就不可能更快了，操作系统会在任务还想运行时把它们从CPU上换下来（非自愿上下文切换，由操作系统统计），吞吐量持平甚至下降。Python模式下，ping-pong用threading.Semaphore和multiprocessing.Pipe，计算量分给多个进程（Python线程在GIL下只能轮流执行）。',
  option: {
    kind: {
      label: '分给（Node.js；Python总是用进程）',
      choice: {
        threads: '线程',
        processes: '进程',
      },
    },
    maxCount: {
      label: '最多',
    },
    workM: {
      label: '总计算量（百万步；Python只做其中的五十分之一）',
    },
    roundTrips: {
      label: 'ping-pong往返次数',
    },
  },
  kind: {
    threads: '线程',
    processes: '进程',
  },
  live: {
    pingThreads: '两个线程之间的ping-pong',
    pingProcesses: '两个进程之间的ping-pong',
    sweepThreads: '计算量分给{count}个线程',
    sweepProcesses: '计算量分给{count}个进程',
  },
  check: {
    threadSwitch: '两个线程之间的一次往返（两次切换）只需几微秒到几十微秒，而不是毫秒',
    processSwitch: '两个进程之间通过管道的一次往返只需几微秒到几十微秒，而不是毫秒',
    moreHelps: '在{cores}个{kind}以内，越多完成得越快',
    pastCores: '超过{cores}个核心后，{kind}再多也无济于事',
    involuntary: '任务比核心多时：操作系统会非自愿地切换它们',
  },
  detail: {
    roundTrip: '每次往返{us}微秒，共{n}次往返',
    notMeasured: '未测量：ping-pong没有完成',
    throughput: '每秒{from} → {to}百万步',
    pastCores: '{at}个：{atRate}，{most}个：{mostRate}（每秒百万步）',
    involuntary: '非自愿切换{before} → {after}次',
    notMeasurable: '此处无法测量：这个平台不统计线程的上下文切换',
  },
  outcome: {
    summary:
      '一次往返的代价：线程之间{threadsUs}微秒，进程之间{processesUs}微秒。计算量依次分给{counts}个{kind}：{best}个时最好；在{most}个{kind}时操作系统非自愿切换了{involuntary}次，约占{ms}毫秒中的{switchingMs}毫秒。',
    stopped: '在第一组完成之前就已停止。',
    unknown: '?',
  },
  chart: {
    throughput: { title: '吞吐量与{kind}数量的关系', y: '每秒百万步', series: '吞吐量' },
    switches: { title: '计算期间的上下文切换（由操作系统统计）', y: '切换次数' },
    involuntary: '非自愿',
    voluntary: '自愿',
    cores: '{cores}个核心',
  },
  table: {
    count: '数量',
    ms: '时间（毫秒）',
    startMs: '启动（毫秒）',
    throughput: '每秒百万步',
    voluntary: '自愿切换',
    involuntary: '非自愿切换',
  },
  figure: {
    language: '语言',
    kind: '分给',
    cores: '核心数',
    threadsUs: '线程：每次往返微秒数',
    processesUs: '进程：每次往返微秒数',
    switchingPct: '任务最多时花在切换上的时间（%）',
    one: { throughput: '1个任务：每秒百万步' },
    atCores: { throughput: '与核心数相同：每秒百万步', involuntary: '与核心数相同：非自愿切换次数' },
    most: {
      count: '最多的任务数',
      throughput: '任务最多时：每秒百万步',
      involuntary: '任务最多时：非自愿切换次数',
    },
  },
  fact: {
    pythonProcesses: 'Python模式下计算量分给多个进程：多个线程在GIL下只能轮流执行（见“多核CPU”）',
    roundTrip: '一次往返就是两次切换：去一次，回一次',
  },
}

export const switchCost: Bilingual<typeof en> = { en, zh }
export const switchCostMsg = messages('scenario.switch-cost', switchCost)
