// pool (Pool): its title, summary, options, checks, outcome and timeline view, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Pool: N workers, more tasks',
  summary:
    "The tutorial creates Pool(4), submits 5 tasks of random length with apply_async(), then close() and join(); that is the default run here. A pool starts its workers once and hands each a new task when it finishes the last, so in the tutorial's run tasks 0–3 start at once and task 4 waits until one of them ends, then runs on that worker's pid (there, task 4 reuses the pid of task 2). That first wave is usual, not guaranteed: the tasks are queued at once and a worker takes the next as soon as it is up, so with short tasks a worker that starts early can finish task 0 and take task 4 before the last worker is running. ProcLab holds nothing back: it measures when each worker was up, and says when the tasks were too short to show a full first wave. close() means no new tasks: in Python mode apply_async() after it raises ValueError from multiprocessing itself. join() waits for every worker, and only after close(); Python mode also shows, with multiprocessing's own errors, join() before close(), a multiprocessing.Queue passed to a task (it needs a Manager's queue), and a lambda as a task (a pool pickles every task, whatever the start method, chosen in the options). Python mode runs multiprocessing.Pool; Node mode runs a small pool ProcLab writes out. Watch the timeline: one lane per worker pid, a bar per task, and never more bars at once than workers.",
  option: {
    workers: {
      label: 'Workers',
      help: 'The tutorial uses Pool(4). Pool() with no number takes the number of logical cores.',
    },
    tasks: {
      label: 'Tasks',
    },
    maxTaskMs: {
      label: 'Longest task (ms)',
      help: 'Each task sleeps a random time up to this (the tutorial: random.random() * 3 s).',
    },
  },
  check: {
    workers: "{n} worker {n:process|processes}, each a child of the pool's parent",
    allDone: 'All {t} {t:task|tasks} ran to the end',
    onWorkers: "Every task ran on one of the pool's workers, never more at once than workers",
    firstWave: 'Tasks 0–{last} started first, one per worker, all running at once',
    firstWaveOne: 'Task 0 started first, on the only worker',
    reuse: 'A task beyond the first {n} waited for a worker to finish and ran on that same pid',
    refused: 'After close(), apply_async() is refused',
    joinWaited: 'join() returned only after every task had ended and every worker had exited',
    joinBeforeClose: 'join() before close() raises ValueError',
    queueNeedsManager: "A multiprocessing.Queue cannot be passed to a pool's task; a Manager's queue can",
    tasksPickled: 'A pool pickles every task, whatever the start method ({method} here): a lambda cannot be a task',
  },
  detail: {
    workers: '{started} started, {under} with ppid {parent} ({source})',
    workersUnderServer:
      'forkserver: {started} started, {under} with ppid {server}, the fork server, whose parent is {serverPpid} ({source}); parent {parent}',
    byOs: 'as the OS reports it',
    byParent: 'as the parent reported it',
    allDone: '{done} of {t} finished',
    onWorkers:
      'at most {peak} {peak:task|tasks} at once with {n} {n:worker|workers}; {outside} {outside:task|tasks} on a pid outside the pool',
    firstWave: 'the first {n} to start: tasks {first}, on {pids} different {pids:pid|pids}, {overlap}; then {rest}',
    firstWaveOne: 'the first to start: task {task}, on pid {pid}; then {rest}',
    together: 'all running at once for {ms} ms',
    neverTogether: 'never all running at once',
    firstWaveTooShort:
      'not measurable: task {task} ran {ran} ms and ended {ended} ms after Pool(), before the last worker was up ({up} ms after Pool()); with tasks this short a worker that is up early takes the next task before the others run. By pid: {lanes}',
    none: 'none',
    reuse: 'task {task} started on pid {pid} {gap} ms after task {prev} ended there; by pid: {lanes}',
    notFreed: 'task {task} on pid {pid}: no earlier task had ended on that worker when it started; by pid: {lanes}',
    lateWorker:
      'not measurable: no task beyond the first ran on a worker that had finished one. Task {task} was the first on pid {pid}, a worker that was up only {up} ms after Pool(), after a task had ended elsewhere at {ended} ms: it waited for that worker to start, not for one to finish. By pid: {lanes}',
    overlap: 'pid {pid} ran tasks {a} and {b} at the same time; by pid: {lanes}',
    noWait: 'no task had to wait ({t} {t:task|tasks}, {n} {n:worker|workers}); by pid: {lanes}',
    refused: 'it raised {error}',
    accepted: 'the submission was accepted',
    joinWaited: 'join() returned {after} ms after the last task ended; {exited} of {n} {n:worker|workers} exited',
    raised: 'it raised {error}',
    noError: 'it raised nothing',
    notReported: 'the program did not report this round',
    queueNeedsManager: 'a multiprocessing.Queue as the argument: {queue}; a Manager().Queue(): {manager}',
    managerGot: 'the worker put "{got}" on it and the parent read it',
  },
  fact: {
    refusedNode: "After close(), apply_async() is refused: ProcLab's own Node pool throws, by how it is written",
    refusedNodeDetail: 'it threw {error}',
    nodeStart: "The start method applies to Python's multiprocessing only",
    nodeStartDetail:
      'Node.js has no fork() of a running program: each worker is a fresh Node.js process (child_process.fork()), much like spawn',
  },
  outcome: {
    summary:
      '{up} {t} {t:task|tasks} on {n} {n:worker|workers} took {wall} s; run one after another they would have taken {busy} s ({speedup}×). {then}',
    waited:
      'Task {task} waited {waited} s for a free worker and ran on pid {pid}, which had just finished task {prev}.',
    noWait: 'No task had to wait for a worker.',
    upPython:
      "{n:The only worker was|All the workers were} up {ms} ms after Pool() (start method {method}; this Python's default: {default}).",
    upNode: '{n:The only worker was|All the workers were} up {ms} ms after the pool was created.',
    upUnknown: 'When the workers were up was not reported.',
  },
  figure: {
    language: 'Language',
    parentPid: 'Parent pid',
    workers: 'Workers',
    tasks: 'Tasks',
    finished: 'Tasks finished',
    peakConcurrent: 'Most tasks at once',
    wallMs: 'Wall time (ms)',
    busyMs: 'Sum of task times (ms)',
    speedup: 'Speed-up',
    waitedMs: 'The first waiting task waited (ms)',
    joinAfterLastTaskMs: 'join() after the last task (ms)',
    startMethod: 'Start method',
    firstWorkerUpMs: 'First worker up after Pool() (ms)',
    allWorkersUpMs: 'All workers up after Pool() (ms)',
  },
  view: {
    title: 'Pool timeline',
    hint: 'one lane per worker process, one bar per task',
    waiting: 'waiting: {tasks}',
    closed: 'closed',
    joined: 'joined',
    aria: 'Which worker pid ran which task, over time',
    worker: 'worker {index}',
    state: {
      starting: 'starting',
      idle: 'idle',
      busy: 'busy',
      stopping: 'stopping',
      exited: 'exited',
    },
    bar: 'task {task} on pid {pid}: {seconds} s',
    barRunning: 'task {task} on pid {pid}: {seconds} s (running)',
    task: 'task {task}',
    seconds: '{s} s',
    closeMark: 'close()',
    joinMark: 'join() returned',
    refused: 'apply_async() after close(): refused — {error}',
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Pool：N 个工作进程，更多任务',
  summary:
    '教程创建 Pool(4)，用 apply_async() 提交 5 个随机时长的任务，然后调用 close() 和 join()；这里默认运行的就是它。进程池只启动一次工作进程，每个工作进程做完上一个任务再领下一个，所以在教程的运行中，任务 0–3 同时开始，任务 4 要等其中一个结束，再在那个工作进程的 pid 上运行（那里任务 4 复用了任务 2 的 pid）。这第一批任务同时开始是常见情况，而不是保证：任务一提交就进入队列，工作进程一启动好就领下一个任务，所以任务很短时，先启动的工作进程可能做完任务 0 又领走任务 4，而最后一个工作进程还没运行起来。ProcLab 不做任何拦截：它测量每个工作进程何时就绪，并在任务太短、看不出完整的第一批时如实说明。close() 表示不再接受新任务：在 Python 模式下，之后再调用 apply_async() 会由 multiprocessing 自己抛出 ValueError。join() 等待所有工作进程结束，而且只能在 close() 之后调用；Python 模式还会用 multiprocessing 自己的错误展示：在 close() 之前调用 join()、把 multiprocessing.Queue 传给任务（需要改用 Manager 的队列），以及用 lambda 作为任务（不论启动方式如何，进程池都要 pickle 每个任务；启动方式可在选项中选择）。Python 模式运行 multiprocessing.Pool；Node 模式运行 ProcLab 自己写出的一个小进程池。请观察时间线：每个工作进程 pid 一条泳道，每个任务一根条，同一时刻的条数从不超过工作进程数。',
  option: {
    workers: {
      label: '工作进程数',
      help: '教程用的是 Pool(4)。Pool() 不给数字时，默认大小是 CPU 的逻辑核数。',
    },
    tasks: {
      label: '任务数',
    },
    maxTaskMs: {
      label: '最长任务时长（毫秒）',
      help: '每个任务随机睡眠一段不超过这个值的时间（教程：random.random() * 3 秒）。',
    },
  },
  check: {
    workers: '{n} 个工作进程，每个都是进程池父进程的子进程',
    allDone: '全部 {t} 个任务都运行完毕',
    onWorkers: '每个任务都在进程池的某个工作进程上运行，同时运行的任务从不超过工作进程数',
    firstWave: '任务 0–{last} 最先开始，每个工作进程一个，并且同时在运行',
    firstWaveOne: '任务 0 最先开始，在唯一的工作进程上',
    reuse: '前 {n} 个之后的任务要等某个工作进程做完，再在同一个 pid 上运行',
    refused: 'close() 之后，apply_async() 被拒绝',
    joinWaited: 'join() 在所有任务结束、所有工作进程退出之后才返回',
    joinBeforeClose: '在 close() 之前调用 join() 会抛出 ValueError',
    queueNeedsManager: 'multiprocessing.Queue 不能传给进程池的任务；Manager 的队列可以',
    tasksPickled: '不论启动方式如何（这里是 {method}），进程池都要 pickle 每个任务：lambda 不能作为任务',
  },
  detail: {
    workers: '启动了 {started} 个，其中 {under} 个的 ppid 是 {parent}（{source}）',
    workersUnderServer:
      'forkserver：启动了 {started} 个，其中 {under} 个的 ppid 是 fork 服务进程 {server}，它的父进程是 {serverPpid}（{source}）；父进程 {parent}',
    byOs: '由操作系统报告',
    byParent: '由父进程报告',
    allDone: '{t} 个中完成了 {done} 个',
    onWorkers: '{n} 个工作进程，同时最多 {peak} 个任务；有 {outside} 个任务运行在进程池之外的 pid 上',
    firstWave: '最先开始的 {n} 个：任务 {first}，分布在 {pids} 个不同的 pid 上，{overlap}；之后是 {rest}',
    firstWaveOne: '最先开始的是任务 {task}，在 pid {pid} 上；之后是 {rest}',
    together: '同时运行了 {ms} 毫秒',
    neverTogether: '从未同时都在运行',
    firstWaveTooShort:
      '无法测量：任务 {task} 只运行了 {ran} 毫秒，在 Pool() 之后 {ended} 毫秒就结束了，早于最后一个工作进程就绪的时刻（Pool() 之后 {up} 毫秒）；任务这么短时，先就绪的工作进程会在其他工作进程运行之前领走下一个任务。按 pid：{lanes}',
    none: '无',
    reuse: '任务 {task} 在任务 {prev} 结束 {gap} 毫秒之后，在同一个 pid {pid} 上开始；按 pid：{lanes}',
    notFreed: '任务 {task} 在 pid {pid} 上：它开始时，这个工作进程上没有已结束的更早任务；按 pid：{lanes}',
    lateWorker:
      '无法测量：第一批之后的任务都没有在已完成过任务的工作进程上运行。任务 {task} 是 pid {pid} 上的第一个任务，这个工作进程在 Pool() 之后 {up} ms 才启动好，而别处的任务在 {ended} ms 时已结束：它等的是这个工作进程启动，而不是某个工作进程完成任务。按 pid：{lanes}',
    overlap: 'pid {pid} 同时运行了任务 {a} 和 {b}；按 pid：{lanes}',
    noWait: '没有任务需要等待（{t} 个任务，{n} 个工作进程）；按 pid：{lanes}',
    refused: '它抛出了 {error}',
    accepted: '提交被接受了',
    joinWaited: 'join() 在最后一个任务结束 {after} 毫秒后返回；{n} 个工作进程中有 {exited} 个已退出',
    raised: '它抛出了 {error}',
    noError: '它没有抛出任何错误',
    notReported: '程序没有报告这一轮的结果',
    queueNeedsManager: '以 multiprocessing.Queue 作为参数：{queue}；以 Manager().Queue() 作为参数：{manager}',
    managerGot: '工作进程往里放了 “{got}”，父进程读到了它',
  },
  fact: {
    refusedNode: 'close() 之后，apply_async() 被拒绝：这是 ProcLab 自己的 Node 进程池按其写法抛出的',
    refusedNodeDetail: '它抛出了 {error}',
    nodeStart: '启动方式只适用于 Python 的 multiprocessing',
    nodeStartDetail:
      'Node.js 不能 fork 一个正在运行的程序：每个工作进程都是一个全新的 Node.js 进程（child_process.fork()），类似 spawn',
  },
  outcome: {
    summary:
      '{up}{t} 个任务在 {n} 个工作进程上用了 {wall} 秒；如果一个接一个地运行，要用 {busy} 秒（{speedup} 倍）。{then}',
    waited: '任务 {task} 等了 {waited} 秒才有空闲的工作进程，运行在 pid {pid} 上，这个进程刚做完任务 {prev}。',
    noWait: '没有任务需要等待工作进程。',
    upPython:
      '全部 {n} 个工作进程在 Pool() 之后 {ms} 毫秒就绪（启动方式 {method}；本机 Python 的默认方式：{default}）。',
    upNode: '全部 {n} 个工作进程在进程池创建之后 {ms} 毫秒就绪。',
    upUnknown: '没有报告工作进程何时就绪。',
  },
  figure: {
    language: '语言',
    parentPid: '父进程 pid',
    workers: '工作进程数',
    tasks: '任务数',
    finished: '完成的任务数',
    peakConcurrent: '同时运行的最多任务数',
    wallMs: '总耗时（毫秒）',
    busyMs: '任务时长之和（毫秒）',
    speedup: '加速比',
    waitedMs: '第一个等待的任务等了（毫秒）',
    joinAfterLastTaskMs: '最后一个任务之后 join() 返回（毫秒）',
    startMethod: '启动方式',
    firstWorkerUpMs: 'Pool() 之后第一个工作进程就绪（毫秒）',
    allWorkersUpMs: 'Pool() 之后全部工作进程就绪（毫秒）',
  },
  view: {
    title: '进程池时间线',
    hint: '每个工作进程一条泳道，每个任务一根条',
    waiting: '等待中：{tasks}',
    closed: '已 close',
    joined: '已 join',
    aria: '哪个工作进程 pid 在什么时间运行了哪个任务',
    worker: '工作进程 {index}',
    state: {
      starting: '启动中',
      idle: '空闲',
      busy: '忙碌',
      stopping: '停止中',
      exited: '已退出',
    },
    bar: '任务 {task}，pid {pid}：{seconds} 秒',
    barRunning: '任务 {task}，pid {pid}：{seconds} 秒（运行中）',
    task: '任务 {task}',
    seconds: '{s} 秒',
    closeMark: 'close()',
    joinMark: 'join() 已返回',
    refused: 'close() 之后的 apply_async()：被拒绝 — {error}',
  },
}

export const pool: Bilingual<typeof en> = { en, zh }
export const poolMsg = messages('scenario.pool', pool)
