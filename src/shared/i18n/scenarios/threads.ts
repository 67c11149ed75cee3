// threads (多线程): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Threads: LoopThread and join()',
  summary:
    "A process is made of threads and always has at least one, the main thread. The main thread starts a second thread named LoopThread, which counts to five with a pause after each number, printing the name threading.current_thread() gives it; the main thread waits for it with join() and only then prints that it has ended. In Python this is the tutorial's own program; in Node.js, a worker thread of the scenario host. Watch the thread list: both threads belong to one process and have their own OS thread ids; LoopThread sleeps between numbers while MainThread waits in join(). The names are only labels, as the tutorial says.",
  option: {
    count: {
      label: 'Numbers to count',
    },
    pauseMs: {
      label: 'Pause after each (ms)',
    },
  },
  check: {
    oneProcess: 'Two OS threads of one process',
    joined: 'join() waited: MainThread ended only after LoopThread',
  },
  detail: {
    names: '{wrong} {wrong:line|lines} came from an OS thread other than the one their name belongs to',
    oneProcess:
      'process {pids}: MainThread tid {mainTid}, LoopThread tid {loopTid} ({tids} {tids:thread|threads} printed)',
    joined: 'MainThread ended {ms} ms after LoopThread',
    notEnded: 'a thread did not print that it ended',
  },
  fact: {
    printed:
      'Each thread printed the name threading.current_thread() gives it (LoopThread printed {n} of {count} {count:number|numbers}). The name in each line and the one the run records come from the same call in the same thread, so they always agree: a name is only a label.',
    osNameGiven:
      'Python {python} gives thread names to the OS (since 3.14): the OS calls LoopThread “{os}”, so ps -L and htop show it too (Linux keeps the first 15 bytes).',
    osNameNot:
      'Python {python} does not give thread names to the OS (that came in 3.14): the OS calls LoopThread “{os}”, the process’s name. The names in the thread list come from the program (proclab.thread(current_thread().name)).',
    osNameUnknown:
      'This system does not let a program read what the OS calls a thread, so it is not known whether Python {python} gave it the name (Python does since 3.14). The names in the thread list come from the program.',
    defaultName:
      'A thread nobody names is called “{name}” on Python {python}: since 3.10 the target function’s name is added in brackets; the tutorial’s Python printed just Thread-1.',
    namesNode:
      'Node.js worker threads are named by ProcLab, which also hands the names to the OS, so ps -L and htop show them too.',
  },
  outcome: {
    summary:
      '{where}: LoopThread (tid {loopTid}) counted to {n} in process {pid} while MainThread (tid {mainTid}) waited in join(); MainThread ended {ms} ms after LoopThread.',
    python: 'Python',
    node: 'Node.js',
    stopped: 'LoopThread finished',
  },
  figure: {
    count: 'Numbers LoopThread printed',
    pid: 'Process (pid)',
    mainTid: 'MainThread tid',
    loopTid: 'LoopThread tid',
    joinWaitMs: 'MainThread ended after LoopThread (ms)',
  },
} as const

const zh: SameShape<typeof en> = {
  title: '多线程：LoopThread 与 join()',
  summary:
    '进程由线程组成，一个进程至少有一个线程，即主线程。主线程启动第二个线程，名为 LoopThread，它从 1 数到 5，每数一个数暂停一下，并打印 threading.current_thread() 给出的线程名；主线程用 join() 等待它结束，然后才打印自己结束。Python 模式运行的就是教程中的程序；Node.js 模式用的是场景宿主进程里的一个工作线程。请看线程列表：两个线程属于同一个进程，各有自己的操作系统线程 ID；LoopThread 在两个数之间休眠，MainThread 在 join() 中等待。正如教程所说，名字仅仅是标签。',
  option: {
    count: {
      label: '数到几',
    },
    pauseMs: {
      label: '每个数之后暂停（毫秒）',
    },
  },
  check: {
    oneProcess: '同一个进程中的两个操作系统线程',
    joined: 'join() 确实等待了：MainThread 在 LoopThread 结束之后才结束',
  },
  detail: {
    names: '有 {wrong} 行来自另一个操作系统线程，而不是它所写名字对应的线程',
    oneProcess: '进程 {pids}：MainThread 线程 ID {mainTid}，LoopThread 线程 ID {loopTid}（共 {tids} 个线程打印过）',
    joined: 'MainThread 在 LoopThread 结束 {ms} 毫秒后结束',
    notEnded: '有线程没有打印自己已结束',
  },
  fact: {
    printed:
      '每个线程打印的都是 threading.current_thread() 给出的名字（LoopThread 打印了 {count} 个数中的 {n} 个）。每行里的名字和运行记录的名字出自同一个线程里的同一次调用，所以总是一致：名字只是一个标签。',
    osNameGiven:
      'Python {python} 会把线程名告诉操作系统（3.14 起）：操作系统把 LoopThread 叫作“{os}”，所以 ps -L 和 htop 也能看到（Linux 只保留前 15 个字节）。',
    osNameNot:
      'Python {python} 不会把线程名告诉操作系统（3.14 才开始这样做）：操作系统把 LoopThread 叫作“{os}”，即进程的名字。线程列表中的名字来自程序自己（proclab.thread(current_thread().name)）。',
    osNameUnknown:
      '这个系统不让程序读取操作系统给线程起的名字，所以无法知道 Python {python} 是否把名字交给了它（Python 3.14 起会这样做）。线程列表中的名字来自程序自己。',
    defaultName:
      '在 Python {python} 上，没有起名的线程叫作“{name}”：从 3.10 起，名字后面会用括号加上目标函数的名字；教程里的 Python 只打印 Thread-1。',
    namesNode: 'Node.js 工作线程的名字由 ProcLab 起，并交给操作系统，所以 ps -L 和 htop 也能看到。',
  },
  outcome: {
    summary:
      '{where}：LoopThread（线程 ID {loopTid}）在进程 {pid} 中数到了 {n}，同时 MainThread（线程 ID {mainTid}）在 join() 中等待；MainThread 在 LoopThread 结束 {ms} 毫秒后结束。',
    python: 'Python',
    node: 'Node.js',
    stopped: 'LoopThread 结束',
  },
  figure: {
    count: 'LoopThread 打印的数',
    pid: '进程（PID）',
    mainTid: 'MainThread 线程 ID',
    loopTid: 'LoopThread 线程 ID',
    joinWaitMs: 'MainThread 比 LoopThread 晚结束（毫秒）',
  },
}

export const threads: Bilingual<typeof en> = { en, zh }
export const threadsMsg = messages('scenario.threads', threads)
