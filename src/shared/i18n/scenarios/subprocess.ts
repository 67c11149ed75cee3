// subprocess (子进程 (subprocess)): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  error: {
    noProgram: 'Name a program to run',
    notFound: 'Could not start {program}: program not found: {program}',
    notFoundBlocked:
      'Could not start {program}: program not found: {program} (a folder on PATH could not be searched: {dir})',
    spaceInName: '{why} (the program name has a space: give its arguments in the argument list; there is no shell)',
  },
  title: 'subprocess: run a program, feed its stdin',
  summary:
    "The tutorial runs an external program with subprocess.call(['nslookup', 'www.python.org']) and, when it needs input, with Popen(...).communicate(input): the input is written to the child's stdin, stdin is closed, and the parent waits for stdout, stderr and the exit code. There is no network here, so the default program is a local one: a few lines fed to sort. A program name plus a list of arguments is run as is, never through a shell: first a probe (a fresh interpreter that prints the arguments it received) is given the argument {'$'}HOME; echo injected, which must arrive unchanged and in one piece. Turn on the shell option to see what a shell makes of it. Python mode runs subprocess.Popen; Node mode runs child_process.spawn. Watch stdout and stderr, then the exit code and duration; a program that does not exist fails with a clear error.",
  caution:
    'This runs any program you name, as you, with your environment (your PATH, your variables, your files): exactly what typing it in a terminal would do. ProcLab checks only that it is a program name with a list of arguments; it cannot tell a harmless program from a harmful one.',
  option: {
    program: {
      label: 'Program',
      help: 'A program name looked up on PATH, or a path. No shell: do not put arguments here.',
    },
    args: {
      label: 'Arguments',
      help: 'One argument per item, passed as is.',
    },
    sendStdin: {
      label: 'Send input (communicate)',
    },
    stdin: {
      label: 'Input',
    },
    timeoutMs: {
      label: 'Stop it after (ms)',
    },
    shell: {
      label: 'Run through a shell (shell=True)',
      help: 'Joins the program and its arguments into one command line for the shell, unquoted, as hurried code does: see the probe check fail.',
    },
    callExample: {
      label: 'First run the tutorial’s subprocess.call() (Python)',
      help: "subprocess.call(['nslookup', 'www.python.org']) as the tutorial has it, where nslookup is installed. It needs a name server to answer; without a network it says so.",
    },
  },
  fact: {
    call: "subprocess.call(['nslookup', 'www.python.org']) returned {code} after {ms} ms: call() waits for the program and gives back only its exit code. Its output was not captured: it went straight to the parent’s own output, as on a command line (the lines under the parent’s pid).",
    callTimedOut:
      "subprocess.call(['nslookup', 'www.python.org']) had not returned after {ms} ms (no name server answered?): call(timeout=10) killed it and raised TimeoutExpired.",
    callMissing:
      'The tutorial’s first example runs nslookup www.python.org with subprocess.call(), but nslookup is not installed on this machine, so it was not run (Debian and Ubuntu: apt install bind9-dnsutils; macOS and Windows ship it).',
    communicate:
      'Popen.communicate() wrote the input, closed stdin (the program sees the end of its input) and read stdout and stderr to their end: the real method, called with a short timeout in a loop so that a program printing without end is cut at 256 KB a stream.',
  },
  check: {
    noShell: 'An argument with shell syntax arrived unchanged and in one piece (no shell)',
    exitCode: 'Exit code 0',
    sorted: 'communicate(): sort read all its input and printed it in order',
  },
  detail: {
    noShell: 'sent {sent}; the probe received {received}{extra}',
    extra: ', and its output had more lines: {lines}',
    exitCode: 'code {code}',
    signal: 'ended by {signal}',
    stopped: 'stopped after {timeoutMs} ms',
    cut: 'killed after printing more than the 256 KB a stream that is kept: a program that prints without end never finishes by itself',
    sorted: '{in} {in:line|lines} in, {out} out: {head}',
  },
  outcome: {
    beforeStart: 'the program started',
    exited:
      '{program} (pid {pid}) exited with code {code} after {ms} ms: {out} {out:line|lines} on stdout, {err} on stderr. The probe received {received}.',
    killed:
      '{program} (pid {pid}) ended by {signal} after {ms} ms: {out} {out:line|lines} on stdout, {err} on stderr. The probe received {received}.',
    stopped:
      '{program} (pid {pid}) was stopped after the time limit ({ms} ms): {out} {out:line|lines} on stdout, {err} on stderr. The probe received {received}.',
  },
  figure: {
    language: 'Language',
    parentPid: 'Parent pid',
    pid: 'Program pid',
    exitCode: 'Exit code',
    signal: 'Signal',
    durationMs: 'Duration (ms)',
    stdinBytes: 'Bytes sent to stdin',
    stdoutLines: 'Lines on stdout',
    stderrLines: 'Lines on stderr',
    timedOut: 'Stopped at the time limit',
    shell: 'Through a shell',
    probeArgs: 'Arguments the probe received',
  },
} as const

const zh: SameShape<typeof en> = {
  error: {
    noProgram: '请填写要运行的程序名',
    notFound: '无法启动 {program}：找不到程序 {program}',
    notFoundBlocked: '无法启动 {program}：找不到程序 {program}（PATH 中有一个文件夹无法搜索：{dir}）',
    spaceInName: '{why}（程序名里有空格：请把参数写在参数列表里；这里没有 shell）',
  },
  title: 'subprocess：运行一个程序，向它的标准输入喂数据',
  summary:
    "教程用 subprocess.call(['nslookup', 'www.python.org']) 运行外部程序；当程序需要输入时，用 Popen(...).communicate(input)：把输入写进子进程的标准输入（stdin），关闭 stdin，然后父进程等待标准输出（stdout）、标准错误（stderr）和退出码。这里没有网络，所以默认的程序是本地的：把几行文字交给 sort。程序名加参数列表会原样运行，从不经过 shell：先用一个探针（一个全新的解释器，打印它收到的参数）接收参数 {'$'}HOME; echo injected，这个参数必须原封不动、完整地到达。打开 shell 选项，就能看到 shell 会把它变成什么。Python 模式运行 subprocess.Popen；Node 模式运行 child_process.spawn。请观察 stdout 和 stderr，然后是退出码和耗时；不存在的程序会以清楚的错误失败。",
  caution:
    '这会以你的身份、在你的环境中（你的 PATH、你的环境变量、你的文件）运行你指定的任何程序：和在终端里敲这条命令完全一样。ProcLab 只检查它是一个程序名加一个参数列表；它无法分辨程序是无害还是有害。',
  option: {
    program: {
      label: '程序',
      help: '在 PATH 中查找的程序名，或者一个路径。没有 shell：不要把参数写在这里。',
    },
    args: {
      label: '参数',
      help: '每项一个参数，原样传递。',
    },
    sendStdin: {
      label: '发送输入（communicate）',
    },
    stdin: {
      label: '输入',
    },
    timeoutMs: {
      label: '超时停止（毫秒）',
    },
    shell: {
      label: '通过 shell 运行（shell=True）',
      help: '像图省事的代码那样，把程序和参数不加引号地拼成一条命令行交给 shell：可以看到探针检查失败。',
    },
    callExample: {
      label: '先运行教程中的 subprocess.call()（Python）',
      help: "按教程原样执行 subprocess.call(['nslookup', 'www.python.org'])，前提是装有 nslookup。它需要域名服务器应答；没有网络时它会这样提示。",
    },
  },
  fact: {
    call: "subprocess.call(['nslookup', 'www.python.org']) 在 {ms} 毫秒后返回 {code}：call() 等待程序结束，只返回它的退出码。它的输出没有被捕获，而是直接写到父进程自己的输出里，和在命令行运行一样（显示在父进程的 PID 下）。",
    callTimedOut:
      "subprocess.call(['nslookup', 'www.python.org']) 在 {ms} 毫秒后仍未返回（没有域名服务器应答？）：call(timeout=10) 杀死了它并抛出 TimeoutExpired。",
    callMissing:
      '教程的第一个例子用 subprocess.call() 运行 nslookup www.python.org，但这台机器没有安装 nslookup，所以没有运行（Debian 和 Ubuntu：apt install bind9-dnsutils；macOS 和 Windows 自带）。',
    communicate:
      'Popen.communicate() 写入输入、关闭 stdin（程序读到输入结束），再把 stdout 和 stderr 读到结束：用的就是这个方法本身，只是在循环里带着很短的超时调用，这样一个不停输出的程序每个流在 256 KB 处被截断。',
  },
  check: {
    noShell: '含有 shell 语法的参数原封不动、完整地到达（没有 shell）',
    exitCode: '退出码为 0',
    sorted: 'communicate()：sort 读完了全部输入，并按顺序打印出来',
  },
  detail: {
    noShell: '发送的是 {sent}；探针收到的是 {received}{extra}',
    extra: '，而且它的输出还多了几行：{lines}',
    exitCode: '退出码 {code}',
    signal: '被 {signal} 结束',
    stopped: '{timeoutMs} 毫秒后被停止',
    cut: '输出超过了保留的上限（每个流 256 KB），程序被杀死：不停输出的程序永远不会自己结束',
    sorted: '输入 {in} 行，输出 {out} 行：{head}',
  },
  outcome: {
    beforeStart: '程序启动',
    exited:
      '{program}（pid {pid}）在 {ms} 毫秒后退出，退出码 {code}：stdout 有 {out} 行，stderr 有 {err} 行。探针收到的参数是 {received}。',
    killed:
      '{program}（pid {pid}）在 {ms} 毫秒后被 {signal} 结束：stdout 有 {out} 行，stderr 有 {err} 行。探针收到的参数是 {received}。',
    stopped:
      '{program}（pid {pid}）到了时间限制被停止（{ms} 毫秒）：stdout 有 {out} 行，stderr 有 {err} 行。探针收到的参数是 {received}。',
  },
  figure: {
    language: '语言',
    parentPid: '父进程 pid',
    pid: '程序的 pid',
    exitCode: '退出码',
    signal: '信号',
    durationMs: '耗时（毫秒）',
    stdinBytes: '写入 stdin 的字节数',
    stdoutLines: 'stdout 行数',
    stderrLines: 'stderr 行数',
    timedOut: '到时间限制被停止',
    shell: '经过 shell',
    probeArgs: '探针收到的参数',
  },
}

export const subprocess: Bilingual<typeof en> = { en, zh }
export const subprocessMsg = messages('scenario.subprocess', subprocess)
