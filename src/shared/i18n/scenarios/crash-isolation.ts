// crash-isolation (进程 vs 线程): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  error: {
    noWorker: 'There is no worker {worker}: this run has {count}',
    notRunning: 'Worker {worker} is not running right now ({state})',
    unreachable: 'Worker {worker} cannot be reached right now',
    runEnded: 'Run {runId} is not running',
    crashMissing: 'Worker {worker} cannot crash by {how} in this run: {why}',
  },
  check: {
    crashProcess: 'Crash {n}: {how} in worker process {worker}',
    crashThread: 'Crash {n}: {how} in worker thread {worker}',
    requeued: 'Every task lost in a crash was re-queued and done again',
    noCrash: 'Crash a worker (action "Crash a worker") to test isolation',
  },
  crash: {
    exception: 'an uncaught exception',
    abort: 'abort()',
    segfault: 'a segfault (reading address 0)',
    sigkill: 'SIGKILL',
    oom: 'running out of memory',
  },
  expect: {
    exception: 'a non-zero exit code and no signal',
    abort: 'SIGABRT',
    segfault: 'SIGSEGV',
    sigkill: 'SIGKILL',
    oom: 'out of memory',
  },
  exit: {
    clean: 'exited cleanly (code 0)',
    code: 'exited with code {code}',
    killed: 'was killed by {signal}',
    crashed: 'crashed ({signal})',
    crashedCode: 'crashed (code {code})',
    oom: 'ran out of memory',
    failed: 'failed to launch',
    thread: 'ended (exit code {code}) while its process lived on',
    threadError: 'ended with an uncaught {error} while its process lived on',
  },
  who: {
    process: 'pid {pid}',
    thread: 'thread {id}',
  },
  detail: {
    notDied: 'worker {worker} did not die within {sec} s',
    expected: ' (expected {what})',
    host: 'the host process {exit}{expected}: threads in it: {workers}; tasks the other threads finished in it before the crash: {before}, after it: {after}; tasks in flight lost: {lost}. {then}',
    hostLived: 'lived on, only the thread {exit}',
    hostRestarted: 'ProcLab restarted the host as pid {pid}, its threads ready {ms} ms after the crash.',
    hostNotRestarted: 'Nothing restarted it: the master was a thread of the same process.',
    alone:
      '{who} {exit}{expected}{others}; the master and the other workers carried on (tasks they finished in the next {sec} s: {after}); {task}; {then}',
    collateral: ', and other workers died with it: {n}',
    taskLost: 'its task {task} was lost and re-queued',
    idle: 'it was idle, no task lost',
    restartedPid: 'restarted as pid {pid}, ready {ms} ms after it died',
    restartedThread: 'restarted as thread {id}, ready {ms} ms after it died',
    notRestarted: 'not restarted',
    requeued: 'lost: {lost}, done again on a retry: {retried}',
    requeuedWaiting: 'lost: {lost}, done again on a retry: {retried}, still waiting when the run ended: {waiting}',
    noCrash: 'no crash was ordered in this run',
    masterDied: 'tasks lost with the process: {lost}; no master was left to queue them again',
  },
  fact: {
    servers:
      'The tutorial’s examples from real servers: Apache started with the multi-process model (a parent listens on the port and each request is served by a child process it forked), so a crashing child takes only itself down; Microsoft’s IIS used threads by default, more efficient on Windows but less stable for the same reason this run shows in thread mode. Both now mix the two: a few processes, each with several threads.',
    faultPython:
      'The segfault is a real fault: ctypes.string_at(0) reads memory at address 0 and the OS sends SIGSEGV to the process.',
    faultNode:
      'The segfault is a real fault where the native library loads (koffi calls C strlen(NULL), reading address 0); elsewhere the worker sends itself SIGSEGV.',
    masterDied: 'In thread mode the master is a thread of the same process: it died with the worker that crashed.',
  },
  outcome: {
    processes:
      '{workers} worker {workers:process|processes}: tasks done {completed}, lost {lost} in {crashes} {crashes:crash|crashes}, retried {retried}, restarts {restarts}. ProcLab (pid {pid}) carried on throughout.',
    threads:
      '{workers} worker {workers:thread|threads} in one host process: tasks done {completed}, lost {lost} in {crashes} {crashes:crash|crashes}, retried {retried}, restarts {restarts}, host deaths {hostDeaths}. ProcLab (pid {pid}) carried on throughout.',
    masterDied:
      '{workers} worker {workers:thread|threads} in one Python process: tasks done {completed}; then the process {exit}, and the master and every worker thread ended with it (tasks in flight lost: {lost}). ProcLab (pid {pid}) carried on.',
  },
  figure: {
    language: 'language',
    mode: 'workers are',
    workers: 'workers',
    completed: 'tasks done',
    lost: 'tasks lost',
    retried: 'tasks retried',
    unfinished: 'lost tasks left undone',
    crashes: 'crashes',
    restarts: 'restarts',
    hostDeaths: 'host process deaths',
    masterDied: 'the master died',
    firstExitSignal: 'first victim: signal',
    firstExitCode: 'first victim: exit code',
    proclabPid: 'ProcLab pid',
  },
  why: {
    stopped: 'the run is stopping',
    beforeReady: 'it failed before it was ready, and would fail again',
    clean: 'it exited cleanly',
    gaveUp: 'it crashed too often in a short time: giving up',
  },
  event: {
    timeUp: 'time is up: no new tasks; waiting for the last ones',
    crash: 'crash {n}: {how} in worker {worker}',
    diedProcess: 'worker {worker} (pid {pid}) {exit}',
    diedThread: 'worker {worker} (thread {tid}, pid {pid}) {exit}',
    taskLost: 'worker {worker}: task {task} lost and re-queued',
    restarting: '{who}: restarting in {ms} ms (attempt {attempt})',
    notRestarted: '{who}: not restarted: {why}',
    oneWorker: 'worker {worker}',
    allWorkers: 'all {n} {n:worker|workers}',
    masterDied: 'the Python process {exit}: the master and every worker thread with it',
    notOffered: 'not offered in this run: {how}. {why}',
  },
  view: {
    completed: 'done',
    lost: 'lost',
    retried: 'retried',
    restarts: 'restarts',
    queued: 'queued',
    master: 'master',
    masterNode: 'inside ProcLab · keeps the task queue',
    masterPythonProcesses: 'Python process · keeps the task queue',
    masterPythonThreads: 'main thread of the process below',
    host: 'host process',
    worker: 'worker {n}',
    thread: 'thread {id}',
    pid: 'pid {pid}',
    doneCount: '{n} done',
    task: 'task {task}',
    state: {
      starting: 'starting',
      idle: 'idle',
      busy: 'busy',
      restarting: 'restarting',
      dead: 'dead',
    },
  },
  title: 'Crash isolation: processes vs threads',
  summary:
    'The tutorial\'s Master-Worker comparison (进程 vs 线程): with processes, a crashing worker takes only itself down, and the master and the other workers carry on; with threads, "any thread that dies can take the whole process with it, because all threads share its memory". A master feeds small tasks to W workers, as W processes or as W threads of one process. Crash a worker with the action below and watch who survives. In Python mode the master is a Python program (multiprocessing.Process or threading.Thread workers) and a segfault is a real fault, ctypes.string_at(0): in process mode the master sees that worker\'s exitcode -11 (SIGSEGV), re-queues its task, starts a new worker and carries on; in thread mode the OS ends the whole process, master and every thread. In Node mode the master runs inside ProcLab, and the thread host is restarted. An uncaught exception ends only its own thread or process. Completed, lost and retried tasks are counted, and each verdict is measured: how the process ended as the OS reports it, and whether the other workers finished tasks after the crash.',
  option: {
    mode: {
      label: 'Worker kind',
      choice: {
        processes: 'processes',
        threads: 'threads',
      },
    },
    workers: {
      label: 'Workers',
    },
    durationSec: {
      label: 'Run for (s)',
      help: 'Then the master stops handing out new tasks, lets the last ones finish and ends.',
    },
    taskMs: {
      label: 'Longest task (ms)',
      help: 'Each task takes a random time up to this.',
    },
  },
  action: {
    crash: {
      label: 'Crash a worker',
      option: {
        how: {
          label: 'How',
          help: 'exception: an uncaught error; abort: C abort(), SIGABRT; segfault: read address 0, SIGSEGV; sigkill: kill -9; oom: allocate until memory runs out (Node: the heap limit; Python: MemoryError).',
          choice: {
            exception: 'exception',
            abort: 'abort',
            segfault: 'segfault',
            sigkill: 'sigkill',
            oom: 'oom',
          },
        },
        worker: {
          label: 'Worker',
        },
      },
    },
  },
} as const

const zh: SameShape<typeof en> = {
  error: {
    noWorker: '没有 Worker {worker}：这次运行只有 {count} 个',
    notRunning: 'Worker {worker} 现在没有在运行（{state}）',
    unreachable: '现在联系不上 Worker {worker}',
    runEnded: '运行 {runId} 已经不在运行',
    crashMissing: '这次运行中 Worker {worker} 不能以{how}的方式崩溃：{why}',
  },
  title: '崩溃隔离：多进程 vs 多线程',
  summary:
    '教程“进程 vs 线程”一节中的 Master-Worker 对比：用多进程时，一个子进程崩溃只会让它自己死掉，Master 和其他 Worker 照常运行；用多线程时，“任何一个线程挂掉都可能直接造成整个进程崩溃，因为所有线程共享进程的内存”。Master 把小任务分给 W 个 Worker，它们是 W 个进程，或同一个进程里的 W 个线程。用下面的操作让一个 Worker 崩溃，看谁能活下来。Python 模式下 Master 是一个 Python 程序（Worker 用 multiprocessing.Process 或 threading.Thread），段错误是真实的故障 ctypes.string_at(0)：多进程模式下 Master 看到该 Worker 的 p.exitcode 为 -11（SIGSEGV），把它的任务重新排队，启动新的 Worker 后继续工作；多线程模式下操作系统结束整个进程，Master 和所有线程一起结束。Node 模式下 Master 运行在 ProcLab 内部，线程宿主进程会被重启。未捕获的异常只结束它自己的线程或进程。完成、丢失和重试的任务都会计数，每个结论都来自测量：操作系统报告的进程结束方式，以及崩溃之后其他 Worker 是否还在完成任务。',
  check: {
    crashProcess: '第 {n} 次崩溃：工作进程 {worker} 中的{how}',
    crashThread: '第 {n} 次崩溃：工作线程 {worker} 中的{how}',
    requeued: '每个因崩溃丢失的任务都重新排队并重新完成',
    noCrash: '请用“让一个 Worker 崩溃”操作让 Worker 崩溃，才能检验隔离',
  },
  crash: {
    exception: '未捕获的异常',
    abort: 'abort()',
    segfault: '段错误（读取地址 0）',
    sigkill: 'SIGKILL',
    oom: '内存耗尽',
  },
  expect: {
    exception: '非零退出码且没有信号',
    abort: 'SIGABRT',
    segfault: 'SIGSEGV',
    sigkill: 'SIGKILL',
    oom: '内存耗尽',
  },
  exit: {
    clean: '正常退出（退出码 0）',
    code: '以退出码 {code} 退出',
    killed: '被 {signal} 杀死',
    crashed: '崩溃（{signal}）',
    crashedCode: '崩溃（退出码 {code}）',
    oom: '内存耗尽',
    failed: '启动失败',
    thread: '结束（退出码 {code}），而它所在的进程继续运行',
    threadError: '因未捕获的 {error} 结束，而它所在的进程继续运行',
  },
  who: {
    process: 'PID {pid}',
    thread: '线程 {id}',
  },
  detail: {
    notDied: 'Worker {worker} 在 {sec} 秒内没有死掉',
    expected: '（预期：{what}）',
    host: '宿主进程{exit}{expected}：其中有 {workers} 个线程；崩溃之前其他线程在这个进程里完成了 {before} 个任务，崩溃之后完成了 {after} 个；丢失的进行中任务：{lost}。{then}',
    hostLived: '继续运行，只有这个线程{exit}',
    hostRestarted: 'ProcLab 把宿主进程重启为 PID {pid}，崩溃后 {ms} 毫秒其线程就绪。',
    hostNotRestarted: '没有谁重启它：Master 本身就是同一个进程里的线程。',
    alone:
      '{who}{exit}{expected}{others}；Master 和其他 Worker 照常运行，在之后 {sec} 秒内完成了 {after} 个任务；{task}；{then}',
    collateral: '，另有 {n} 个 Worker 随之死掉',
    taskLost: '它手上的任务 {task} 丢失并重新排队',
    idle: '它当时空闲，没有丢失任务',
    restartedPid: '已重启为 PID {pid}，死后 {ms} 毫秒就绪',
    restartedThread: '已重启为线程 {id}，死后 {ms} 毫秒就绪',
    notRestarted: '没有重启',
    requeued: '丢失：{lost}，重试后完成：{retried}',
    requeuedWaiting: '丢失：{lost}，重试后完成：{retried}，运行结束时仍在等待：{waiting}',
    noCrash: '这次运行没有下达崩溃命令',
    masterDied: '随进程丢失的任务：{lost}；已经没有 Master 能把它们重新排队',
  },
  fact: {
    servers:
      '教程里真实服务器的例子：Apache 最早采用多进程模式（父进程监听端口，每个请求由它 fork 出的子进程处理），一个子进程崩溃只会让它自己结束；微软的 IIS 默认采用多线程模式，在 Windows 下效率更高，但稳定性不如 Apache，原因正是本次运行在多线程模式下所展示的。如今两者都采用多进程 + 多线程的混合模式：几个进程，每个进程里有多个线程。',
    faultPython: '这里的段错误是真实的故障：ctypes.string_at(0) 读取地址 0 处的内存，操作系统向整个进程发送 SIGSEGV。',
    faultNode:
      '在能加载原生库的地方，段错误是真实的故障（调用 C 函数 strlen(NULL)，读取地址 0）；否则 Worker 给自己发送 SIGSEGV。',
    masterDied: '多线程模式下，Master 是同一个进程里的一个线程：它随崩溃的工作线程一起死掉了。',
  },
  outcome: {
    processes:
      '{workers} 个工作进程：完成任务 {completed} 个，{crashes} 次崩溃中丢失 {lost} 个，重试 {retried} 个，重启 {restarts} 次。ProcLab（PID {pid}）始终正常运行。',
    threads:
      '一个宿主进程中的 {workers} 个工作线程：完成任务 {completed} 个，{crashes} 次崩溃中丢失 {lost} 个，重试 {retried} 个，重启 {restarts} 次，宿主进程死亡 {hostDeaths} 次。ProcLab（PID {pid}）始终正常运行。',
    masterDied:
      '一个 Python 进程中的 {workers} 个工作线程：完成任务 {completed} 个；随后该进程{exit}，Master 和所有工作线程都随之结束（丢失的进行中任务：{lost}）。ProcLab（PID {pid}）照常运行。',
  },
  figure: {
    language: '语言',
    mode: 'Worker 形式',
    workers: 'Worker 数',
    completed: '完成的任务',
    lost: '丢失的任务',
    retried: '重试的任务',
    unfinished: '未完成的丢失任务',
    crashes: '崩溃次数',
    restarts: '重启次数',
    hostDeaths: '宿主进程死亡次数',
    masterDied: 'Master 已死',
    firstExitSignal: '第一个受害者：信号',
    firstExitCode: '第一个受害者：退出码',
    proclabPid: 'ProcLab 的 PID',
  },
  why: {
    stopped: '运行正在停止',
    beforeReady: '它在就绪之前就失败了，重启也会再次失败',
    clean: '它正常退出了',
    gaveUp: '它在短时间内崩溃次数太多：放弃重启',
  },
  event: {
    timeUp: '时间到：不再分配新任务，等待最后几个任务完成',
    crash: '第 {n} 次崩溃：Worker {worker} 中的{how}',
    diedProcess: 'Worker {worker}（PID {pid}）{exit}',
    diedThread: 'Worker {worker}（线程 {tid}，PID {pid}）{exit}',
    taskLost: 'Worker {worker}：任务 {task} 丢失并重新排队',
    restarting: '{who}：{ms} 毫秒后重启（第 {attempt} 次尝试）',
    notRestarted: '{who}：不再重启：{why}',
    oneWorker: 'Worker {worker}',
    allWorkers: '全部 {n} 个 Worker',
    masterDied: 'Python 进程{exit}：Master 和所有工作线程随之结束',
    notOffered: '这次运行不提供：{how}。{why}',
  },
  view: {
    completed: '已完成',
    lost: '已丢失',
    retried: '已重试',
    restarts: '重启',
    queued: '排队中',
    master: 'Master',
    masterNode: '在 ProcLab 内部 · 持有任务队列',
    masterPythonProcesses: 'Python 进程 · 持有任务队列',
    masterPythonThreads: '下方进程的主线程',
    host: '宿主进程',
    worker: 'Worker {n}',
    thread: '线程 {id}',
    pid: 'PID {pid}',
    doneCount: '完成 {n} 个',
    task: '任务 {task}',
    state: {
      starting: '启动中',
      idle: '空闲',
      busy: '忙碌',
      restarting: '重启中',
      dead: '已死',
    },
  },
  option: {
    mode: {
      label: 'Worker 的形式',
      choice: {
        processes: '进程',
        threads: '线程',
      },
    },
    workers: {
      label: 'Worker 数量',
    },
    durationSec: {
      label: '运行时长（秒）',
      help: '之后 Master 不再分配新任务，等最后几个任务完成后结束。',
    },
    taskMs: {
      label: '最长任务时间（毫秒）',
      help: '每个任务耗时是不超过这个值的随机时间。',
    },
  },
  action: {
    crash: {
      label: '让一个 Worker 崩溃',
      option: {
        how: {
          label: '方式',
          help: '未捕获的异常；abort()：C 的 abort()，SIGABRT；段错误：读取地址 0，SIGSEGV；SIGKILL：与 os.kill(pid, 9) 相同；内存耗尽：不停分配内存直到耗尽（Node：堆上限；Python：内存错误异常）。',
          choice: {
            exception: '未捕获的异常',
            abort: 'abort()（中止）',
            segfault: '段错误（读取地址 0）',
            sigkill: 'SIGKILL',
            oom: '内存耗尽',
          },
        },
        worker: {
          label: 'Worker',
        },
      },
    },
  },
}

export const crashIsolation: Bilingual<typeof en> = { en, zh }
export const crashIsolationMsg = messages('scenario.crash-isolation', crashIsolation)
