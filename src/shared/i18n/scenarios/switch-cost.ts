// switch-cost (线程切换): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  error: {
    tooManyProcesses: 'Option "maxCount" must be at most 64 for processes, got {value}',
  },
  log: {
    unreported: '{n} of {count} {count:process|processes} ended without reporting',
  },
  title: 'Switching cost: what one switch costs, and too many tasks',
  summary:
    "Switching from one task to another costs the OS time: it saves one task's registers and memory context and restores another's. First the run measures what a switch costs, by ping-pong: one side hands a turn to the other and sleeps until it comes back; every round trip is two switches. It does so several ways, each named for what it is: the rawest the language allows (in Python, one byte each way over pipes between two processes with os.write and os.read; in Node.js, Atomics.wait and notify between two threads, a futex), and the language's own primitives (threading.Semaphore and multiprocessing.Pipe; postMessage and process.send), which add the interpreter's work to the OS's. Only the raw one prices a switch. Then the tutorial's warning, that with too many tasks the machine spends its time switching rather than working: a fixed amount of CPU work is split evenly over 1, 2, 4, ... threads or processes and timed. Up to the core count, throughput rises; beyond it nothing can run faster and the OS takes tasks off the CPU while they still want it (involuntary context switches, counted by the OS). The time spent switching is the OS's count of switches times the raw price of one. With far more tasks than cores, the same work takes longer from start to finish: the run shows how much of that is switching and how much is creating and ending the tasks. In Python the work is split over processes (Python threads take turns under the GIL).",
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
    ping: 'ping-pong: {trip}',
    sweepThreads: 'the work over {count} {count:thread|threads}',
    sweepProcesses: 'the work over {count} {count:process|processes}',
  },
  trip: {
    rawPipe: 'raw pipes between two processes (os.write/os.read)',
    pySemaphore: 'threading.Semaphore between two threads',
    mpPipe: 'multiprocessing.Pipe between two processes',
    atomics: 'Atomics.wait/notify between two threads (a futex)',
    workerMessage: 'postMessage between two threads',
    nodeIpc: 'IPC messages between two processes (process.send)',
  },
  check: {
    primitive: '{primitive} costs more per round trip than {raw}: the language adds its own work to the switch',
    thrashing: 'Far more {kind} than cores ({far} or more): the same work takes longer from start to finish',
    moreHelps: 'Up to {cores} {kind}, more of them do the work faster',
    pastCores: 'Past {cores} {cores:core|cores}, more {kind} do not help',
    involuntary: 'More of them than cores: the OS switches them involuntarily',
  },
  detail: {
    primitive: '{us} µs against {rawUs} µs per round trip, over {n} {n:round trip|round trips}',
    notMeasured: 'not measured: the ping-pong did not finish',
    thrashing:
      '{at}: {atRate} → {most}: {mostRate} M steps/s, from creating them to the last one ending ({startMs} ms of it to start the {most})',
    notFar: 'not measured: the sweep stopped at {most}, under {far}; raise “Up to”',
    throughput: '{from} → {to} M steps/s',
    pastCores: '{at}: {atRate}, {most}: {mostRate} M steps/s',
    involuntary: '{before} → {after} involuntary {after:switch|switches}',
    notMeasurable: "not measurable here: this platform does not count a thread's context switches",
  },
  outcome: {
    summary:
      'Round trips: {trips}. A switch, priced by {raw}: about {switchUs} µs. The work over {counts} {kind}: best at {best}. At {most} {kind} the OS counted {switches} context {switches:switch|switches}: at {switchUs} µs each, about {switchingMs} ms of the {ms} ms of work ({pct} %); starting them took {startMs} ms.',
    trip: '{trip} {us} µs',
    list: '{head}; {tail}',
    stopped: 'Stopped before the first count finished.',
    unknown: '?',
  },
  chart: {
    throughput: {
      title: 'Throughput against the number of {kind}',
      y: 'million steps / s',
      series: 'while working',
      overall: 'from creating them to the last ending',
    },
    switches: { title: 'Context switches during the work (counted by the OS)', y: 'switches' },
    involuntary: 'involuntary',
    voluntary: 'voluntary',
    cores: '{cores} {cores:core|cores}',
  },
  table: {
    count: 'how many',
    ms: 'time (ms)',
    startMs: 'start (ms)',
    throughput: 'M steps/s',
    overall: 'M steps/s, start included',
    perCpu: 'M steps per CPU second (one core’s speed)',
    voluntary: 'voluntary',
    involuntary: 'involuntary',
    others: 'other processes (% of the machine)',
  },
  figure: {
    language: 'language',
    kind: 'split over',
    cores: 'cores',
    us: {
      rawPipe: 'raw pipes between processes: µs per round trip',
      pySemaphore: 'threading.Semaphore: µs per round trip',
      mpPipe: 'multiprocessing.Pipe: µs per round trip',
      atomics: 'Atomics.wait/notify: µs per round trip',
      workerMessage: 'postMessage: µs per round trip',
      nodeIpc: 'process.send: µs per round trip',
    },
    switchUs: 'a switch, by the raw round trip (µs)',
    switchingMs: 'time spent switching at the most tasks (ms)',
    switchingPct: 'time spent switching at the most tasks (%)',
    one: { throughput: '1 task: M steps/s' },
    atCores: {
      throughput: 'as many as cores: M steps/s',
      overall: 'as many as cores: M steps/s, start included',
      involuntary: 'as many as cores: involuntary switches',
    },
    most: {
      count: 'most tasks',
      throughput: 'most tasks: M steps/s',
      overall: 'most tasks: M steps/s, start included',
      involuntary: 'most tasks: involuntary switches',
    },
  },
  fact: {
    pythonProcesses: 'In Python the work is split over processes: threads would take turns under the GIL (see 多核CPU)',
    roundTrip: 'A round trip is two switches: there and back',
    paging:
      "The tutorial's “disk grinding” (硬盘狂响) is thrashing proper: when the tasks' memory no longer fits in RAM, the OS keeps moving pages to and from the disk. This run does not fill the memory; it shows the CPU side: with far more tasks than cores, creating, ending and switching between them take time the work does not get",
    rawCrowded:
      'The raw round trip was timed while other processes used {others}% of the machine: it includes waiting for a core, so the price of a switch and the time spent switching are overstated',
    pricing:
      "Time spent switching = the OS's own count of the workers' context switches (voluntary + involuntary) × half a raw round trip; a primitive's round trip would add the interpreter's work to it",
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
    '从一个任务切换到另一个任务是有代价的：操作系统要先保存当前任务的现场（CPU寄存器状态、内存页等），再恢复另一个任务的现场。首先用ping-pong测量一次切换的代价：一方把执行权交给另一方，然后睡着等它回来；每一次往返就是两次切换。这里用几种方式测量，每种都按它实际是什么来命名：语言所能做到的最原始的方式（Python中两个进程之间通过管道用os.write和os.read各传一个字节；Node.js中两个线程之间用Atomics.wait和notify，即futex），以及语言自带的原语（threading.Semaphore和multiprocessing.Pipe；postMessage和process.send），它们在操作系统的工作之外还加上了解释器自己的工作。只有最原始的那种用来给一次切换定价。然后是教程的警告：任务一多，操作系统就主要忙着切换任务，根本没有多少时间去执行任务。这里把固定的计算量平均分给1、2、4……个线程或进程并计时。在核心数以内，吞吐量上升；超过核心数，就不可能更快了，操作系统会在任务还想运行时把它们从CPU上换下来（非自愿上下文切换，由操作系统统计）。花在切换上的时间＝操作系统统计的切换次数×一次切换的原始代价。任务远多于核心时，同样的计算从开始到结束要花更长时间：结果会说明其中多少是切换，多少是创建和结束这些任务。Python模式下计算量分给多个进程（Python线程在GIL下只能轮流执行）。',
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
    ping: '来回传递（ping-pong）：{trip}',
    sweepThreads: '计算量分给{count}个线程',
    sweepProcesses: '计算量分给{count}个进程',
  },
  trip: {
    rawPipe: '两个进程之间的原始管道（os.write/os.read）',
    pySemaphore: '两个线程之间的threading.Semaphore',
    mpPipe: '两个进程之间的multiprocessing.Pipe',
    atomics: '两个线程之间的Atomics.wait/notify（futex）',
    workerMessage: '两个线程之间的postMessage',
    nodeIpc: '两个进程之间的IPC消息（process.send）',
  },
  check: {
    primitive: '{primitive}每次往返比{raw}更慢：语言在切换之外加上了自己的工作',
    thrashing: '{kind}远多于核心（{far}个或更多）时：同样的计算从开始到结束要花更长时间',
    moreHelps: '在{cores}个{kind}以内，越多完成得越快',
    pastCores: '超过{cores}个核心后，{kind}再多也无济于事',
    involuntary: '任务比核心多时：操作系统会非自愿地切换它们',
  },
  detail: {
    primitive: '每次往返{us}微秒，对比{rawUs}微秒，共{n}次往返',
    notMeasured: '未测量：ping-pong没有完成',
    thrashing:
      '{at}个：{atRate} → {most}个：{mostRate}（每秒百万步，从创建到最后一个结束；其中启动这{most}个用了{startMs}毫秒）',
    notFar: '未测量：扫描到{most}个就停止了，不到{far}个；请调大“最多”',
    throughput: '每秒{from} → {to}百万步',
    pastCores: '{at}个：{atRate}，{most}个：{mostRate}（每秒百万步）',
    involuntary: '非自愿切换{before} → {after}次',
    notMeasurable: '此处无法测量：这个平台不统计线程的上下文切换',
  },
  outcome: {
    summary:
      '往返：{trips}。按{raw}定价，一次切换约{switchUs}微秒。计算量依次分给{counts}个{kind}：{best}个时最好。在{most}个{kind}时操作系统统计到{switches}次上下文切换：每次{switchUs}微秒，约占{ms}毫秒计算中的{switchingMs}毫秒（{pct}%）；启动它们用了{startMs}毫秒。',
    trip: '{trip}{us}微秒',
    list: '{head}；{tail}',
    stopped: '在第一组完成之前就已停止。',
    unknown: '?',
  },
  chart: {
    throughput: {
      title: '吞吐量与{kind}数量的关系',
      y: '每秒百万步',
      series: '计算期间',
      overall: '从创建到最后一个结束',
    },
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
    overall: '每秒百万步（含启动）',
    perCpu: '每 CPU 秒百万步（单个核心的速度）',
    voluntary: '自愿切换',
    involuntary: '非自愿切换',
    others: '其他进程（占整台机器的%）',
  },
  figure: {
    language: '语言',
    kind: '分给',
    cores: '核心数',
    us: {
      rawPipe: '进程之间的原始管道：每次往返微秒数',
      pySemaphore: 'threading.Semaphore：每次往返微秒数',
      mpPipe: 'multiprocessing.Pipe：每次往返微秒数',
      atomics: 'Atomics.wait/notify：每次往返微秒数',
      workerMessage: 'postMessage：每次往返微秒数',
      nodeIpc: 'process.send：每次往返微秒数',
    },
    switchUs: '一次切换（按原始往返计，微秒）',
    switchingMs: '任务最多时花在切换上的时间（毫秒）',
    switchingPct: '任务最多时花在切换上的时间（%）',
    one: { throughput: '1个任务：每秒百万步' },
    atCores: {
      throughput: '与核心数相同：每秒百万步',
      overall: '与核心数相同：每秒百万步（含启动）',
      involuntary: '与核心数相同：非自愿切换次数',
    },
    most: {
      count: '最多的任务数',
      throughput: '任务最多时：每秒百万步',
      overall: '任务最多时：每秒百万步（含启动）',
      involuntary: '任务最多时：非自愿切换次数',
    },
  },
  fact: {
    pythonProcesses: 'Python模式下计算量分给多个进程：多个线程在GIL下只能轮流执行（见“多核CPU”）',
    roundTrip: '一次往返就是两次切换：去一次，回一次',
    paging:
      '教程说的“硬盘狂响”就是真正的抖动：任务占用的内存超出了物理内存，操作系统就不停地在内存和硬盘之间换入换出页面。这里不会占满内存，只展示CPU这一面：任务远多于核心时，创建、结束和切换任务都要花时间，这些时间计算得不到',
    rawCrowded:
      '原始往返是在其他进程占用整台机器{others}%的时候测得的：其中包括等待CPU核心的时间，所以一次切换的代价和花在切换上的时间都被高估了',
    pricing:
      '花在切换上的时间＝操作系统统计的工作进程或线程的上下文切换次数（自愿＋非自愿）×原始往返时间的一半；若用原语的往返时间，还会把解释器自己的工作算进去',
  },
}

export const switchCost: Bilingual<typeof en> = { en, zh }
export const switchCostMsg = messages('scenario.switch-cost', switchCost)
