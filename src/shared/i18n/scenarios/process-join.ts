// process-join (multiprocessing (Process)): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Process and join()',
  summary:
    "The tutorial starts a child with Process(target=run_proc, args=(\"test\",)), calls start(), then join(), which waits until the child has ended before the parent goes on. Python mode runs that program; run_proc returns the exit code you choose, and a second child ends with sys.exit() instead, because Python throws a target's return value away: when the target returns, p.exitcode is 0 whatever it returned; sys.exit(n) in the child makes it n, an uncaught exception 1, and a signal N −N (two more children show both). The tutorial says multiprocessing wraps fork(); that is one of three start methods, and the option chooses one (this Python's default preselected). Under fork the child is a copy of the parent and already has the function; under spawn and forkserver the target and its arguments are pickled, the function by its module and name, so a lambda fails, and the program file is imported again in the child, which is why the tutorial's if __name__ == '__main__' guard is needed. The run measures what each method costs to start a child and shows what fails. In Node mode the parent forks a child (a fresh Node.js process, much like spawn), sends it the function name and argument (a function cannot cross a process boundary), and the value the function returns becomes the exit code. Watch the child's line appear between the parent's \"will start\" and \"end\" lines, join() return only after the child has ended, and the exit code reach the parent.",
  option: {
    name: {
      label: 'Argument passed to run_proc',
    },
    workMs: {
      label: 'Child works for (ms)',
    },
    exitCode: {
      label: 'Value run_proc returns',
      help: 'Node mode: it becomes the exit code. Python mode: p.exitcode stays 0, so a second child ends with sys.exit(this value).',
    },
  },
  check: {
    childUnderParent: 'The child ran as a process of its own, under the parent',
    joinWaited: 'join() returned only after the child had ended',
    returnIsExitCode: "The function's return value reached the parent as the exit code",
    returnIgnored: "Python ignores the target's return value: p.exitcode is 0",
    sysExitCode: 'sys.exit(n) in the child reached the parent as p.exitcode',
    exceptionExitCode: 'An uncaught exception in the child gives p.exitcode 1',
    signalExitCode: 'A child ended by a signal gives p.exitcode −N: terminate() sends SIGTERM',
    topLevelOnce: "Under fork the child is a copy: the program's top level did not run again in it",
    topLevelAgain:
      "Under {method} the program file was imported again (as __mp_main__): code outside the __name__ == '__main__' guard runs again",
    noGuardWorks:
      "Under fork a program without the __name__ == '__main__' guard still works: its child does not import it again",
    noGuardFails:
      "Under {method} a program without the __name__ == '__main__' guard fails: its child imports it again and tries to start a process of its own",
    lambdaRan: 'Under fork nothing is pickled: a lambda as the target ran',
    lambdaRefused: 'Under {method} the target is pickled by name: a lambda as the target is refused by start()',
    forkFaster: 'fork starts a child faster than spawn',
  },
  detail: {
    childUnderParent: 'child {child}, ppid {ppid} ({source}); parent {parent}',
    childUnderServer:
      'forkserver: child {child}, ppid {ppid} ({source}): the fork server {server}, whose parent is {serverPpid}; parent {parent}',
    byOs: 'as the OS reports it',
    byParent: 'as the parent reported it',
    joinWaited:
      'child {child} ended {endedMs} ms after start(), join() returned {joinedMs} ms after start(); the child was asked to work {workMs} ms',
    neverEnded: 'child {child} never reported its end; join() returned after {joinedMs} ms',
    returnIsExitCode: 'run_proc returned {returned}; join() reported exit code {code}',
    returnIgnored: 'run_proc returned {returned}; p.exitcode was {code}',
    sysExitCode: 'sys.exit({returned}); p.exitcode was {code}',
    exceptionExitCode: 'the target raised ValueError; p.exitcode was {code}',
    signalExitCode: 'terminate() (SIGTERM is {sigterm} here); p.exitcode was {code}',
    topLevel: 'in the child the target saw __name__ == "{name}"; the top level had run in pid {pid} ({who})',
    whoChild: 'the child itself',
    whoParent: 'the parent: the child has a copy of its memory',
    whoServer: 'the fork server',
    whoUnknown: 'another process',
    noGuardRan:
      "the same Process example without the guard, in a fresh interpreter: its child's exit code {code}, no error",
    noGuardRaised:
      "the same Process example without the guard, in a fresh interpreter: its child's exit code {code}; the child raised {error}",
    noGuardMissing: 'the program did not report the round without the guard',
    lambdaRan: 'the lambda ran in a child; p.exitcode {code}',
    lambdaRaised: 'start() raised {error}',
    lambdaMissing: 'the program did not report the lambda round',
    forkFaster: 'start() to the first statement of a trivial child, median of {runs}: fork {fork} ms, spawn {spawn} ms',
    forkFasterNotMeasurable: 'not measurable here: this Python has only {methods}',
  },
  fact: {
    nodeStart: "The start method applies to Python's multiprocessing only",
    nodeStartDetail:
      'Node.js has no fork() of a running program: child_process.fork() always starts a fresh Node.js process, much like spawn, and the function travels by name',
  },
  outcome: {
    python:
      "Parent {parent} started child {child} with argument \"{name}\"; join() returned after {joinedMs} ms, once the child had ended. run_proc returned {returned}, yet p.exitcode was {exitCode}: Python's Process ignores the target's return value (ProcLab's Node analogue makes it the exit code). sys.exit({returned}) in a second child gave p.exitcode {sysExitCode}; an uncaught exception gave {exceptionExitCode}, terminate() {terminatedExitCode}. {method}",
    node: 'Parent {parent} started child {child} with argument "{name}"; join() returned after {joinedMs} ms with exit code {exitCode}. In this Node analogue the function\'s return value becomes the exit code; Python\'s Process ignores it (see the Python mode).',
    methodFork:
      "Start method fork (this Python's default: {default}): start() reached the child's first statement in {startMs} ms; the child is a copy of the parent, nothing was pickled.",
    methodPickled:
      "Start method {method} (this Python's default: {default}): start() reached the child's first statement in {startMs} ms; the target and its arguments were pickled and the program file imported again in the child.",
  },
  figure: {
    language: 'Language',
    parentPid: 'Parent pid',
    childPid: 'Child pid',
    joinedMs: 'join() waited (ms)',
    childRuntimeMs: 'Child ran (ms)',
    returned: 'run_proc returned',
    exitCode: 'Exit code join() reported',
    sysExitCode: 'Exit code after sys.exit()',
    exceptionExitCode: 'Exit code after an exception',
    terminatedExitCode: 'Exit code after terminate()',
    exitReason: 'How the child ended',
    startMethod: 'Start method',
    defaultMethod: "This Python's default start method",
    startMs: 'start() to the child’s first statement (ms)',
    startForkMs: 'Start cost, fork (ms, median)',
    startSpawnMs: 'Start cost, spawn (ms, median)',
    startForkserverMs: 'Start cost, forkserver (ms, median)',
    forkserverFirstMs: 'First start under forkserver (ms)',
  },
} as const

const zh: SameShape<typeof en> = {
  title: '创建子进程，用 join() 等它结束',
  summary:
    '教程用 Process(target=run_proc, args=("test",)) 创建子进程，调用 start()，再调用 join()：join() 会等子进程结束后父进程才继续往下运行。Python 模式运行的就是这个程序；run_proc 返回你选择的退出码，另有第二个子进程改用 sys.exit() 结束，因为 Python 会丢掉目标函数的返回值：目标函数正常返回时，不管返回什么，p.exitcode 都是 0；子进程中的 sys.exit(n) 使它成为 n，未捕获的异常使它成为 1，信号 N 使它成为 −N（另有两个子进程分别展示后两种）。教程说 multiprocessing 封装了 fork()；这只是三种启动方式之一，选项可以选择其中一种（预先选中的是本机 Python 的默认方式）。用 fork 时，子进程是父进程的副本，本来就有这个函数；用 spawn 和 forkserver 时，目标函数和参数都要 pickle，函数按模块名和函数名传递，所以 lambda 会失败，而且子进程会重新导入程序文件，这正是教程中 if __name__ == \'__main__\' 保护必不可少的原因。本次运行会测量每种方式启动一个子进程的开销，并展示什么会失败。Node 模式下，父进程 fork 一个子进程（一个全新的 Node.js 进程，类似 spawn），把函数名和参数发给它（函数不能跨越进程边界），函数的返回值成为退出码。请观察子进程的输出出现在父进程的 “will start” 和 “end” 两行之间，join() 在子进程结束之后才返回，以及退出码传回父进程。',
  option: {
    name: {
      label: '传给 run_proc 的参数',
    },
    workMs: {
      label: '子进程工作时长（毫秒）',
    },
    exitCode: {
      label: 'run_proc 的返回值',
      help: 'Node 模式：它成为退出码。Python 模式：p.exitcode 仍是 0，所以第二个子进程用 sys.exit(这个值) 结束。',
    },
  },
  check: {
    childUnderParent: '子进程是一个独立的进程，运行在父进程之下',
    joinWaited: 'join() 在子进程结束之后才返回',
    returnIsExitCode: '函数的返回值作为退出码传回了父进程',
    returnIgnored: 'Python 忽略目标函数的返回值：p.exitcode 是 0',
    sysExitCode: '子进程中的 sys.exit(n) 作为 p.exitcode 传回了父进程',
    exceptionExitCode: '子进程中未捕获的异常使 p.exitcode 为 1',
    signalExitCode: '被信号结束的子进程，p.exitcode 为 −N：terminate() 发送的是 SIGTERM',
    topLevelOnce: '用 fork 时子进程是副本：程序的顶层代码没有在子进程中再运行一遍',
    topLevelAgain:
      "用 {method} 时程序文件被重新导入（模块名为 __mp_main__）：__name__ == '__main__' 保护之外的代码会再运行一遍",
    noGuardWorks: "用 fork 时，没有 __name__ == '__main__' 保护的程序照样能运行：子进程不会重新导入它",
    noGuardFails:
      "用 {method} 时，没有 __name__ == '__main__' 保护的程序会失败：子进程重新导入它，并试图再启动一个自己的子进程",
    lambdaRan: '用 fork 时什么都不 pickle：以 lambda 为目标函数也能运行',
    lambdaRefused: '用 {method} 时目标函数按名字 pickle：以 lambda 为目标函数会被 start() 拒绝',
    forkFaster: 'fork 启动子进程比 spawn 快',
  },
  detail: {
    childUnderParent: '子进程 {child}，ppid {ppid}（{source}）；父进程 {parent}',
    childUnderServer:
      'forkserver：子进程 {child}，ppid {ppid}（{source}），即 fork 服务进程 {server}，它的父进程是 {serverPpid}；父进程 {parent}',
    byOs: '由操作系统报告',
    byParent: '由父进程报告',
    joinWaited:
      '子进程 {child} 在 start() 之后 {endedMs} 毫秒结束，join() 在 start() 之后 {joinedMs} 毫秒返回；子进程被要求工作 {workMs} 毫秒',
    neverEnded: '子进程 {child} 始终没有报告它的结束；join() 在 {joinedMs} 毫秒后返回',
    returnIsExitCode: 'run_proc 返回 {returned}；join() 报告的退出码是 {code}',
    returnIgnored: 'run_proc 返回 {returned}；p.exitcode 是 {code}',
    sysExitCode: 'sys.exit({returned})；p.exitcode 是 {code}',
    exceptionExitCode: '目标函数抛出了 ValueError；p.exitcode 是 {code}',
    signalExitCode: 'terminate()（这里 SIGTERM 的编号是 {sigterm}）；p.exitcode 是 {code}',
    topLevel: '子进程中目标函数看到的 __name__ 是 “{name}”；顶层代码运行在 pid {pid}（{who}）',
    whoChild: '子进程自己',
    whoParent: '父进程：子进程拥有它内存的副本',
    whoServer: 'fork 服务进程',
    whoUnknown: '另一个进程',
    noGuardRan: '同一个 Process 例子去掉保护，在一个全新的解释器中运行：其子进程的退出码是 {code}，没有错误',
    noGuardRaised:
      '同一个 Process 例子去掉保护，在一个全新的解释器中运行：其子进程的退出码是 {code}；子进程抛出了 {error}',
    noGuardMissing: '程序没有报告去掉保护的这一轮',
    lambdaRan: 'lambda 在子进程中运行了；p.exitcode 是 {code}',
    lambdaRaised: 'start() 抛出了 {error}',
    lambdaMissing: '程序没有报告 lambda 这一轮的结果',
    forkFaster: '从 start() 到一个极简子进程的第一条语句，{runs} 次的中位数：fork {fork} 毫秒，spawn {spawn} 毫秒',
    forkFasterNotMeasurable: '这里无法测量：本机 Python 只有 {methods}',
  },
  fact: {
    nodeStart: '启动方式只适用于 Python 的 multiprocessing',
    nodeStartDetail:
      'Node.js 不能 fork 一个正在运行的程序：child_process.fork() 总是启动一个全新的 Node.js 进程，类似 spawn，函数按名字传递',
  },
  outcome: {
    python:
      '父进程 {parent} 启动了子进程 {child}，参数为 “{name}”；join() 在 {joinedMs} 毫秒后、子进程结束之后才返回。run_proc 返回了 {returned}，p.exitcode 却是 {exitCode}：Python 的 Process 会忽略目标函数的返回值（ProcLab 的 Node 对照实现则把它当作退出码）。在第二个子进程中调用 sys.exit({returned})，p.exitcode 是 {sysExitCode}；未捕获的异常给出 {exceptionExitCode}，terminate() 给出 {terminatedExitCode}。{method}',
    node: '父进程 {parent} 启动了子进程 {child}，参数为 “{name}”；join() 在 {joinedMs} 毫秒后返回，退出码为 {exitCode}。在这个 Node 对照实现中，函数的返回值成为退出码；而 Python 的 Process 会忽略它（见 Python 模式）。',
    methodFork:
      '启动方式 fork（本机 Python 的默认方式：{default}）：从 start() 到子进程的第一条语句用了 {startMs} 毫秒；子进程是父进程的副本，什么都没有 pickle。',
    methodPickled:
      '启动方式 {method}（本机 Python 的默认方式：{default}）：从 start() 到子进程的第一条语句用了 {startMs} 毫秒；目标函数和参数经过了 pickle，子进程重新导入了程序文件。',
  },
  figure: {
    language: '语言',
    parentPid: '父进程 pid',
    childPid: '子进程 pid',
    joinedMs: 'join() 等待了（毫秒）',
    childRuntimeMs: '子进程运行了（毫秒）',
    returned: 'run_proc 的返回值',
    exitCode: 'join() 报告的退出码',
    sysExitCode: 'sys.exit() 之后的退出码',
    exceptionExitCode: '抛出异常之后的退出码',
    terminatedExitCode: 'terminate() 之后的退出码',
    exitReason: '子进程如何结束',
    startMethod: '启动方式',
    defaultMethod: '本机 Python 的默认启动方式',
    startMs: '从 start() 到子进程第一条语句（毫秒）',
    startForkMs: '启动开销，fork（毫秒，中位数）',
    startSpawnMs: '启动开销，spawn（毫秒，中位数）',
    startForkserverMs: '启动开销，forkserver（毫秒，中位数）',
    forkserverFirstMs: 'forkserver 的第一次启动（毫秒）',
  },
}

export const processJoin: Bilingual<typeof en> = { en, zh }
export const processJoinMsg = messages('scenario.process-join', processJoin)
