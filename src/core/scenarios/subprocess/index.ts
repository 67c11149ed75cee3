import type { ExitInfo, OutcomeCheck } from '../../../shared/model'
import { LabError } from '../../errors'
import { defineScenario } from '../types'

const DEFAULT_STDIN = 'cherry\napple\nbanana\ndate\n'
/** How much of each stream the outcome keeps. */
const KEEP_CHARS = 256 * 1024

export const subprocessScenario = defineScenario({
  info: {
    id: 'subprocess',
    title: 'subprocess: run a program, feed its stdin',
    section: '子进程 (subprocess)',
    kind: 'process',
    summary:
      "The seed runs an external program with subprocess.call(['nslookup', 'www.python.org']) and, when it needs input, with Popen(...).communicate(input): " +
      "the input is written to the child's stdin, stdin is closed, and the parent waits for stdout, stderr and the exit code. " +
      "Here ProcLab's supervisor does the same with child_process.spawn(program, args): a program name plus a list of arguments, never a shell command line, " +
      'so nothing in an argument is interpreted by a shell. The default feeds a few lines to sort. Watch stdout and stderr stream in, then the exit code and duration; a program that does not exist fails with a clear error.',
    caution:
      'This runs any program you name, as you, with your environment (your PATH, your variables, your files): exactly what typing it in a terminal would do. ' +
      'ProcLab checks only that it is a program name with a list of arguments; it cannot tell a harmless program from a harmful one.',
    options: [
      {
        key: 'program',
        label: 'Program',
        type: 'string',
        default: 'sort',
        max: 260,
        help: 'A program name looked up on PATH, or a path. No shell: do not put arguments here.',
      },
      {
        key: 'args',
        label: 'Arguments',
        type: 'string-list',
        default: [],
        max: 32,
        help: 'One argument per item, passed as is.',
      },
      { key: 'sendStdin', label: 'Send input (communicate)', type: 'boolean', default: true },
      { key: 'stdin', label: 'Input', type: 'string', default: DEFAULT_STDIN, max: 100_000 },
      { key: 'timeoutMs', label: 'Stop it after (ms)', type: 'integer', default: 10_000, min: 100, max: 120_000 },
    ],
  },
  // Nothing of ProcLab's runs in the child: it is the program you name.
  sources: [],
  async run(ctx) {
    const program = String(ctx.options.program).trim()
    const args = [...(ctx.options.args as readonly string[])]
    const stdin = ctx.options.sendStdin ? String(ctx.options.stdin) : undefined
    const timeoutMs = Number(ctx.options.timeoutMs)
    if (!program) throw new LabError('EINVAL', 'Name a program to run')

    // The outcome keeps the head of each stream; a program may print without end.
    const out: Record<'stdout' | 'stderr', string[]> = { stdout: [], stderr: [] }
    const kept = { stdout: 0, stderr: 0 }
    let pid = 0
    const unsubscribe = ctx.onOutput((from, stream, text) => {
      if (from !== pid || kept[stream] >= KEEP_CHARS) return
      out[stream].push(text)
      kept[stream] += text.length
    })
    let exit: ExitInfo
    let timedOut = false
    try {
      const started = await ctx
        .spawn({ kind: 'exec', file: program, args, stdin, role: 'program' })
        .catch((err: Error) => {
          const hint =
            /\s/.test(program) && args.length === 0
              ? ' (the program name has a space: give its arguments in the argument list; there is no shell)'
              : ''
          throw new LabError('ENOENT', err.message + hint)
        })
      pid = started.pid
      ctx.setLive({ pid, program, args, stdinBytes: stdin === undefined ? null : Buffer.byteLength(stdin) })
      const timer = setTimeout(() => {
        timedOut = true
        void ctx.stop(pid, 1000)
      }, timeoutMs)
      const stop = (): void => void ctx.stop(pid, 1000)
      ctx.signal.addEventListener('abort', stop, { once: true })
      exit = await started.exited
      clearTimeout(timer)
      ctx.signal.removeEventListener('abort', stop)
    } finally {
      unsubscribe()
    }

    const stdout = out.stdout.join('\n')
    const stderr = out.stderr.join('\n')
    const outLines = stdout ? stdout.split('\n') : []
    const checks: OutcomeCheck[] = [
      {
        label: 'Started as a program with an argument list, no shell',
        ok: pid > 0,
        detail: `pid ${pid}: argv = ${JSON.stringify([program, ...args])}`,
      },
      {
        label: 'Exit code 0',
        ok: exit.code === 0 && !timedOut,
        detail: timedOut
          ? `stopped after ${timeoutMs} ms (${exit.reason}${exit.signal ? `, ${exit.signal}` : ''})`
          : `${exit.reason}: code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ''}`,
      },
    ]
    if (stdin !== undefined && isSort(program) && args.length === 0) {
      const inLines = stdin.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1)
      const sameLines = [...inLines].sort().join('\n') === [...outLines].sort().join('\n')
      checks.push({
        label: 'communicate(): sort read all its input and printed it in order',
        ok: sameLines && isOrdered(outLines),
        detail: `${inLines.length} lines in, ${outLines.length} out: ${outLines.slice(0, 6).join(', ')}${outLines.length > 6 ? ', ...' : ''}`,
      })
    }
    return {
      summary: `${program} (pid ${pid}) ${timedOut ? 'was stopped after the time limit' : `exited with code ${exit.code}${exit.signal ? ` (${exit.signal})` : ''}`} after ${exit.runtimeMs} ms: ${outLines.length} lines on stdout, ${stderr ? stderr.split('\n').length : 0} on stderr.`,
      checks,
      figures: {
        pid,
        exitCode: exit.code,
        signal: exit.signal,
        reason: exit.reason,
        durationMs: exit.runtimeMs,
        stdinBytes: stdin === undefined ? null : Buffer.byteLength(stdin),
        stdoutLines: outLines.length,
        stderrLines: stderr ? stderr.split('\n').length : 0,
        timedOut,
      },
      data: { stdout, stderr, argv: [program, ...args] },
    }
  },
})

function isSort(program: string): boolean {
  return /(^|[\\/])sort(\.exe)?$/i.test(program)
}

/** In order by byte value (LC_ALL=C) or by the locale's collation: sort follows one of the two. */
function isOrdered(lines: string[]): boolean {
  const asIs = lines.join('\n')
  return [...lines].sort().join('\n') === asIs || [...lines].sort((a, b) => a.localeCompare(b)).join('\n') === asIs
}
