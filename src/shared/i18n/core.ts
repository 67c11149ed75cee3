// Messages the core itself says of any run (not of one scenario): a run cut
// short, Python missing, a check not run. Same shape in both languages.
import { messages, type Bilingual, type SameShape } from '../msg'

const en = {
  menu: {
    file: 'File',
    quit: 'Quit ProcLab',
  },
  launch: {
    // Shown by the Linux launcher (scripts/linux-launcher.mjs) before Chromium could abort.
    appImageSandbox:
      "ProcLab cannot start from its AppImage on this system: it restricts the unprivileged user namespaces Chromium's sandbox needs (Ubuntu 23.10 and later), and an AppImage cannot carry the setuid helper that would stand in for them. Install ProcLab's .deb package instead: it sets up what the sandbox needs. (Starting with --no-sandbox would work but runs every page without its sandbox, so ProcLab does not do it for you.)",
  },
  option: {
    language: {
      label: 'Language',
      help: "Python runs the tutorial's kind of program (ProcLab's own, standard library only); Node.js runs ProcLab's analogue.",
      choice: {
        python: 'Python (as in the tutorial)',
        node: 'Node.js (ProcLab analogue)',
      },
    },
    startMethod: {
      label: 'Start method (Python)',
      help: "How multiprocessing starts a child. fork: a copy of this process, nothing pickled (Unix only). spawn: a fresh interpreter that imports the program again (as __mp_main__, so code outside the __name__ == '__main__' guard runs again) and unpickles the target and its arguments by name. forkserver: a server process started once forks each child; targets and arguments are pickled as under spawn. Only what this Python offers is listed. Node.js mode always starts a fresh Node.js process, much like spawn: there this option does not apply.",
      // The methods' own names; the Chinese catalog says in a few words what each does.
      choice: {
        fork: 'fork',
        spawn: 'spawn',
        forkserver: 'forkserver',
      },
      choiceDefault: "{choice} (this system's default)",
    },
  },
  exit: {
    clean: 'exited cleanly (code 0)',
    code: 'exited with code {code}',
    killed: 'killed by {signal}',
    crashedSignal: 'crashed ({signal})',
    crashedCode: 'crashed (code {code})',
    crashedNoCode: 'crashed (no code)',
    crashedNamed: 'crashed ({name}, {hex})',
    outOfMemory: 'ran out of memory',
    failedToLaunch: 'failed to launch',
  },
  error: {
    text: '{text}',
    unknownMethod: 'Unknown method {method}',
    argsNotList: 'Arguments of {method} must be a list',
    badRequest: 'Bad request to {method}: {why}',
    replay: 'This is a recording: nothing can be killed or started in a replay',
    shuttingDown: 'ProcLab is shutting down',
    noSettingsFile: 'This host keeps no settings file: the dashboard stores its settings in the browser',
    settingsNotSaved: 'Could not save the settings: {why}',
    unknownScenario: 'Unknown scenario "{id}" (known: {known})',
    unknownRun: 'Unknown run "{runId}"',
    runEnded: 'Run {runId} has ended',
    noAction: 'Scenario {id} has no action "{action}"',
    tooManyRuns: 'Too many live runs: ProcLab runs at most {max} runs at once. Stop a run, then start this one.',
    tooManyRunProcesses:
      'Too many live processes: the runs have {live} live processes, and ProcLab starts no new run at {max} live processes or more. Stop a run first.',
    tooManyProcesses: 'Too many live processes: ProcLab starts no process past {max} live ones. Stop a run first.',
    couldNotStart: 'Could not start {file}: {why}',
    programNotFound: 'program not found: {file}',
    stoppedWhileStarting: 'stopped while starting',
    notOwnChild: "pid {pid} was not started by ProcLab: join() waits only for ProcLab's own processes",
    noProcess: 'No process with pid {pid} (it may have exited already)',
    anotherUser: 'Permission denied: pid {pid} belongs to another user',
    otherUser: 'Permission denied: pid {pid} belongs to user {user}, not to you',
    unknownSignal: 'Unknown signal {signal}: use one of {signals}',
    signalMissing: '{signal} is not available on this system',
    refuseInit: 'Refusing to signal pid 1 (init): the whole system depends on it',
    refuseSelf: 'Refusing to signal pid {pid}: that is ProcLab itself',
    refusePart: 'Refusing to signal pid {pid}: it is part of ProcLab itself (a window or helper process)',
    refuseOwnThread:
      'Refusing to signal {tid}: it is a thread of ProcLab itself (process {tgid}), and a signal to any thread id reaches its whole process',
    refuseThread:
      '{tid} is thread {tid} of process {tgid}{what}: a signal to a thread id reaches the whole process {tgid}, every thread of it, so ProcLab does not send it. Signal process {tgid} itself if that is what you mean.',
    threadWhat: ' ({what})',
    // The same targets refused for a priority change, in words that name that act.
    refuseNice: {
      init: 'Refusing to change the priority of pid 1 (init): the whole system depends on it',
      self: 'Refusing to change the priority of pid {pid}: that is ProcLab itself',
      part: 'Refusing to change the priority of pid {pid}: it is part of ProcLab itself (a window or helper process)',
      ownThread: 'Refusing to change the priority of {tid}: it is a thread of ProcLab itself (process {tgid})',
      thread:
        '{tid} is thread {tid} of process {tgid}{what}: ProcLab changes the priority of whole processes only, as its process table shows them, so it leaves this thread alone. Change process {tgid} itself if that is what you mean.',
    },
    niceNeedsRoot:
      'Permission denied: raising the priority of pid {pid} (nice {from} → {to}) needs root. Anyone may lower a priority (a higher nice value); only root may raise it.',
    niceRange: 'nice must be an integer from {min} to {max}',
    alreadyRecording: 'Already recording to {file}',
    cannotRecord: 'Cannot record to {file}: {why}',
    notRecording: 'Not recording',
    hostNotRunning: 'the scenario host is not running',
    hostEnded: 'the scenario host ended before answering ({how})',
    cutShort: 'The {role} (pid {pid}) {how} before {before}',
  },
  optionError: {
    keyNotAllowed: 'Option key "{key}" is not allowed',
    unknown: 'Unknown option "{key}" (options: {names})',
    none: 'none',
    choiceList: '{head}, {tail}',
    notNumber: '{field} must be a number',
    notInteger: '{field} must be a whole number',
    tooSmall: '{field} must be at least {min} (got {value})',
    tooLarge: '{field} must be at most {max} (got {value})',
    notBoolean: '{field} must be on or off',
    notChoice: '{field} must be one of {choices}',
    notText: '{field} must be text',
    textTooLong: '{field} must be at most {max} characters',
    notList: '{field} must be a list of lines of text',
    listTooLong: '{field} must have at most {max} items',
  },
  log: {
    threadError: '{thread}: {why}',
    sampler: 'sampler: {why}',
    launchFailed: 'failed to launch {file}: {why}',
    notReady: 'pid {pid} ({role}) was not ready in time: stopping it',
    notRestarting: 'not restarting pid {pid} ({role}): {why}',
    orphanEnded: 'pid {pid} ({role}) ended with its parent {parent}; its exit status was not reported',
    recording: 'recording: {why}',
  },
  restart: {
    failedAtStartup: 'it {how} before it was ready: a child that fails at startup would fail again',
    exitedCleanly: 'it exited cleanly',
    givingUp: 'it {how} after {restarts} restarts within {seconds} s: giving up',
    stopped: 'it was stopped',
  },
  file: {
    cannotCreate: 'Cannot create the folder {dir}: {why}',
    dirRefused:
      'Refusing to use the folder {dir}: {why}. Remove it, or make it yours alone (chmod 700), and try again.',
    notAFolder: 'it is not a folder (a link or a file stands in its place)',
    ownedBy: 'it belongs to user {uid}, not to you (user {me})',
    othersWrite: 'other users may write to it (mode {mode})',
    symlink:
      'Refusing to read {file}: it is a symbolic link, and ProcLab reads its files back only from where they are',
    notRegular: 'Refusing to read {file}: it is not a regular file but a {kind}',
    fileOwnedBy: 'Refusing to read {file}: it belongs to user {uid}, not to you (user {me})',
    tooLarge: 'Refusing to read {file}: it is larger than {mb} MB',
    inflatesTooMuch: 'Refusing the recording: it unpacks to more than {mb} MB',
    cannotRead: 'Cannot read {file}: {why}',
    kind: {
      folder: 'folder',
      fifo: 'named pipe (FIFO)',
      device: 'device',
      socket: 'socket',
      other: 'special file',
    },
  },
  thread: {
    new: 'new',
    running: 'running',
    sleeping: 'sleeping',
    waiting: 'waiting for lock {lock}',
    joining: 'joining {thread}',
    joiningAny: 'joining a thread',
    blockedIo: 'waiting for I/O',
    done: 'done',
    terminated: 'terminated',
    endedWithHost: 'ended with the host',
  },
  platform: {
    winNoSighup: 'Windows has no SIGHUP: it has no signals, only TerminateProcess.',
    winNoSigstop: 'Windows has no SIGSTOP: ProcLab cannot suspend a process there.',
    winNoSigcont: 'Windows has no SIGCONT: ProcLab cannot resume a process there.',
    winTerminate: 'Windows: ends it at once (TerminateProcess); it cannot clean up.',
    winNoSuspend: 'No Suspend or Resume: Windows has no SIGSTOP or SIGCONT.',
    winPythonNoSigkill:
      "Python on Windows has no signal.SIGKILL, so a Python worker cannot kill itself that way (a Node worker can: Windows' TerminateProcess).",
    winStop:
      'On Windows, Stop ends the run at once, with every process it started (TerminateProcess): Windows cannot ask a console program to exit, so there is no grace period and no clean-up.',
    macNoThreads:
      "macOS shows another process's threads only to privileged tools (task_for_pid), so ProcLab lists none here",
    noThreads: 'This system does not give the threads of a process.',
  },
  run: {
    stoppedBefore: 'Stopped before {before}.',
  },
  python: {
    notOnPath: 'python3 is not on PATH',
    appleStub:
      'python3 here is Apple\'s stub, which would open the "install developer tools" dialog: install Python 3 (python.org or Homebrew) or the Command Line Tools',
    windowsMissing: 'Python 3 is not installed (no py launcher, and no python.exe on PATH outside the Store alias)',
    howToGet:
      'Install Python 3 (Debian/Ubuntu: sudo apt-get install python3; macOS: brew install python or python.org; Windows: python.org, then restart ProcLab).',
    notRun: 'Python mode not run: {why}. {how}',
    notRunCheck: 'not run: Python 3 is missing',
  },
  busy: {
    crowded: 'not measurable: other processes used {others}% of the machine meanwhile ({measured})',
    crowdedOnly: 'not measurable: other processes used {others}% of the machine meanwhile',
  },
} as const

const zh: SameShape<typeof en> = {
  menu: {
    file: '文件',
    quit: '退出 ProcLab',
  },
  launch: {
    appImageSandbox:
      'ProcLab 无法在本系统上从 AppImage 启动：系统限制了 Chromium 沙箱所需的非特权用户命名空间（Ubuntu 23.10 及更新版本），而 AppImage 无法携带可以代替它们的 setuid 辅助程序。请改为安装 ProcLab 的 .deb 软件包：它会配置好沙箱所需的一切。（加 --no-sandbox 启动虽然可行，但所有页面都会失去沙箱保护，所以 ProcLab 不会替你这样做。）',
  },
  option: {
    language: {
      label: '语言',
      help: 'Python 运行教程那样的程序（ProcLab 自己写的，只用标准库）；Node.js 运行 ProcLab 的对照实现。',
      choice: {
        python: 'Python（与教程相同）',
        node: 'Node.js（ProcLab 对照实现）',
      },
    },
    startMethod: {
      label: '启动方式（Python）',
      help: "multiprocessing 启动子进程的方式。fork：复制当前进程，什么都不 pickle（仅 Unix）。spawn：启动一个全新的解释器，它会重新导入本程序（模块名为 __mp_main__，所以 __name__ == '__main__' 保护之外的代码会再运行一遍），并按名字反 pickle 目标函数和参数。forkserver：先启动一个服务进程，由它 fork 出每个子进程；目标函数和参数与 spawn 一样要 pickle。这里只列出本机 Python 提供的方式。Node.js 模式总是启动一个全新的 Node.js 进程，类似 spawn：那里这个选项不起作用。",
      choice: {
        fork: 'fork（复制当前进程）',
        spawn: 'spawn（启动全新的解释器）',
        forkserver: 'forkserver（由服务进程 fork）',
      },
      choiceDefault: '{choice}，本系统的默认方式',
    },
  },
  exit: {
    clean: '正常退出（退出码 0）',
    code: '以退出码 {code} 退出',
    killed: '被 {signal} 结束',
    crashedSignal: '崩溃（{signal}）',
    crashedCode: '崩溃（退出码 {code}）',
    crashedNoCode: '崩溃（没有退出码）',
    crashedNamed: '崩溃（{name}，{hex}）',
    outOfMemory: '内存耗尽',
    failedToLaunch: '启动失败',
  },
  error: {
    text: '{text}',
    unknownMethod: '未知的调用 {method}',
    argsNotList: '{method} 的参数必须是一个列表',
    badRequest: '对 {method} 的请求有误：{why}',
    replay: '这是一段录制：回放中不能结束或启动任何进程',
    shuttingDown: 'ProcLab 正在关闭',
    noSettingsFile: '这个宿主不保存设置文件：仪表盘把设置保存在浏览器里',
    settingsNotSaved: '无法保存设置：{why}',
    unknownScenario: '未知的场景“{id}”（已有：{known}）',
    unknownRun: '未知的运行“{runId}”',
    runEnded: '运行 {runId} 已经结束',
    noAction: '场景 {id} 没有操作“{action}”',
    tooManyRuns: '同时运行的实验太多：ProcLab 最多同时运行 {max} 个。请先停止一个，再启动这个。',
    tooManyRunProcesses:
      '存活的进程太多：这些运行共有 {live} 个存活进程，达到 {max} 个或更多时 ProcLab 不再启动新的运行。请先停止一个运行。',
    tooManyProcesses: '存活的进程太多：超过 {max} 个后 ProcLab 不再启动进程。请先停止一个运行。',
    couldNotStart: '无法启动 {file}：{why}',
    programNotFound: '找不到程序：{file}',
    stoppedWhileStarting: '启动过程中被停止',
    notOwnChild: 'PID {pid} 不是 ProcLab 启动的：join() 只等待 ProcLab 自己的进程',
    noProcess: '没有 PID 为 {pid} 的进程（它可能已经退出）',
    anotherUser: '权限不足：PID {pid} 属于另一个用户',
    otherUser: '权限不足：PID {pid} 属于用户 {user}，不属于你',
    unknownSignal: '未知的信号 {signal}：请使用 {signals} 之一',
    signalMissing: '这个系统上没有 {signal}',
    refuseInit: '拒绝向 PID 1（init）发送信号：整个系统都依赖它',
    refuseSelf: '拒绝向 PID {pid} 发送信号：那是 ProcLab 自己',
    refusePart: '拒绝向 PID {pid} 发送信号：它是 ProcLab 自身的一部分（窗口或辅助进程）',
    refuseOwnThread:
      '拒绝向 {tid} 发送信号：它是 ProcLab 自己（进程 {tgid}）的一个线程，发给任何线程 ID 的信号都会到达整个进程',
    refuseThread:
      '{tid} 是进程 {tgid}{what} 的线程 {tid}：发给线程 ID 的信号会到达整个进程 {tgid} 及其每一个线程，所以 ProcLab 不发送。如果你想结束的就是这个进程，请向进程 {tgid} 本身发送信号。',
    threadWhat: '（{what}）',
    refuseNice: {
      init: '拒绝更改 PID 1（init）的优先级：整个系统都依赖它',
      self: '拒绝更改 PID {pid} 的优先级：那是 ProcLab 自己',
      part: '拒绝更改 PID {pid} 的优先级：它是 ProcLab 自身的一部分（窗口或辅助进程）',
      ownThread: '拒绝更改 {tid} 的优先级：它是 ProcLab 自己（进程 {tgid}）的一个线程',
      thread:
        '{tid} 是进程 {tgid}{what} 的线程 {tid}：ProcLab 只更改整个进程的优先级（就是进程表里显示的那个），所以不动这个线程。如果你想更改的就是这个进程，请更改进程 {tgid} 本身。',
    },
    niceNeedsRoot:
      '权限不足：提高 PID {pid} 的优先级（nice {from} → {to}）需要 root。任何人都可以降低优先级（调高 nice 值），只有 root 能提高优先级。',
    niceRange: 'nice 必须是 {min} 到 {max} 之间的整数',
    alreadyRecording: '已经在录制到 {file}',
    cannotRecord: '无法录制到 {file}：{why}',
    notRecording: '没有在录制',
    hostNotRunning: '场景宿主进程没有在运行',
    hostEnded: '场景宿主进程在回答之前就结束了（{how}）',
    cutShort: '{role}（PID {pid}）在{before}之前{how}',
  },
  optionError: {
    keyNotAllowed: '不允许使用选项名“{key}”',
    unknown: '未知的选项“{key}”（可用选项：{names}）',
    none: '无',
    choiceList: '{head}、{tail}',
    notNumber: '“{field}”必须是数字',
    notInteger: '“{field}”必须是整数',
    tooSmall: '“{field}”至少为 {min}（收到 {value}）',
    tooLarge: '“{field}”至多为 {max}（收到 {value}）',
    notBoolean: '“{field}”必须是开或关',
    notChoice: '“{field}”必须是 {choices} 之一',
    notText: '“{field}”必须是文本',
    textTooLong: '“{field}”最多 {max} 个字符',
    notList: '“{field}”必须是文本行的列表',
    listTooLong: '“{field}”最多 {max} 项',
  },
  log: {
    threadError: '{thread}：{why}',
    sampler: '采样器：{why}',
    launchFailed: '无法启动 {file}：{why}',
    notReady: 'PID {pid}（{role}）没有按时准备好：正在停止它',
    notRestarting: '不重启 PID {pid}（{role}）：{why}',
    orphanEnded: 'PID {pid}（{role}）随父进程 {parent} 一起结束；它的退出状态没有被报告',
    recording: '录制：{why}',
  },
  restart: {
    failedAtStartup: '它在准备好之前就{how}：启动时就失败的子进程重启后还会失败',
    exitedCleanly: '它正常退出了',
    givingUp: '它在 {seconds} 秒内重启 {restarts} 次后又{how}：放弃重启',
    stopped: '它被停止了',
  },
  file: {
    cannotCreate: '无法创建文件夹 {dir}：{why}',
    dirRefused: '拒绝使用文件夹 {dir}：{why}。请删除它，或让它只属于你（chmod 700），然后重试。',
    notAFolder: '它不是文件夹（占据这个位置的是链接或文件）',
    ownedBy: '它属于用户 {uid}，而不是你（用户 {me}）',
    othersWrite: '其他用户可以写入它（权限 {mode}）',
    symlink: '拒绝读取 {file}：它是符号链接，ProcLab 只从文件本来的位置读回自己的文件',
    notRegular: '拒绝读取 {file}：它不是普通文件，而是{kind}',
    fileOwnedBy: '拒绝读取 {file}：它属于用户 {uid}，而不是你（用户 {me}）',
    tooLarge: '拒绝读取 {file}：它大于 {mb} MB',
    inflatesTooMuch: '拒绝这段录制：解压后超过 {mb} MB',
    cannotRead: '无法读取 {file}：{why}',
    kind: {
      folder: '文件夹',
      fifo: '命名管道（FIFO）',
      device: '设备',
      socket: '套接字',
      other: '特殊文件',
    },
  },
  thread: {
    new: '新建',
    running: '运行中',
    sleeping: '休眠中',
    waiting: '等待锁 {lock}',
    joining: '等待 {thread} 结束（join）',
    joiningAny: '等待一个线程结束（join）',
    blockedIo: '等待 I/O',
    done: '已完成',
    terminated: '已终止',
    endedWithHost: '随宿主进程一起结束',
  },
  platform: {
    winNoSighup: 'Windows 没有 SIGHUP：它没有信号，只有 TerminateProcess。',
    winNoSigstop: 'Windows 没有 SIGSTOP：ProcLab 在那里不能暂停进程。',
    winNoSigcont: 'Windows 没有 SIGCONT：ProcLab 在那里不能恢复进程。',
    winTerminate: 'Windows：立即结束它（TerminateProcess），它来不及做清理。',
    winNoSuspend: '没有暂停和恢复：Windows 没有 SIGSTOP 和 SIGCONT。',
    winPythonNoSigkill:
      'Windows 上的 Python 没有 signal.SIGKILL，所以 Python 的 Worker 不能用这种方式结束自己（Node 的 Worker 可以：用 Windows 的 TerminateProcess）。',
    winStop:
      '在 Windows 上，“停止”会立即结束这次运行及其启动的所有进程（TerminateProcess）：Windows 无法请求控制台程序自行退出，因此没有宽限期，也来不及做清理。',
    macNoThreads: 'macOS 只让有特权的工具（task_for_pid）看到别的进程的线程，所以 ProcLab 在这里列不出线程',
    noThreads: '这个系统不提供进程的线程列表。',
  },
  run: {
    stoppedBefore: '在{before}之前已停止。',
  },
  python: {
    notOnPath: 'PATH 中找不到 python3',
    appleStub:
      '这里的 python3 是苹果的占位程序，运行它会弹出“安装开发者工具”的对话框：请安装 Python 3（python.org 或 Homebrew）或命令行工具（Command Line Tools）',
    windowsMissing: '没有安装 Python 3（既没有 py 启动器，PATH 中除了应用商店别名之外也没有 python.exe）',
    howToGet:
      '请安装 Python 3（Debian/Ubuntu：sudo apt-get install python3；macOS：brew install python 或从 python.org 下载；Windows：从 python.org 下载，然后重启 ProcLab）。',
    notRun: '没有运行 Python 模式：{why}。{how}',
    notRunCheck: '未运行：缺少 Python 3',
  },
  busy: {
    crowded: '无法测量：同一时间其他进程占用了整台机器的{others}%（{measured}）',
    crowdedOnly: '无法测量：同一时间其他进程占用了整台机器的{others}%',
  },
}

export const core: Bilingual<typeof en> = { en, zh }
export const coreMsg = messages('core', core)
