// fork (多进程 (os.fork)): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'fork: a parent and its child',
  summary:
    "The tutorial calls os.fork(): the OS copies the running process, and the copy (the child) continues from the same line with its own pid; fork() returns 0 in the child and the child's pid in the parent. Python mode runs exactly that (Unix/Linux/Mac only): the child keeps the marker the parent drew before fork(), a change it makes stays its own, and the time from fork() to the child's first statement is measured next to the time a fresh Python interpreter takes to start. Node has no os.fork(): in Node mode child_process.fork() starts a NEW interpreter that runs the file from the top, so nothing of the parent's memory reaches the child. Watch the child appear under the parent in the process tree and both print their pids.",
  option: {
    holdMs: {
      label: 'Child stays alive (ms)',
      help: 'How long the child lingers before it exits, so both can be seen in the tree.',
    },
  },
  check: {
    childUnderParent: "The child runs under the parent (its ppid is the parent's pid)",
    ownPids: 'Parent and child each printed their own pid',
    copied: "The child has the parent's memory: the marker drawn before fork() is the same",
    separate: 'A change the child makes after fork() stays in the child (a copy, not shared)',
    cheap: 'os.fork() starts a child faster than a fresh Python interpreter starts',
    cleanExit: 'Both exited cleanly',
  },
  detail: {
    childUnderParent: 'child {child} has ppid {ppid} ({source}); the parent is {parent}',
    byOs: 'as the OS reports it',
    bySelf: 'as the child reported it',
    ownPids: 'parent {parent}, child {child} (says its parent is {ppid})',
    forkReturnsZero:
      "in the child fork() returned {inChild}; in the parent it returned {inParentPid}, the child's pid is {child}",
    copied: 'parent {parent}, child {child}',
    separate: 'value was {before} before fork(); the child made it {child}, the parent still has {parent}',
    cheap: 'os.fork() to the first statement: {fork} ms; a fresh interpreter: {fresh} ms',
    cleanExit: 'child: code {child}; parent: code {parent}',
    noFork: 'not run: this system has no os.fork()',
  },
  fact: {
    forkReturns:
      "fork() returns twice: 0 in the child and the child's pid in the parent. The child reports from inside `if pid == 0`, so this is how the program is built, not a check",
    nothingCopied:
      'Node copies nothing: child_process.fork() starts a fresh interpreter that runs the file from the top',
    nothingCopiedDetail: 'so the child drew its own marker ({child}; the parent drew {parent})',
  },
  outcome: {
    python:
      "Parent {parent} forked child {child}: fork() returned 0 in the child, which kept the parent's marker {marker}. The child's first statement ran {forkMs} ms after os.fork(); a fresh Python interpreter took {freshMs} ms to reach its first statement ({ratio}× as long).",
    node: "Parent {parent} forked child {child}; the child's first message came {startMs} ms after child_process.fork(): the cost of starting a new Node interpreter, which copies nothing.",
    silent: 'Parent {parent} forked child {child}, which never reported back.',
    noFork:
      'os.fork() does not exist on this system ({platform}): as the tutorial says, it only works on Unix/Linux/Mac. Use multiprocessing (the process-join scenario) here, or run the Node mode.',
  },
  figure: {
    language: 'Language',
    parentPid: 'Parent pid',
    childPid: 'Child pid',
    childPpid: "Child's ppid",
    childStartMs: "fork() to the child's first statement (ms)",
    freshInterpreterMs: 'Fresh interpreter to its first statement (ms)',
    parentMarker: "Parent's marker",
    childMarker: "Child's marker",
    childExitCode: "Child's exit code",
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'fork：父进程和它的子进程',
  summary:
    '教程调用 os.fork()：操作系统把当前进程复制一份，这份拷贝（子进程）从同一行继续运行，有自己的 pid；fork() 在子进程里返回 0，在父进程里返回子进程的 pid。Python 模式正是这样运行的（仅限 Unix/Linux/Mac）：子进程保留父进程在 fork() 之前生成的标记，它自己做的修改只留在自己那里；并且测量从 fork() 到子进程执行第一条语句的时间，和启动一个全新的 Python 解释器所需的时间对比。Node 没有 os.fork()：Node 模式下 child_process.fork() 启动的是一个全新的解释器，从头运行这个文件，所以父进程内存中的任何东西都不会传给子进程。请观察子进程出现在进程树中父进程的下面，两者都打印了各自的 pid。',
  option: {
    holdMs: {
      label: '子进程停留时间（毫秒）',
      help: '子进程退出前停留多久，以便在进程树中同时看到父子两个进程。',
    },
  },
  check: {
    childUnderParent: '子进程运行在父进程之下（它的 ppid 就是父进程的 pid）',
    ownPids: '父进程和子进程各自打印了自己的 pid',
    copied: '子进程拥有父进程的内存：fork() 之前生成的标记是同一个',
    separate: '子进程在 fork() 之后做的修改只留在子进程里（是拷贝，不是共享）',
    cheap: 'os.fork() 启动子进程比启动一个全新的 Python 解释器更快',
    cleanExit: '两个进程都正常退出',
  },
  detail: {
    childUnderParent: '子进程 {child} 的 ppid 是 {ppid}（{source}）；父进程是 {parent}',
    byOs: '由操作系统报告',
    bySelf: '由子进程自己报告',
    ownPids: '父进程 {parent}，子进程 {child}（它说自己的父进程是 {ppid}）',
    forkReturnsZero: 'fork() 在子进程中返回 {inChild}；在父进程中返回 {inParentPid}，子进程的 pid 是 {child}',
    copied: '父进程 {parent}，子进程 {child}',
    separate: 'fork() 之前 value 是 {before}；子进程把它改成 {child}，父进程的仍是 {parent}',
    cheap: '从 os.fork() 到第一条语句：{fork} 毫秒；全新的解释器：{fresh} 毫秒',
    cleanExit: '子进程：退出码 {child}；父进程：退出码 {parent}',
    noFork: '未运行：这个系统没有 os.fork()',
  },
  fact: {
    forkReturns:
      'fork() 返回两次：在子进程中返回 0，在父进程中返回子进程的 pid。子进程是在 `if pid == 0` 分支里报告的，所以这是程序的写法决定的，不是一项检验',
    nothingCopied: 'Node 不复制任何东西：child_process.fork() 启动一个全新的解释器，从头运行这个文件',
    nothingCopiedDetail: '所以子进程生成了自己的标记（{child}；父进程的是 {parent}）',
  },
  outcome: {
    python:
      '父进程 {parent} fork 出子进程 {child}：fork() 在子进程中返回 0，子进程保留了父进程的标记 {marker}。子进程的第一条语句在 os.fork() 之后 {forkMs} 毫秒就运行了；一个全新的 Python 解释器要 {freshMs} 毫秒才运行到第一条语句（是前者的 {ratio} 倍）。',
    node: '父进程 {parent} fork 出子进程 {child}；子进程的第一条消息在 child_process.fork() 之后 {startMs} 毫秒到达：这是启动一个新的 Node 解释器的代价，它不复制任何东西。',
    silent: '父进程 {parent} fork 出子进程 {child}，但子进程始终没有回报。',
    noFork:
      '这个系统（{platform}）上没有 os.fork()：正如教程所说，它只能在 Unix/Linux/Mac 上运行。在这里请使用 multiprocessing（见 process-join 场景），或者运行 Node 模式。',
  },
  figure: {
    language: '语言',
    parentPid: '父进程 pid',
    childPid: '子进程 pid',
    childPpid: '子进程的 ppid',
    childStartMs: '从 fork() 到子进程第一条语句（毫秒）',
    freshInterpreterMs: '全新解释器到第一条语句（毫秒）',
    parentMarker: '父进程的标记',
    childMarker: '子进程的标记',
    childExitCode: '子进程的退出码',
  },
}

export const fork: Bilingual<typeof en> = { en, zh }
export const forkMsg = messages('scenario.fork', fork)
