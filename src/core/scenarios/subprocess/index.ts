import type { ExitInfo } from '../../../shared/model'
import { PROBE_ARG, type ArgvProbe, type SubprocessResult } from '../../../shared/scenarios/subprocess'
import { cutShort } from '../../bridge/host-bridge'
import { pythonNotRun, runPythonParent } from '../../bridge/python'
import { LabError, plainMsg } from '../../errors'
import type { ChildSpec } from '../../supervisor/run-processes'
import { languageOption } from '../options'
import { defineScenario, type ScenarioContext } from '../types'
import { SUBPROCESS_PYTHON_CHECKS, subprocessOutcome } from './outcome'
import { coreMsg } from '../../../shared/i18n/core'
import { subprocessMsg as msg } from '../../../shared/i18n/scenarios/subprocess'

const DEFAULT_STDIN = 'cherry\napple\nbanana\ndate\n'
/** How much of each stream the outcome keeps. */
const KEEP_CHARS = 256 * 1024
/** The probe: a fresh Node interpreter printing the arguments it received. */
const ARGV_PROBE = 'console.log(JSON.stringify(process.argv.slice(1)))'

export const subprocessScenario = defineScenario({
  info: {
    id: 'subprocess',
    section: '子进程 (subprocess)',
    kind: 'process',
    cautious: true,
    options: [
      languageOption(),
      { key: 'program', type: 'string', default: 'sort', max: 260 },
      { key: 'args', type: 'string-list', default: [], max: 32 },
      { key: 'sendStdin', type: 'boolean', default: true },
      { key: 'stdin', type: 'string', default: DEFAULT_STDIN, max: 100_000 },
      { key: 'timeoutMs', type: 'integer', default: 10_000, min: 100, max: 120_000 },
      { key: 'shell', type: 'boolean', default: false },
      // Python: the tutorial's subprocess.call(['nslookup', 'www.python.org']) first.
      { key: 'callExample', type: 'boolean', default: true },
    ],
  },
  // Python mode: ProcLab's program that runs yours. Node mode: nothing of ProcLab's runs in the child.
  sources: ['subprocess_demo.py'],
  async run(ctx) {
    const program = String(ctx.options.program).trim()
    const args = [...(ctx.options.args as readonly string[])]
    const stdin = ctx.options.sendStdin ? String(ctx.options.stdin) : undefined
    const timeoutMs = Number(ctx.options.timeoutMs)
    if (!program) throw new LabError('EINVAL', msg('error.noProgram'))

    let result: SubprocessResult
    if (ctx.options.language === 'python') {
      const py = await runPythonParent(ctx, 'subprocess_demo', 'parent')
      if ('missing' in py) return pythonNotRun(py.missing, SUBPROCESS_PYTHON_CHECKS)
      const r = py.result
      if (r && 'notFound' in r)
        throw new LabError(
          'ENOENT',
          r.blocked === undefined
            ? msg('error.notFound', { program })
            : msg('error.notFoundBlocked', { program, dir: r.blocked }),
        )
      if (!r) return cutShort(ctx, py, 'parent', coreMsg('before.programEnded'))
      result = r
    } else {
      const r = await runNode(ctx, program, args, stdin, timeoutMs)
      if (!r)
        return {
          summary: coreMsg('run.stoppedBefore', { before: msg('outcome.beforeStart') }),
          checks: [],
          figures: {},
        }
      result = r
    }
    return subprocessOutcome({ result, program, args, stdin, timeoutMs })
  },
})

interface Collected {
  readonly pid: number
  readonly exit: ExitInfo
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
}

/** Starts one process of the run, keeps the head of its output, stops it at the time limit or when the run stops. */
async function collect(
  ctx: ScenarioContext<'subprocess'>,
  spec: ChildSpec,
  timeoutMs: number,
  onStart: (pid: number) => void = () => {},
): Promise<Collected> {
  // The outcome keeps the head of each stream; a program may print without end.
  const out: Record<'stdout' | 'stderr', string[]> = { stdout: [], stderr: [] }
  const kept = { stdout: 0, stderr: 0 }
  let pid = 0
  const unsubscribe = ctx.onOutput((from, stream, text) => {
    if (from !== pid || kept[stream] >= KEEP_CHARS) return
    out[stream].push(text)
    kept[stream] += text.length
  })
  let timedOut = false
  try {
    const started = await ctx.spawn(spec)
    pid = started.pid
    onStart(pid)
    const timer = setTimeout(() => {
      timedOut = true
      void ctx.stop(pid, 1000)
    }, timeoutMs)
    const stop = (): void => void ctx.stop(pid, 1000)
    if (ctx.signal.aborted) stop()
    ctx.signal.addEventListener('abort', stop, { once: true })
    const exit = await started.exited
    clearTimeout(timer)
    ctx.signal.removeEventListener('abort', stop)
    return { pid, exit, stdout: out.stdout.join('\n'), stderr: out.stderr.join('\n'), timedOut }
  } finally {
    unsubscribe()
  }
}

async function runNode(
  ctx: ScenarioContext<'subprocess'>,
  program: string,
  args: readonly string[],
  stdin: string | undefined,
  timeoutMs: number,
): Promise<SubprocessResult | undefined> {
  const shell = Boolean(ctx.options.shell)
  const q = ctx.platform.quoteForShell
  // The probe: does an argument full of shell syntax arrive as it was given?
  const probeSpec: ChildSpec = shell
    ? {
        kind: 'exec',
        ...ctx.platform.shell(`${ctx.platform.shellProgram(process.execPath)} -e ${q(ARGV_PROBE)} ${PROBE_ARG}`),
        role: 'argv probe',
      }
    : { kind: 'exec', file: process.execPath, args: ['-e', ARGV_PROBE, PROBE_ARG], role: 'argv probe' }
  const probed = await collect(ctx, { ...probeSpec, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, timeoutMs)
  const probeLines = probed.stdout ? probed.stdout.split('\n') : []
  const probe: ArgvProbe = { sent: PROBE_ARG, argv: parseArgv(probeLines[0]), extra: probeLines.slice(1) }
  // Stopped while the probe ran: the program is not started at all.
  if (ctx.signal.aborted) return undefined

  const argv = [program, ...args]
  const spec: ChildSpec = shell
    ? { kind: 'exec', ...ctx.platform.shell(argv.join(' ')), stdin, role: 'program' }
    : { kind: 'exec', file: program, args, stdin, role: 'program' }
  const stdinBytes = stdin === undefined ? null : Buffer.byteLength(stdin)
  const live = (pid: number): void => ctx.setLive({ pid, program, args, stdinBytes })
  const run = await collect(ctx, spec, timeoutMs, live).catch((err: Error) => {
    const why = plainMsg(err.message)
    const spaced = /\s/.test(program) && args.length === 0
    throw new LabError('ENOENT', spaced ? msg('error.spaceInName', { why }) : why)
  })
  return {
    language: 'node',
    shell,
    probe,
    pid: run.pid,
    argv,
    exitCode: run.exit.code,
    signal: run.exit.signal,
    timedOut: run.timedOut,
    durationMs: run.exit.runtimeMs,
    stdinBytes,
    stdout: run.stdout,
    stderr: run.stderr,
  }
}

function parseArgv(line: string | undefined): string[] | null {
  try {
    const v: unknown = JSON.parse(line ?? '')
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null
  } catch {
    return null
  }
}
