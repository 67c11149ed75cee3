// async-io (异步IO): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  error: {
    tooManyWorkers:
      'Option "threadConnections" must be at most 256 without Python (each is a Node.js worker), got {value}',
    perCorePython: 'One event-loop process per core (the Nginx model) runs in Python mode: choose Python',
  },
  title: 'Async I/O: one thread, thousands of connections',
  summary:
    "A thread blocked on one socket can serve only that socket, so the classic server needs a thread (or process) per connection, and thousands of connections mean thousands of threads to create, schedule and keep in memory. The tutorial's alternative is the event-driven model (Nginx, Node.js, Python's coroutines): one thread asks the OS which sockets are ready and serves them in turn. Here a load client process opens thousands of loopback connections to one event-loop thread (asyncio in Python, Node's own loop in Node.js), each pinging every second; then a smaller number of connections each get a real OS thread of their own (Python's socketserver.ThreadingTCPServer). Compare the server's threads as the OS counts them, its memory per connection (resident memory grown, divided by the connections) and its CPU.",
  option: {
    variant: {
      label: 'Serve with',
      choice: {
        both: 'both, one after the other',
        'event-loop': 'one thread, event loop',
        'thread-per-connection': 'a thread per connection',
        'process-per-core': 'one event-loop process per core (Nginx)',
      },
    },
    connections: {
      label: 'Connections (event loop)',
    },
    threadConnections: {
      label: 'Connections (thread each)',
    },
    durationS: {
      label: 'Hold for (s)',
    },
    intervalMs: {
      label: 'Each connection pings every (ms)',
    },
  },
  server: {
    asyncio: 'asyncio: one thread, event loop',
    'asyncio-processes': 'asyncio in one single-threaded process per core (Nginx)',
    'node-event-loop': "Node.js's event loop: one thread",
    'python-threads': 'Python: a real OS thread per connection',
    'node-workers': 'Node.js worker threads: one per connection',
  },
  live: {
    python: {
      'event-loop': 'asyncio: one thread accepting {count} {count:connection|connections}',
      'thread-per-connection': 'Python: starting a thread for each of {count} {count:connection|connections}',
      'process-per-core': 'one event-loop process per core sharing {count} {count:connection|connections}',
    },
    node: {
      'event-loop': 'MainThread accepting {count} {count:connection|connections}',
      'thread-per-connection': 'starting {count} worker {count:thread|threads}, one per connection',
    },
    holding: 'holding {count} {count:connection|connections}',
  },
  check: {
    held: '{server}: all {count} {count:connection|connections} held',
    noThreadAdded: 'One thread served {count} {count:connection|connections}: no thread was added',
    cheaper: 'A connection costs less memory on the event loop than with its own thread',
    perCore: 'One event-loop process per core, each serving its connections on a single thread',
  },
  detail: {
    held: '{held} open at the end, {roundTrips} {roundTrips:round trip|round trips}, median {p50} ms, p99 {p99} ms, {errors} {errors:error|errors}',
    noThreadAdded: 'threads of the server: {before} before, {during} while holding',
    notMeasurable: "not measurable here: this platform does not report a process's thread count",
    cheaper: '{loop} KB vs {thread} KB per connection',
    perCore: '{n} {n:process|processes}: {list}',
    perCoreOne: 'pid {pid}: {held} {held:connection|connections}, {threads} {threads:thread|threads}, {cpu}% CPU',
  },
  outcome: {
    variant:
      '{server}: {held}/{count} held with {threads} {threads:thread|threads}, +{mb} MB ({kb} KB each), {cpu}% CPU',
    list: '{head}; {tail}',
    summary: '{variants}.',
    stopped: 'Stopped before a variant finished.',
  },
  fact: {
    nginx:
      'The tutorial’s Nginx: on a multi-core machine, run as many single-threaded event-loop processes as there are cores. Here {n} worker {n:process|processes} took connections from one shared listening socket and served them as asyncio does above; together they can use every core, and a crash takes only one worker down. How the connections fall between them is the kernel’s doing: whichever worker accepts first.',
    workers:
      'Without Python, a thread per connection is a Node.js worker thread: each carries a whole JavaScript engine (megabytes), far more than an OS thread costs',
    threadList:
      'The thread list holds only the threads that name themselves ({listed} here); the OS counted {threads} in the thread-per-connection server while it held its connections (one per connection, unnamed): that count is the figure above.',
    perConnection:
      'Memory per connection = the server’s resident memory grown while holding, divided by the connections',
  },
  table: {
    server: 'served by',
    connections: 'connections',
    held: 'held',
    threads: 'server threads',
    threadsChange: '{before} → {during}',
    memory: 'server memory (MB)',
    perConnection: 'KB per connection',
    cpu: 'CPU (% of one core)',
    rtt: 'median round trip (ms)',
  },
  figure: {
    language: 'language',
    'event-loop': {
      held: 'event loop: connections held',
      threads: 'event loop: server threads',
      threadsBefore: 'event loop: server threads before',
      kbPerConnection: 'event loop: KB per connection',
      cpu: 'event loop: CPU (% of one core)',
      p50: 'event loop: median round trip (ms)',
    },
    'process-per-core': {
      held: 'process per core: connections held',
      threads: 'process per core: most threads in one worker',
      threadsBefore: 'process per core: threads per worker before',
      kbPerConnection: 'process per core: KB per connection',
      cpu: 'process per core: CPU of all workers (% of one core)',
      p50: 'process per core: median round trip (ms)',
    },
    'thread-per-connection': {
      held: 'thread per connection: connections held',
      threads: 'thread per connection: server threads',
      threadsBefore: 'thread per connection: server threads before',
      kbPerConnection: 'thread per connection: KB per connection',
      cpu: 'thread per connection: CPU (% of one core)',
      p50: 'thread per connection: median round trip (ms)',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  error: {
    tooManyWorkers:
      '没有 Python 时，选项“threadConnections”至多为 256（每个连接是一个 Node.js Worker 线程），收到 {value}',
    perCorePython: '每个核心一个事件循环进程（Nginx 的模式）在 Python 模式下运行：请选择 Python',
  },
  title: '异步IO：一个线程，成千上万个连接',
  summary:
    '阻塞在一个socket上的线程只能服务这一个socket，所以传统的服务器要为每个连接准备一个线程（或进程），几千个连接就意味着要创建、调度几千个线程，并为它们占用内存。教程给出的另一条路是事件驱动模型（Nginx、Node.js、Python的协程）：一个线程向操作系统询问哪些socket已经就绪，再依次处理。这里一个负载客户端进程通过本机回环向一个事件循环线程（Python中是asyncio，Node.js中是它自己的事件循环）打开几千个连接，每个连接每秒发一次ping；然后让较少的连接各自拥有一个真正的操作系统线程（Python的socketserver.ThreadingTCPServer）。请比较：操作系统统计的服务器线程数、每个连接占用的内存（常驻内存的增量除以连接数）以及CPU占用。',
  option: {
    variant: {
      label: '服务方式',
      choice: {
        both: '两种依次运行',
        'event-loop': '一个线程，事件循环',
        'thread-per-connection': '每个连接一个线程',
        'process-per-core': '每个核心一个事件循环进程（Nginx）',
      },
    },
    connections: {
      label: '连接数（事件循环）',
    },
    threadConnections: {
      label: '连接数（每个连接一个线程）',
    },
    durationS: {
      label: '保持时间（秒）',
    },
    intervalMs: {
      label: '每个连接发送ping的间隔（毫秒）',
    },
  },
  server: {
    asyncio: 'asyncio：一个线程，事件循环',
    'asyncio-processes': '每个核心一个单线程 asyncio 进程（Nginx）',
    'node-event-loop': 'Node.js的事件循环：一个线程',
    'python-threads': 'Python：每个连接一个真正的操作系统线程',
    'node-workers': 'Node.js工作线程：每个连接一个',
  },
  live: {
    python: {
      'event-loop': 'asyncio：一个线程接受{count}个连接',
      'thread-per-connection': 'Python：为{count}个连接各启动一个线程',
      'process-per-core': '每个核心一个事件循环进程，共同承担{count}个连接',
    },
    node: {
      'event-loop': 'MainThread接受{count}个连接',
      'thread-per-connection': '启动{count}个工作线程，每个连接一个',
    },
    holding: '保持{count}个连接',
  },
  check: {
    held: '{server}：{count}个连接全部保持住',
    noThreadAdded: '一个线程服务了{count}个连接：没有增加任何线程',
    perCore: '每个核心一个事件循环进程，每个进程只用一个线程服务它的连接',
    cheaper: '在事件循环上，一个连接占用的内存比单独一个线程少',
  },
  detail: {
    held: '结束时{held}个仍打开，往返{roundTrips}次，中位数{p50}毫秒，p99 {p99}毫秒，{errors}个错误',
    noThreadAdded: '服务器的线程数：之前{before}个，保持连接时{during}个',
    notMeasurable: '此处无法测量：这个平台不报告进程的线程数',
    perCore: '{n} 个进程：{list}',
    perCoreOne: 'PID {pid}：{held} 个连接，{threads} 个线程，CPU {cpu}%',
    cheaper: '每个连接{loop} KB 对比 {thread} KB',
  },
  outcome: {
    variant: '{server}：保持{held}/{count}个连接，{threads}个线程，内存+{mb} MB（每个{kb} KB），CPU {cpu}%',
    list: '{head}；{tail}',
    summary: '{variants}。',
    stopped: '在任何一种方式完成之前就已停止。',
  },
  fact: {
    nginx:
      '教程中的 Nginx：在多核机器上，运行与核心数相同的单线程事件循环进程。这里 {n} 个工作进程从同一个共享的监听套接字接受连接，并像上面的 asyncio 一样为它们服务；它们合起来可以用满每个核心，一个进程崩溃也只影响它自己。连接怎样分到各个进程由内核决定：哪个进程先接受，连接就归谁。',
    workers:
      '没有Python时，每个连接一个线程用的是Node.js工作线程：每个都带着一整个JavaScript引擎（数MB），远多于一个操作系统线程的开销',
    threadList:
      '线程列表只显示自己报了名字的 {listed} 个线程；每个连接一个线程的服务器在保持连接期间，操作系统数到 {threads} 个线程（每个连接一个，没有名字）：上面的数字就是这个计数。',
    perConnection: '每个连接的内存 = 保持连接期间服务器常驻内存的增量 ÷ 连接数',
  },
  table: {
    server: '服务方',
    connections: '连接数',
    held: '保持住',
    threads: '服务器线程数',
    threadsChange: '{before} → {during}',
    memory: '服务器内存（MB）',
    perConnection: '每个连接（KB）',
    cpu: 'CPU（一个核心的%）',
    rtt: '往返时间中位数（毫秒）',
  },
  figure: {
    language: '语言',
    'event-loop': {
      held: '事件循环：保持住的连接',
      threads: '事件循环：服务器线程数',
      threadsBefore: '事件循环：之前的服务器线程数',
      kbPerConnection: '事件循环：每个连接KB',
      cpu: '事件循环：CPU（一个核心的%）',
      p50: '事件循环：往返时间中位数（毫秒）',
    },
    'process-per-core': {
      held: '每核一个进程：保持的连接',
      threads: '每核一个进程：单个工作进程最多的线程数',
      threadsBefore: '每核一个进程：之前每个工作进程的线程数',
      kbPerConnection: '每核一个进程：每个连接的 KB',
      cpu: '每核一个进程：所有工作进程的 CPU（单核的 %）',
      p50: '每核一个进程：往返时间中位数（毫秒）',
    },
    'thread-per-connection': {
      held: '每连接一线程：保持住的连接',
      threads: '每连接一线程：服务器线程数',
      threadsBefore: '每连接一线程：之前的服务器线程数',
      kbPerConnection: '每连接一线程：每个连接KB',
      cpu: '每连接一线程：CPU（一个核心的%）',
      p50: '每连接一线程：往返时间中位数（毫秒）',
    },
  },
}

export const asyncIo: Bilingual<typeof en> = { en, zh }
export const asyncIoMsg = messages('scenario.async-io', asyncIo)
