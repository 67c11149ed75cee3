// subprocess (子进程 (subprocess)): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'subprocess: run a program, feed its stdin',
  summary:
    "The seed runs an external program with subprocess.call(['nslookup', 'www.python.org']) and, when it needs input, with Popen(...).communicate(input): the input is written to the child's stdin, stdin is closed, and the parent waits for stdout, stderr and the exit code. Here ProcLab's supervisor does the same with child_process.spawn(program, args): a program name plus a list of arguments, never a shell command line, so nothing in an argument is interpreted by a shell. The default feeds a few lines to sort. Watch stdout and stderr stream in, then the exit code and duration; a program that does not exist fails with a clear error.",
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
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'subprocess: run a program, feed its stdin',
  summary:
    "The seed runs an external program with subprocess.call(['nslookup', 'www.python.org']) and, when it needs input, with Popen(...).communicate(input): the input is written to the child's stdin, stdin is closed, and the parent waits for stdout, stderr and the exit code. Here ProcLab's supervisor does the same with child_process.spawn(program, args): a program name plus a list of arguments, never a shell command line, so nothing in an argument is interpreted by a shell. The default feeds a few lines to sort. Watch stdout and stderr stream in, then the exit code and duration; a program that does not exist fails with a clear error.",
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
  },
}

export const subprocess: Bilingual<typeof en> = { en, zh }
export const subprocessMsg = messages('scenario.subprocess', subprocess)
