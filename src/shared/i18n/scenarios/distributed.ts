// distributed (分布式进程 (managers)): its title, summary, options, checks, outcome and view, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  error: {
    remoteNeedsOptIn:
      'Listening on every interface needs the opt-in "Allow other machines to connect": other machines could connect. Read the caution first.',
    nodeLoopbackOnly: 'Node mode listens on loopback only: use Python mode to let other machines connect.',
    nodeNeedsWorker: 'Node mode needs at least 1 local worker ("Local workers" must be at least 1 there).',
    originalPythonOnly:
      'Putting into the original queue is the tutorial’s Python pitfall: choose Python, or put through the proxy.',
  },
  title: 'Distributed: a master and workers over the network',
  summary:
    "The tutorial's multiprocessing.managers example (task_master.py and task_worker.py): a master owns a task queue and a result queue and exposes them on a network address with an authkey; workers, on this machine or another, know only that address, its port and the key, connect, take numbers from the task queue and put n*n on the result queue. In Python mode the master is a QueueManager (a BaseManager subclass with get_task_queue and get_result_queue registered): manager.start() runs its server in a process of its own, which holds the queues. ProcLab starts a few local workers, and shows the exact command to start more by hand, in a terminal, with the key given in an environment variable or typed when asked. It listens on 127.0.0.1 unless you opt in to every interface. A process with the right address but a wrong key is turned away. Watch the queue sizes over time, the workers (local, by hand, or remote) and the tasks each did. Node mode runs ProcLab's own analogue (a TCP server with the same HMAC challenge).",
  caution:
    'Binding every interface (0.0.0.0) lets any machine that can reach this one try to connect to the master: the key is the only guard, and the managers protocol sends pickled data, which a client holding the key can use to run code in the master. Use it only on a network you trust, and only for the length of the run.',
  option: {
    workers: {
      label: 'Local workers',
      help: 'Workers ProcLab starts itself (task_worker.py, the same command you can type). Python mode allows 0: then start every worker by hand.',
    },
    tasks: {
      label: 'Tasks',
      help: 'The tutorial puts 10 random numbers on the task queue.',
    },
    putInto: {
      label: 'Put the tasks into (Python)',
      help: 'The tutorial warns: put through the queue manager.get_task_queue() returns, not into the original task_queue. Choose the original to see what goes wrong.',
      choice: {
        proxy: 'the proxy from manager.get_task_queue(), as the tutorial says',
        original: 'the original task_queue (the tutorial’s warning)',
      },
    },
    intruder: {
      label: 'Also try to connect with a wrong key',
    },
    taskSec: {
      label: 'Seconds per task (Python)',
      help: "The worker's time.sleep per task: the tutorial sleeps 1 s. Workers started by hand use 1 s.",
    },
    waitSec: {
      label: 'Wait for each result (s)',
      help: "The master's result.get(timeout=...): the tutorial waits 10 s. Raise it to have time to start workers by hand.",
    },
    bind: {
      label: 'Listen on',
      help: 'Loopback: only this machine can connect. Every interface: other machines can, once you opt in below (Python mode only).',
      choice: {
        loopback: 'loopback only (127.0.0.1)',
        all: 'every interface (0.0.0.0)',
      },
    },
    allowRemote: {
      label: 'Allow other machines to connect',
      help: 'Required to listen on every interface: read the warning above first.',
    },
    port: {
      label: 'Port',
      help: '0: any free port. The tutorial uses 5000.',
    },
  },
  check: {
    allAnswered: 'Every one of the {t} {t:task|tasks} came back once, with the right n*n',
    originalUnseen: 'Put into the original task_queue, the tasks never reached a worker',
    workersNode: 'The work was shared by {n} worker {n:process|processes}, each a child of the master',
    workersPython:
      'Every result came from a worker that connected with the key; the local ones are children of the master',
    wrongKey: 'A client with the wrong key was refused, and nothing was served to it',
    loopback: 'The server listened on loopback ({bind}) only',
    boundAsAsked: 'The server listened on {bind}, as opted in',
    serverProcess:
      "The queues live in the manager's own server process, a child of the master; the master itself listens nowhere",
    workersExited: 'All {w} local {w:worker|workers} exited by themselves with code 0',
    keyHidden: 'The key appeared in no output line and no command line',
  },
  detail: {
    list: '{a}, {b}',
    shareOne: '{role} (pid {pid}): {n}',
    share: '{list}; local workers with the master (pid {masterPid}) as parent: {underMaster} of {w}',
    allAnswered: 'correct: {correct} of {t}; results collected: {collected} (e.g. {example})',
    originalUnseen:
      '{local} of {t} {t:task|tasks} still sat in task_master’s own queue; the server’s queue, which the workers read, held {server}; {results} {results:result|results} came back',
    allAnsweredTimedOut:
      'correct: {correct} of {t}; results collected: {collected} (e.g. {example}); then the result queue stayed empty for the whole wait',
    workersNode: '{share} ({how}); results from unknown pids: {strangers}',
    workersPython:
      '{share} ({how}); started by hand: {hand} (on other machines: {remote}), results they computed: {handDone}; results from unknown pids: {strangers}',
    byOs: 'parents as the OS reports them',
    byMaster: 'parents as the master reported them',
    authError: 'its connect() raised AuthenticationError',
    told: 'the server told it so',
    neverRefused: 'never refused',
    wrongKeyPython: 'intruder pid {pid}: {said}; results it computed: {received}; exit code {exit}',
    wrongKeyNode:
      'intruder pid {pid}: {said}; tasks it received: {received}; the server refused {refused} {refused:connection|connections}, served them {served} {served:item|items} and ignored {ignored} {ignored:request|requests} sent after the wrong answer',
    whoServer: "the manager's server process",
    whoMaster: 'the master',
    bound: 'bound to {at}; the kernel lists {who} listening on: {kernel}',
    boundNoProc: 'bound to {at} ({who}); this system has no /proc to confirm it',
    serverProcess:
      'server pid {server}, its parent pid {parent} (the master is pid {master}); the master listens on: {masterListens}; the server ended at shutdown() with {exit}',
    nowhere: 'nothing',
    exitCode: 'pid {pid}: code {code}',
    exitSignal: 'pid {pid}: {signal}',
    noLocalWorkers: 'no local workers in this run',
    keyHidden:
      'lines of output read: {lines}, with the key: {inOutput}; command lines read from the OS: {argv}, with the key: {inArgv}',
    keyHiddenNoArgv:
      'lines of output read: {lines}, with the key: {inOutput}; this system does not show other processes\u2019 command lines',
  },
  fact: {
    importQueue:
      'Changed from the tutorial: task_worker.py imports queue and catches queue.Empty. The tutorial catches Queue.Empty without importing anything called Queue, so when a worker finds the task queue empty, the except clause itself raises NameError and the worker dies with a traceback instead of ending (the second worker of two, whose queue runs dry first, always does).',
    originalPitfall:
      'The tasks are put through the proxy that manager.get_task_queue() returns, as the tutorial insists: the original task_queue is an object of task_master’s own process, while the queues the workers reach live in the manager’s server process. Run with “the original task_queue” to see the mistake.',
    originalRun:
      'The tutorial’s pitfall, run: the tasks went into task_master’s own task_queue. The manager’s server process has its own copy of that queue (forked before the puts, or built anew under spawn), and that copy is the only one the workers reach: they wait, find nothing, and end; the master waits for results that never come.',
    managers:
      'The master is the tutorial\u2019s QueueManager: a BaseManager subclass with get_task_queue and get_result_queue registered (as top-level functions: the tutorial\u2019s lambdas cannot be pickled where the server process is spawned, as on macOS, Windows and Python 3.14). Changed from the tutorial for that reason; the Process/join scenario\u2019s start-method option shows what spawn requires, and a lambda failing there for real.',
    keyTransport:
      'ProcLab makes a new key for each run. Local workers get it in their environment (TASK_AUTHKEY); a worker started by hand reads it from there or asks for it. Over the network only a challenge and its HMAC travel, never the key.',
    nodeProtocol:
      'Node has no managers module: ProcLab\u2019s master speaks its own line protocol with the same HMAC challenge, and its workers are its own children on loopback.',
  },
  outcome: {
    python:
      'Master {master} ran a QueueManager whose server process {server} served the queues on {at}; {w} local {w:worker|workers} and {hand} started by hand computed {results} of {t} {t:square|squares} in {sec} s.',
    node: 'Master {master} served its queues on {at}; {w} {w:worker|workers} computed {results} of {t} {t:square|squares} in {sec} s.',
  },
  figure: {
    language: 'language',
    masterPid: 'master pid',
    address: 'address',
    port: 'port',
    workers: 'local workers',
    tasks: 'tasks',
    results: 'results',
    correct: 'correct results',
    workerPids: 'workers that computed results',
    refused: 'connections refused',
    servedToRefused: 'items served to a refused client',
    intruderPid: 'intruder pid',
    intruderExitCode: 'intruder exit code',
    wallMs: 'time from tasks put to results collected (ms)',
    maxTaskQueue: 'largest task queue',
    serverPid: 'manager server pid',
    handWorkers: 'workers started by hand',
    remoteWorkers: 'workers on other machines',
    keyLeaks: 'places the key was seen',
  },
  view: {
    queues: 'Queue sizes',
    taskQueue: 'task queue',
    resultQueue: 'result queue',
    now: 'now: task queue {task}, result queue {result}',
    noSamples: 'no samples yet',
    workers: 'Workers',
    kind: {
      local: 'local',
      hand: 'by hand',
      remote: 'remote',
    },
    state: {
      working: 'working',
      gone: 'gone',
    },
    col: {
      kind: 'started',
      host: 'host',
      pid: 'pid',
      done: 'tasks done',
      state: 'state',
    },
    noWorkers: 'no worker has connected yet',
    results: 'results: {n} of {t}',
    join: 'Start another worker by hand',
    joinHelp:
      'Paste this into a terminal on this machine{remote}. It reads the key from {file}, which only you can read and which is removed when the run ends; the key itself is never shown here, recorded or exported.',
    joinRemote:
      ', or on another machine that has a copy of task_worker.py (the Source pane shows it): there, leave out --key-file and type the key when asked, or set it in the environment variable {env}',
    copy: 'copy',
    copied: 'copied',
    server: "manager's server process: pid {pid}",
    address: 'listening on {address}',
    exposed: 'Listening on every interface: other machines can connect with the key.',
  },
} as const

const zh: SameShape<typeof en> = {
  error: {
    remoteNeedsOptIn: '监听所有网络接口需要先勾选“允许其他机器连接”：其他机器将能够连接。请先阅读上面的警告。',
    nodeLoopbackOnly: 'Node 模式只监听本机回环地址：要让其他机器连接，请使用 Python 模式。',
    nodeNeedsWorker: 'Node 模式至少需要 1 个本地 Worker（那里的“本地 Worker 数”至少为 1）。',
    originalPythonOnly: '放进原始队列是教程中 Python 的陷阱：请选择 Python，或者通过代理放入。',
  },
  title: '分布式进程：Master 与网络上的 Worker',
  summary:
    '教程中 multiprocessing.managers 的例子（task_master.py 和 task_worker.py）：Master 拥有一个任务队列和一个结果队列，用验证码把它们暴露在一个网络地址上；Worker 可以在本机，也可以在另一台机器上，它们只知道这个地址、端口和验证码，连接上之后从任务队列取数字，把 n*n 放进结果队列。Python 模式下 Master 使用 QueueManager(BaseManager)，注册了 get_task_queue 和 get_result_queue：manager.start() 在一个单独的进程里运行它的服务端，队列就在那个进程里。ProcLab 会启动几个本地 Worker，并给出一条完整的命令，让你在终端里手动再启动更多 Worker，验证码通过环境变量给出，或在提示时输入。默认只监听 127.0.0.1，除非你明确选择监听所有网络接口。地址正确但验证码错误的进程会被拒绝。观察队列大小随时间的变化、各个 Worker（本地的、手动启动的或远程的）以及每个 Worker 完成的任务数。Node 模式运行 ProcLab 自己的对照实现（一个采用同样挑战-应答验证的网络服务）。',
  caution:
    '监听所有网络接口（0.0.0.0）意味着任何能访问本机的机器都可以尝试连接 Master：验证码是唯一的防线，而且 multiprocessing.managers 协议用 pickle.dumps 传送数据，持有验证码的客户端可以借此在 Master 中执行代码。只在你信任的网络中使用，并且只在运行期间开放。',
  option: {
    workers: {
      label: '本地 Worker 数',
      help: 'ProcLab 自己启动的 Worker（task_worker.py，和你可以手动输入的命令相同）。Python 模式允许为 0：此时所有 Worker 都由你手动启动。',
    },
    tasks: {
      label: '任务数',
      help: '教程往任务队列里放 10 个随机数。',
    },
    putInto: {
      label: '把任务放进（Python）',
      help: '教程提醒：要通过 manager.get_task_queue() 返回的队列放入任务，而不是原始的 task_queue。选择原始队列，看看会出什么问题。',
      choice: {
        proxy: 'manager.get_task_queue() 返回的代理，如教程所说',
        original: '原始的 task_queue（教程警告的做法）',
      },
    },
    intruder: {
      label: '同时用错误的验证码尝试连接',
    },
    taskSec: {
      label: '每个任务的秒数（Python）',
      help: 'Worker 每个任务的 time.sleep：教程中是 1 秒。手动启动的 Worker 使用 1 秒。',
    },
    waitSec: {
      label: '每个结果的等待时间（秒）',
      help: 'Master 的 result.get(timeout=...)：教程中等待 10 秒。调大它，就有时间手动启动 Worker。',
    },
    bind: {
      label: '监听地址',
      help: '回环地址：只有本机能连接。所有网络接口：在下面明确同意之后，其他机器也能连接（仅 Python 模式）。',
      choice: {
        loopback: '仅回环地址（127.0.0.1）',
        all: '所有网络接口（0.0.0.0）',
      },
    },
    allowRemote: {
      label: '允许其他机器连接',
      help: '监听所有网络接口时必须勾选：请先阅读上面的警告。',
    },
    port: {
      label: '端口',
      help: '0：任意空闲端口。教程使用 5000。',
    },
  },
  check: {
    allAnswered: '全部 {t} 个任务都只返回了一次，且 n*n 正确',
    originalUnseen: '放进原始的 task_queue 后，任务从未到达任何工作进程',
    workersNode: '工作由 {n} 个 Worker 进程分担，每个都是 Master 的子进程',
    workersPython: '每个结果都来自用验证码连接上的 Worker；本地 Worker 都是 Master 的子进程',
    wrongKey: '验证码错误的客户端被拒绝，没有得到任何数据',
    loopback: '服务端只监听回环地址（{bind}）',
    boundAsAsked: '服务端按你的选择监听 {bind}',
    serverProcess: '队列位于 manager.start() 启动的服务进程中，它是 Master 的子进程；Master 本身不监听任何端口',
    workersExited: '全部 {w} 个本地 Worker 都自行以退出码 0 结束',
    keyHidden: '验证码没有出现在任何输出行和任何命令行中',
  },
  detail: {
    list: '{a}，{b}',
    shareOne: '{role}（PID {pid}）：{n}',
    share: '{list}；父进程为 Master（PID {masterPid}）的本地 Worker：{underMaster} / {w}',
    allAnswered: '正确：{correct} / {t}；收到结果：{collected}（例如 {example}）',
    originalUnseen:
      '{t} 个任务中有 {local} 个仍留在 task_master 自己的队列里；工作进程读取的服务器队列里有 {server} 个；收回的结果有 {results} 个',
    allAnsweredTimedOut:
      '正确：{correct} / {t}；收到结果：{collected}（例如 {example}）；之后结果队列在整个等待时间内一直为空',
    workersNode: '{share}（{how}）；来自未知 PID 的结果：{strangers}',
    workersPython:
      '{share}（{how}）；手动启动的：{hand}（在其他机器上的：{remote}），它们算出的结果：{handDone}；来自未知 PID 的结果：{strangers}',
    byOs: '父进程以操作系统报告为准',
    byMaster: '父进程以 Master 报告为准',
    authError: '它的 connect() 抛出了 multiprocessing.AuthenticationError',
    told: '服务端明确告知它被拒绝',
    neverRefused: '从未被拒绝',
    wrongKeyPython: '入侵者 PID {pid}：{said}；它算出的结果：{received}；退出码 {exit}',
    wrongKeyNode:
      '入侵者 PID {pid}：{said}；它收到的任务：{received}；服务端拒绝了 {refused} 个连接，给它们提供了 {served} 项数据，忽略了答错之后发来的 {ignored} 个请求',
    whoServer: 'manager.start() 启动的服务进程',
    whoMaster: 'Master',
    bound: '绑定在 {at}；内核列出{who}正在监听：{kernel}',
    boundNoProc: '绑定在 {at}（{who}）；本系统没有 /proc 可供核实',
    serverProcess:
      '服务进程 PID {server}，其父进程 PID {parent}（Master 是 PID {master}）；Master 监听的地址：{masterListens}；服务进程在 shutdown() 时结束，结果为 {exit}',
    nowhere: '无',
    exitCode: 'PID {pid}：退出码 {code}',
    exitSignal: 'PID {pid}：{signal}',
    noLocalWorkers: '这次运行没有本地 Worker',
    keyHidden:
      '读取的输出行：{lines}，其中含验证码的：{inOutput}；从操作系统读取的命令行：{argv}，其中含验证码的：{inArgv}',
    keyHiddenNoArgv: '读取的输出行：{lines}，其中含验证码的：{inOutput}；本系统看不到其他进程的命令行',
  },
  fact: {
    importQueue:
      '与教程不同之处：task_worker.py 导入了 queue 并捕获 queue.Empty。教程捕获的是 Queue.Empty，却没有导入任何叫 Queue 的东西，所以当 Worker 发现任务队列为空时，except 子句本身就会抛出 NameError，Worker 带着错误堆栈死掉，而不是正常结束（两个 Worker 中先遇到空队列的那个必然如此）。',
    originalPitfall:
      '任务是通过 manager.get_task_queue() 返回的代理放入的，正如教程所强调：原始的 task_queue 是 task_master 自己进程里的对象，而 Worker 能访问的队列在 manager 的服务器进程里。选择“原始的 task_queue”运行，可以看到这个错误。',
    originalRun:
      '教程中的陷阱，真实运行：任务被放进了 task_master 自己的 task_queue。manager 的服务器进程有这个队列自己的一份（在放入之前 fork 出来，或在 spawn 下重新创建），Worker 只能访问那一份：它们等待，什么也拿不到，然后结束；Master 则一直等待永远不会来的结果。',
    managers:
      'Master 用的就是教程中的 QueueManager(BaseManager)，注册了 get_task_queue 和 get_result_queue（注册的是模块顶层函数：在 macOS、Windows 和 Python 3.14 上，服务进程不是用 os.fork() 复制出来的，而是接收 pickle.dumps 序列化的数据，教程中的匿名函数无法被序列化）。出于这个原因，这里与教程不同；Process/join 场景的启动方式选项演示了 spawn 的要求，以及匿名函数在那里真实地失败。',
    keyTransport:
      'ProcLab 每次运行都生成一个新的验证码。本地 Worker 从环境变量（TASK_AUTHKEY）中得到它；手动启动的 Worker 从这个环境变量读取，或提示你输入。网络上传送的只是一个随机挑战和用验证码算出的应答，从不传送验证码本身。',
    nodeProtocol:
      'Node 没有 multiprocessing.managers 这样的模块：ProcLab 的 Master 使用自己的按行协议，采用同样的挑战-应答验证，它的 Worker 都是它自己在回环地址上的子进程。',
  },
  outcome: {
    python:
      'Master {master} 用 manager.start() 启动的服务进程 {server} 在 {at} 上提供队列；{w} 个本地 Worker 和 {hand} 个手动启动的 Worker 在 {sec} 秒内算出了 {t} 个平方中的 {results} 个。',
    node: 'Master {master} 在 {at} 上提供队列；{w} 个 Worker 在 {sec} 秒内算出了 {t} 个平方中的 {results} 个。',
  },
  figure: {
    language: '语言',
    masterPid: 'Master 的 PID',
    address: '地址',
    port: '端口',
    workers: '本地 Worker 数',
    tasks: '任务数',
    results: '结果数',
    correct: '正确的结果',
    workerPids: '算出结果的 Worker 数',
    refused: '被拒绝的连接',
    servedToRefused: '提供给被拒绝客户端的数据项',
    intruderPid: '入侵者的 PID',
    intruderExitCode: '入侵者的退出码',
    wallMs: '从放入任务到收齐结果的时间（毫秒）',
    maxTaskQueue: '任务队列的最大长度',
    serverPid: '服务进程（manager.start()）的 PID',
    handWorkers: '手动启动的 Worker 数',
    remoteWorkers: '其他机器上的 Worker 数',
    keyLeaks: '发现验证码的位置数',
  },
  view: {
    queues: '队列大小',
    taskQueue: '任务队列',
    resultQueue: '结果队列',
    now: '当前：任务队列 {task}，结果队列 {result}',
    noSamples: '还没有采样',
    workers: 'Worker',
    kind: {
      local: '本地',
      hand: '手动启动',
      remote: '远程',
    },
    state: {
      working: '工作中',
      gone: '已退出',
    },
    col: {
      kind: '启动方式',
      host: '主机',
      pid: 'PID',
      done: '完成的任务',
      state: '状态',
    },
    noWorkers: '还没有 Worker 连接',
    results: '结果：{n} / {t}',
    join: '手动再启动一个 Worker',
    joinHelp:
      '把这条命令粘贴到本机的终端中运行{remote}。它从 {file} 读取验证码，这个文件只有你能读，运行结束时会被删除；验证码本身从不在这里显示，也不会被录制或导出。',
    joinRemote:
      '，或在另一台有 task_worker.py 副本的机器上运行（源代码面板中可以看到它）：在那里去掉 --key-file，在提示时输入验证码，或把它放进环境变量 {env}',
    copy: '复制',
    copied: '已复制',
    server: '服务进程（manager.start()）：PID {pid}',
    address: '监听地址：{address}',
    exposed: '正在监听所有网络接口：其他机器可以用验证码连接。',
  },
}

export const distributed: Bilingual<typeof en> = { en, zh }
export const distributedMsg = messages('scenario.distributed', distributed)
