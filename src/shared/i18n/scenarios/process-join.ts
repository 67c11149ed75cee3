// process-join (multiprocessing (Process)): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Process and join()',
  summary:
    'The tutorial starts a child with Process(target=run_proc, args=("test",)), calls start(), then join(), which waits until the child has ended before the parent goes on. Python mode runs that program; run_proc returns the exit code you choose, and a second child ends with sys.exit() instead, because Python throws a target\'s return value away: p.exitcode is 0 unless the child calls sys.exit(n). In Node mode the parent forks a child, sends it the function name and argument (a function cannot cross a process boundary; multiprocessing pickles a reference to it), and the value the function returns becomes the exit code. Watch the child\'s line appear between the parent\'s "will start" and "end" lines, join() return only after the child has ended, and the exit code reach the parent.',
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
  },
  detail: {
    childUnderParent: 'child {child}, ppid {ppid} ({source}); parent {parent}',
    byOs: 'as the OS reports it',
    byParent: 'as the parent reported it',
    joinWaited:
      'child {child} ended {endedMs} ms after start(), join() returned {joinedMs} ms after start(); the child was asked to work {workMs} ms',
    neverEnded: 'child {child} never reported its end; join() returned after {joinedMs} ms',
    returnIsExitCode: 'run_proc returned {returned}; join() reported exit code {code}',
    returnIgnored: 'run_proc returned {returned}; p.exitcode was {code}',
    sysExitCode: 'sys.exit({returned}); p.exitcode was {code}',
  },
  outcome: {
    python:
      "Parent {parent} started child {child} with argument \"{name}\"; join() returned after {joinedMs} ms, once the child had ended. run_proc returned {returned}, yet p.exitcode was {exitCode}: Python's Process ignores the target's return value (ProcLab's Node analogue makes it the exit code). Only sys.exit({returned}) in a second child gave p.exitcode {sysExitCode}.",
    node: 'Parent {parent} started child {child} with argument "{name}"; join() returned after {joinedMs} ms with exit code {exitCode}. In this Node analogue the function\'s return value becomes the exit code; Python\'s Process ignores it (see the Python mode).',
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
    exitReason: 'How the child ended',
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Process 和 join()',
  summary:
    '教程用 Process(target=run_proc, args=("test",)) 创建子进程，调用 start()，再调用 join()：join() 会等子进程结束后父进程才继续往下运行。Python 模式运行的就是这个程序；run_proc 返回你选择的退出码，另有第二个子进程改用 sys.exit() 结束，因为 Python 会丢掉目标函数的返回值：除非子进程调用 sys.exit(n)，否则 p.exitcode 都是 0。Node 模式下，父进程 fork 一个子进程，把函数名和参数发给它（函数不能跨越进程边界；multiprocessing 也是把函数的引用 pickle 过去），函数的返回值成为退出码。请观察子进程的输出出现在父进程的 “will start” 和 “end” 两行之间，join() 在子进程结束之后才返回，以及退出码传回父进程。',
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
  },
  detail: {
    childUnderParent: '子进程 {child}，ppid {ppid}（{source}）；父进程 {parent}',
    byOs: '由操作系统报告',
    byParent: '由父进程报告',
    joinWaited:
      '子进程 {child} 在 start() 之后 {endedMs} 毫秒结束，join() 在 start() 之后 {joinedMs} 毫秒返回；子进程被要求工作 {workMs} 毫秒',
    neverEnded: '子进程 {child} 始终没有报告它的结束；join() 在 {joinedMs} 毫秒后返回',
    returnIsExitCode: 'run_proc 返回 {returned}；join() 报告的退出码是 {code}',
    returnIgnored: 'run_proc 返回 {returned}；p.exitcode 是 {code}',
    sysExitCode: 'sys.exit({returned})；p.exitcode 是 {code}',
  },
  outcome: {
    python:
      '父进程 {parent} 启动了子进程 {child}，参数为 “{name}”；join() 在 {joinedMs} 毫秒后、子进程结束之后才返回。run_proc 返回了 {returned}，p.exitcode 却是 {exitCode}：Python 的 Process 会忽略目标函数的返回值（ProcLab 的 Node 对照实现则把它当作退出码）。只有在第二个子进程中调用 sys.exit({returned})，p.exitcode 才是 {sysExitCode}。',
    node: '父进程 {parent} 启动了子进程 {child}，参数为 “{name}”；join() 在 {joinedMs} 毫秒后返回，退出码为 {exitCode}。在这个 Node 对照实现中，函数的返回值成为退出码；而 Python 的 Process 会忽略它（见 Python 模式）。',
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
    exitReason: '子进程如何结束',
  },
}

export const processJoin: Bilingual<typeof en> = { en, zh }
export const processJoinMsg = messages('scenario.process-join', processJoin)
