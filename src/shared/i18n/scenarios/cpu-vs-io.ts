// cpu-vs-io (计算密集型 vs IO密集型): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'CPU-bound vs I/O-bound: how many tasks at once?',
  summary:
    "The tutorial's rule: for CPU-bound work, run as many tasks at once as there are cores — more only adds switching; for I/O-bound work, which spends its time waiting, more tasks keep paying off up to a limit. The sweep runs 1, 2, 4, ... tasks at once of each kind and counts how many finish per second. In Python the tasks are threads first: CPU-bound ones (arithmetic in Python) never use more than one core however many there are, because the GIL lets one run at a time (on a shared machine more threads can still win a larger share of that one core, which the outcome then shows as a speed-up with its cause); I/O-bound ones (a request to a slow loopback server, the thread blocked in recv) do gain, because a thread waiting for I/O lets go of the GIL. Then the tutorial's rule itself, with processes (each has its own GIL): 1, as many as cores and twice as many, doing the same CPU-bound tasks. In Node.js the CPU-bound tasks are worker threads, which run in parallel up to the core count and flatten there. Either way the I/O-bound curve keeps climbing almost in proportion while the CPU stays nearly idle.",
  option: {
    maxConcurrency: {
      label: 'Up to (tasks at once)',
    },
    levelMs: {
      label: 'Time per level (ms)',
    },
    ioDelayMs: {
      label: 'I/O wait per request (ms)',
    },
    taskK: {
      label: 'CPU task size (thousand steps; Python takes a fiftieth of it: how much slower it really ran is measured)',
    },
  },
  live: {
    cpu: 'CPU-bound, {k} at once',
    io: 'I/O-bound, {k} at once',
    processes: 'CPU-bound, {k} {k:process|processes} at once',
  },
  check: {
    cpuStops: 'CPU-bound tasks stop speeding up at {cores} (the cores)',
    cpuGil: 'More Python threads never run CPU-bound work on more than one core (the GIL)',
    processesScale:
      'As many processes as cores ({cores}) do CPU-bound work about {cores} {cores:time|times} as fast as one',
    processesPastCores: 'Past the cores, processes do not help: {twice} are no faster than {cores}',
    ioSpeedsUp: 'I/O-bound tasks keep speeding up with more at once',
    ioLowCpu: 'I/O-bound tasks hardly use the CPU',
  },
  detail: {
    cpuStops: '{at} at once: {atRate}/s; {most} at once: {mostRate}/s',
    cpuGil:
      '1 thread: {oneRate}/s with {oneCpu}% of one core; {most} {most:thread|threads}: {mostRate}/s (×{speedUp}, no faster) with {cpu}% of one core; per CPU-second ×{perCpu} (at most ×{allowed}: the same arithmetic costs the same CPU time whoever runs it)',
    cpuGilShare:
      '1 thread: {oneRate}/s with {oneCpu}% of one core; {most} {most:thread|threads}: {mostRate}/s (×{speedUp}) with {cpu}% of one core: faster only because together they won a larger share of one core, not by running at once; per CPU-second ×{perCpu} (at most ×{allowed}: the same arithmetic costs the same CPU time whoever runs it)',
    processesScale:
      '1 process: {oneRate}/s; {at} {at:process|processes}: {atRate}/s (×{speedUp}, at least ×{want} wanted) with {cpu}% of one core',
    ioSpeedsUp: '1 at once: {oneRate}/s; {most} at once: {mostRate}/s (×{speedUp})',
    ioLowCpu: '{cpu}% of one core at {most} at once (CPU-bound: {cpuBound}%)',
  },
  outcome: {
    summary: 'CPU-bound: {cpu}. I/O-bound ({wait} ms wait): {io}.',
    summaryPython:
      'CPU-bound, threads: {cpu}. CPU-bound, processes: {processes}. I/O-bound, threads ({wait} ms wait): {io}.',
    point: '{k} → {rate}/s',
    list: '{head}, {tail}',
    notRun: 'not run',
    stopped: 'Stopped before the sweep finished a level.',
  },
  chart: {
    speedUp: {
      title: 'Tasks finished per second, relative to one at a time',
      y: '× one at a time',
    },
    cpu: {
      title: 'CPU used meanwhile (% of one core)',
      y: '% of one core',
    },
    x: 'tasks at once',
    cpuBound: 'CPU-bound',
    cpuProcesses: 'CPU-bound, processes',
    ioBound: 'I/O-bound',
    cores: '{cores} {cores:core|cores}',
  },
  table: {
    atOnce: 'at once',
    cpuRate: 'CPU-bound /s',
    cpuCpu: 'CPU-bound CPU %',
    processRate: 'CPU-bound processes /s',
    processCpu: 'CPU-bound processes CPU %',
    ioRate: 'I/O-bound /s',
    ioCpu: 'I/O-bound CPU %',
  },
  figure: {
    language: 'language',
    cores: 'cores',
    cpu: { one: 'CPU-bound, 1 at once (/s)', most: 'CPU-bound, most at once (/s)', speedUp: 'CPU-bound speed-up' },
    io: { one: 'I/O-bound, 1 at once (/s)', most: 'I/O-bound, most at once (/s)', speedUp: 'I/O-bound speed-up' },
    processes: {
      one: 'CPU-bound, 1 process (/s)',
      atCores: 'CPU-bound, as many processes as cores (/s)',
      twiceCores: 'CPU-bound, twice as many processes as cores (/s)',
    },
    pythonSlowdown: 'Python against Node.js on the same loop (times slower)',
  },
  fact: {
    gilReleased: 'A Python thread blocked in recv() or sleep() lets go of the GIL: that is why its waits overlap',
    slowdown:
      'On this machine Python ran the same loop {times} {times:time|times} slower than Node.js (V8): {python} against {node} million steps per second on one thread, timed in this run',
  },
} as const

const zh: SameShape<typeof en> = {
  title: '计算密集型 vs IO密集型：同时运行多少个任务？',
  summary:
    '教程的规则：计算密集型任务同时进行的数量应当等于CPU的核心数，再多只会增加任务切换；IO密集型任务大部分时间都在等待，任务越多效率越高，但也有一个限度。这里依次同时运行1、2、4……个任务，两种任务各测一遍，统计每秒完成多少个。Python模式下先由线程执行任务：计算密集型任务（Python中的算术运算）无论有多少个线程都不会用到超过一个核心，因为GIL同一时刻只让一个线程执行（在有其他程序的机器上，线程多了仍可能从那一个核心上分到更多时间，结果会把这种加速连同原因一起显示出来）；IO密集型任务（向一个很慢的本机服务器发请求，线程阻塞在recv上）则会变快，因为等待IO的线程会释放GIL。然后用进程（每个进程有自己的GIL）检验教程的规则本身：同时运行1个、与核心数相同、以及两倍于核心数的进程，执行同样的计算密集型任务。Node.js模式下计算密集型任务由工作线程执行，在核心数以内真正并行，到核心数就不再提升。两种模式下，IO密集型的曲线都几乎成比例地上升，而CPU几乎空闲。',
  option: {
    maxConcurrency: {
      label: '最多同时运行（个任务）',
    },
    levelMs: {
      label: '每一级的时间（毫秒）',
    },
    ioDelayMs: {
      label: '每个请求的IO等待（毫秒）',
    },
    taskK: {
      label: '计算任务大小（千步；Python只做其中的五十分之一：它实际慢多少会被测量出来）',
    },
  },
  live: {
    cpu: '计算密集型，同时{k}个',
    io: 'IO密集型，同时{k}个',
    processes: '计算密集型，同时{k}个进程',
  },
  check: {
    cpuStops: '计算密集型任务到{cores}个（核心数）就不再变快',
    cpuGil: 'Python线程再多，计算密集型任务也不会用到超过一个核心（GIL）',
    processesScale: '与核心数相同（{cores}个）的进程执行计算密集型任务，速度约为一个进程的{cores}倍',
    processesPastCores: '超过核心数后，进程再多也无济于事：{twice}个不比{cores}个快',
    ioSpeedsUp: 'IO密集型任务同时运行得越多越快',
    ioLowCpu: 'IO密集型任务几乎不占CPU',
  },
  detail: {
    cpuStops: '同时{at}个：每秒{atRate}个；同时{most}个：每秒{mostRate}个',
    cpuGil:
      '1个线程：每秒{oneRate}个，占用一个核心的{oneCpu}%；{most}个线程：每秒{mostRate}个（×{speedUp}，没有变快），占用一个核心的{cpu}%；每CPU秒完成量×{perCpu}（至多×{allowed}：同样的运算无论谁来执行都花同样的CPU时间）',
    cpuGilShare:
      '1个线程：每秒{oneRate}个，占用一个核心的{oneCpu}%；{most}个线程：每秒{mostRate}个（×{speedUp}），占用一个核心的{cpu}%：变快只是因为它们合起来从一个核心上分到了更多时间，而不是同时运行；每CPU秒完成量×{perCpu}（至多×{allowed}：同样的运算无论谁来执行都花同样的CPU时间）',
    processesScale:
      '1个进程：每秒{oneRate}个；{at}个进程：每秒{atRate}个（×{speedUp}，要求至少×{want}），占用一个核心的{cpu}%',
    ioSpeedsUp: '同时1个：每秒{oneRate}个；同时{most}个：每秒{mostRate}个（×{speedUp}）',
    ioLowCpu: '同时{most}个时占用一个核心的{cpu}%（计算密集型：{cpuBound}%）',
  },
  outcome: {
    summary: '计算密集型：{cpu}。IO密集型（每次等待{wait}毫秒）：{io}。',
    summaryPython:
      '计算密集型，线程：{cpu}。计算密集型，进程：{processes}。IO密集型，线程（每次等待{wait}毫秒）：{io}。',
    point: '{k}个 → 每秒{rate}个',
    list: '{head}，{tail}',
    notRun: '未运行',
    stopped: '在完成任何一级之前就已停止。',
  },
  chart: {
    speedUp: {
      title: '每秒完成的任务数，相对于一次一个',
      y: '× 一次一个',
    },
    cpu: {
      title: '同时的CPU占用（一个核心的%）',
      y: '一个核心的%',
    },
    x: '同时运行的任务数',
    cpuBound: '计算密集型',
    cpuProcesses: '计算密集型，进程',
    ioBound: 'IO密集型',
    cores: '{cores}个核心',
  },
  table: {
    atOnce: '同时运行',
    cpuRate: '计算密集型 每秒',
    cpuCpu: '计算密集型 CPU %',
    processRate: '计算密集型进程 每秒',
    processCpu: '计算密集型进程 CPU %',
    ioRate: 'IO密集型 每秒',
    ioCpu: 'IO密集型 CPU %',
  },
  figure: {
    language: '语言',
    cores: '核心数',
    cpu: { one: '计算密集型，同时1个（每秒）', most: '计算密集型，同时最多个（每秒）', speedUp: '计算密集型加速比' },
    io: { one: 'IO密集型，同时1个（每秒）', most: 'IO密集型，同时最多个（每秒）', speedUp: 'IO密集型加速比' },
    processes: {
      one: '计算密集型，1个进程（每秒）',
      atCores: '计算密集型，与核心数相同的进程（每秒）',
      twiceCores: '计算密集型，两倍于核心数的进程（每秒）',
    },
    pythonSlowdown: '同一循环Python比Node.js慢的倍数',
  },
  fact: {
    gilReleased: '阻塞在recv()或sleep()上的Python线程会释放GIL：所以它们的等待可以重叠',
    slowdown:
      '在这台机器上，同一个循环Python比Node.js（V8）慢{times}倍：单线程每秒{python}百万步对{node}百万步，在本次运行中测得',
  },
}

export const cpuVsIo: Bilingual<typeof en> = { en, zh }
export const cpuVsIoMsg = messages('scenario.cpu-vs-io', cpuVsIo)
