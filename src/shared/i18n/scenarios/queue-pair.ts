// queue-pair (进程间通信 (Queue)): its title, summary, options, checks, outcome and view, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Queue: a writer and a reader',
  summary:
    "Processes do not share memory, so they talk through the operating system. As in the tutorial, the parent creates a Queue and two child processes: a writer that puts A, B, C with random pauses, and a reader that gets forever. The parent join()s the writer, then has to terminate() the reader, whose loop never ends. In Python this is the tutorial's program with multiprocessing.Queue; in Node.js the queue lives in the parent and the children reach it over their IPC channels. Watch every put and get with the pid that made it, the queue filling and emptying, the writer exit with code 0 and the reader end by SIGTERM.",
  option: {
    values: {
      label: 'Values to put',
    },
    maxPauseMs: {
      label: 'Longest pause after a put (ms)',
      help: 'The tutorial: time.sleep(random.random()), up to 1 s.',
    },
  },
  check: {
    processes: 'Writer and reader are two processes under the parent',
    pids: 'Every put came from the writer, every get from the reader',
    sequence: 'The reader got the values in the order the writer put them',
    allRead: 'The reader read every value: {values}',
    writerJoined: 'The writer was joined: it ended by itself with code 0',
    readerTerminated: "The reader never ended by itself: the parent's terminate() ended it (SIGTERM)",
  },
  detail: {
    processesOs: 'writer {writer}, reader {reader}: {n} of 2 with parent {parent}, as the OS reports it',
    processesReported: 'writer {writer}, reader {reader}: {n} of 2 with parent {parent}, as the parent reported it',
    pids: '{puts} {puts:put|puts} by pid {putPids}; {gets} {gets:get|gets} by pid {getPids}',
    sequence: 'the writer put {put}; the reader got {got}',
    nothingRead:
      'not measurable: the reader read nothing before it was terminated (the writer put {put}), so there is no order to compare',
    allReadRace:
      '{got} of {put} {put:value|values} put were read: the parent terminated the reader {ms} ms after join() returned the writer, before the reader had drained the queue',
    allRead: '{got} of {put} {put:value|values} put were read ({asked} asked for)',
    writerJoined: 'writer ended with {how}; the parent terminated the reader {ms} ms after join() returned',
    readerAlive: 'still running when terminated; ended by {how}',
    readerGone: 'had already ended before terminate() ({how})',
  },
  fact: {
    python:
      "multiprocessing.Queue is a pipe between the processes (with a feeder thread in the writer): nobody can look inside it, so the queue shown is what was put and not yet got, as the writer and the reader reported it. The children are forked, so they share ProcLab's channel and report their own puts and gets.",
    node: "Node.js has no multiprocessing.Queue: here the queue lives in the parent and the writer and reader reach it over their IPC channels, the way a multiprocessing Manager's queue works. The writer and the reader report their own puts and gets.",
    race: "A race in the tutorial's program: the parent calls terminate() as soon as join() returns the writer, and the reader may not have read everything yet (the values are still in the queue, or in the pipe behind it). Terminated, it never reads them: here {unread} of {put} were lost that way. The fix: the writer puts a sentinel (None) after its last value and the reader stops when it gets it, and the parent join()s the reader instead of terminating it.",
    terminate:
      'terminate() sends SIGTERM: the reader is killed wherever it is, even in the middle of a get(). Python warns that a queue used by a terminated process may be left broken.',
  },
  outcome: {
    summary:
      '{where}: writer {writer} put {puts} {puts:value|values}, reader {reader} got {gets}; the parent joined the writer ({writerHow}) and terminated the reader ({how}).',
    python: 'Python',
    node: 'Node.js',
    code: 'exit code {code}',
    stopped: 'the writer was joined',
  },
  figure: {
    parentPid: 'Parent pid',
    writerPid: 'Writer pid',
    readerPid: 'Reader pid',
    puts: 'Values put',
    gets: 'Values got',
    unread: 'Values put and never read',
    maxWaitMs: 'Longest wait between a put and its get (ms)',
    writerExitCode: 'Writer exit code',
    readerSignal: 'Signal that ended the reader',
  },
  view: {
    writer: 'writer',
    reader: 'reader',
    pid: 'pid {pid}',
    state: {
      running: 'running',
      exited: 'exited, code {code}',
      terminated: 'terminated ({how})',
    },
    queue: 'Queue contents',
    put: 'put →',
    get: '→ get',
    empty: 'empty',
    col: {
      ms: '+ms',
      op: 'op',
      value: 'value',
      pid: 'pid',
    },
    op: {
      put: 'put',
      get: 'get',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Queue：一个写进程和一个读进程',
  summary:
    '进程之间不共享内存，所以要通过操作系统来通信。和教程一样，父进程创建一个 Queue 和两个子进程：写进程依次放入 A、B、C，每次之后随机暂停；读进程不停地读取。父进程用 join() 等待写进程结束，然后只能用 terminate() 强行终止读进程，因为它的循环永远不会结束。Python 模式运行的就是教程中使用 multiprocessing.Queue 的程序；Node.js 模式中队列放在父进程里，子进程通过各自的 IPC 通道访问它。请看每一次放入和取出以及执行它的进程 PID、队列的填满与清空、写进程以退出码 0 结束、读进程被 SIGTERM 终止。',
  option: {
    values: {
      label: '要放入的值',
    },
    maxPauseMs: {
      label: '每次放入后的最长暂停（毫秒）',
      help: '教程中是 time.sleep(random.random())，最长 1 秒。',
    },
  },
  check: {
    processes: '写进程和读进程是父进程下的两个子进程',
    pids: '每次放入都来自写进程，每次取出都由读进程完成',
    sequence: '读进程取出的顺序与写进程放入的顺序相同',
    allRead: '读进程读到了每一个值：{values}',
    writerJoined: '写进程被 join() 等到：它自己结束，退出码为 0',
    readerTerminated: '读进程从不自己结束：是父进程的 terminate() 终止了它（SIGTERM）',
  },
  detail: {
    processesOs: '写进程 {writer}，读进程 {reader}：2 个中有 {n} 个的父进程是 {parent}（操作系统的记录）',
    processesReported: '写进程 {writer}，读进程 {reader}：2 个中有 {n} 个的父进程是 {parent}（父进程的报告）',
    pids: 'PID {putPids} 放入 {puts} 次；PID {getPids} 取出 {gets} 次',
    sequence: '写进程放入 {put}；读进程取出 {got}',
    nothingRead: '无法测量：读进程在被终止之前一个值也没有读到（写进程放入了 {put}），没有顺序可以比较',
    allReadRace:
      '放入的 {put} 个值中只读到了 {got} 个：写进程的 join() 返回 {ms} 毫秒后父进程就终止了读进程，那时读进程还没有把队列读完',
    allRead: '放入的 {put} 个值中读到了 {got} 个（要求放入 {asked} 个）',
    writerJoined: '写进程以{how}结束；join() 返回 {ms} 毫秒后父进程终止了读进程',
    readerAlive: '被终止时仍在运行；以 {how} 结束',
    readerGone: '在 terminate() 之前就已经结束了（{how}）',
  },
  fact: {
    python:
      'multiprocessing.Queue 是进程之间的一条管道（写进程里还有一个负责送数据的线程）：谁也看不到管道内部，所以这里显示的队列是写进程和读进程报告的“已放入、尚未取出”的值。子进程是 fork 出来的，因此共享 ProcLab 的通道，各自报告自己的放入和取出。',
    node: 'Node.js 没有 multiprocessing.Queue：这里队列放在父进程中，写进程和读进程通过各自的 IPC 通道访问它，就像 multiprocessing 的 Manager 提供的队列那样。写进程和读进程各自报告自己的放入和取出。',
    race: '教程程序里的一个竞争：写进程的 join() 一返回，父进程就调用 terminate()，而这时读进程可能还没有读完（值还在队列里，或在队列背后的管道里）。读进程被终止后就再也读不到它们了：这次放入的 {put} 个值里有 {unread} 个就这样丢了。修正方法：写进程在最后一个值之后再放入一个哨兵值（None），读进程读到它就退出，父进程用 join() 等读进程结束，而不是终止它。',
    terminate:
      'terminate() 发送 SIGTERM：读进程无论执行到哪里都会被杀死，哪怕正在 get() 当中。Python 文档提醒：被终止的进程用过的队列可能因此损坏。',
  },
  outcome: {
    summary:
      '{where}：写进程 {writer} 放入 {puts} 个值，读进程 {reader} 取出 {gets} 个；父进程用 join() 等到写进程结束（{writerHow}），并终止了读进程（{how}）。',
    python: 'Python',
    node: 'Node.js',
    code: '退出码 {code}',
    stopped: '等到写进程结束',
  },
  figure: {
    parentPid: '父进程 PID',
    writerPid: '写进程 PID',
    readerPid: '读进程 PID',
    puts: '放入的值',
    gets: '取出的值',
    unread: '放入后没有被读到的值',
    maxWaitMs: '从放入到取出的最长等待（毫秒）',
    writerExitCode: '写进程退出码',
    readerSignal: '终止读进程的信号',
  },
  view: {
    writer: '写进程',
    reader: '读进程',
    pid: 'PID {pid}',
    state: {
      running: '运行中',
      exited: '已退出，退出码 {code}',
      terminated: '已终止（{how}）',
    },
    queue: '队列内容',
    put: '放入 →',
    get: '→ 取出',
    empty: '空',
    col: {
      ms: '+毫秒',
      op: '操作',
      value: '值',
      pid: 'PID',
    },
    op: {
      put: '放入',
      get: '取出',
    },
  },
}

export const queuePair: Bilingual<typeof en> = { en, zh }
export const queuePairMsg = messages('scenario.queue-pair', queuePair)
