// distributed (分布式进程): a master exposing a task queue and a result queue
// on the network behind a key, and workers that know only the address and
// the key. Python mode: the tutorial's task_master.py / task_worker.py with
// multiprocessing.managers, workers startable by hand. Node mode: ProcLab's
// own analogue (distributed-master.child.ts). checks.ts judges both.
import fs from 'node:fs'
import path from 'node:path'
import type { ScenarioOption } from '../../../shared/model'
import type { DistributedResult, QueueSample } from '../../../shared/scenarios/distributed'
import { distributedMsg as msg } from '../../../shared/i18n/scenarios/distributed'
import { entry } from '../../../child/entries'
import { LabError } from '../../errors'
import { readPrivateFile } from '../../platform/private-files'
import { coreMsg } from '../../../shared/i18n/core'
import { cutShort, runParent, type ParentRun } from '../../bridge/host-bridge'
import { pythonNotRun, runPythonParent } from '../../bridge/python'
import { languageOption } from '../options'
import { defineScenario, type ScenarioContext, type ScenarioOptions } from '../types'
import { distributedOutcome, LOOPBACK, type KeyScan } from './checks'

const ALL_INTERFACES = '0.0.0.0'
const bindAddress = (o: ScenarioOptions): string => (o.bind === 'all' ? ALL_INTERFACES : LOOPBACK)

export const distributedScenario = defineScenario({
  info: {
    id: 'distributed',
    section: '分布式进程 (managers)',
    kind: 'process',
    cautious: true,
    get options(): readonly ScenarioOption[] {
      return [
        languageOption(),
        { key: 'workers', type: 'integer', default: 2, min: 0, max: 4 },
        { key: 'tasks', type: 'integer', default: 10, min: 1, max: 50 },
        // The tutorial's warning, run: put into the original task_queue instead of the manager's proxy.
        { key: 'putInto', type: 'choice', default: 'proxy', choices: ['proxy', 'original'] },
        { key: 'intruder', type: 'boolean', default: true },
        { key: 'taskSec', type: 'number', default: 1, min: 0, max: 10 },
        { key: 'waitSec', type: 'integer', default: 10, min: 1, max: 600 },
        { key: 'bind', type: 'choice', default: 'loopback', choices: ['loopback', 'all'] },
        { key: 'allowRemote', type: 'boolean', default: false },
        { key: 'port', type: 'integer', default: 0, min: 0, max: 65535 },
      ]
    },
  },
  sources: ['task_master.py', 'task_worker.py', 'distributed-master', 'distributed-worker'],
  check(options) {
    const node = options.language === 'node'
    if (options.bind === 'all' && !options.allowRemote) throw new LabError('EINVAL', msg('error.remoteNeedsOptIn'))
    if (node && options.bind === 'all') throw new LabError('EINVAL', msg('error.nodeLoopbackOnly'))
    if (node && Number(options.workers) < 1) throw new LabError('EINVAL', msg('error.nodeNeedsWorker'))
    if (node && options.putInto === 'original') throw new LabError('EINVAL', msg('error.originalPythonOnly'))
  },
  async run(ctx) {
    return ctx.options.language === 'node' ? runNode(ctx) : runPython(ctx)
  },
})

type Ctx = ScenarioContext<'distributed'>

/** The queue sizes over time, from the live state the master publishes. */
function seriesOf(ctx: Ctx): QueueSample[] {
  return [...(ctx.info().live?.series ?? [])]
}

function judged(ctx: Ctx, run: ParentRun<DistributedResult>, r: DistributedResult, keyScan?: KeyScan) {
  const adopted = [...run.bridge.adopted.values()]
  return distributedOutcome({
    language: ctx.options.language === 'node' ? 'node' : 'python',
    masterPid: run.started.pid,
    workers: Number(ctx.options.workers),
    tasks: Number(ctx.options.tasks),
    putInto: ctx.options.putInto === 'original' ? 'original' : 'proxy',
    bind: bindAddress(ctx.options),
    allowRemote: ctx.options.allowRemote === true,
    result: r,
    adopted,
    keyScan,
    series: seriesOf(ctx),
  })
}

async function runNode(ctx: Ctx) {
  const run = await runParent(ctx, entry('distributed-master'), 'master')
  if (!run.result) return cutShort(ctx, run, 'master', coreMsg('before.resultsCollected'))
  return judged(ctx, run, run.result)
}

async function runPython(ctx: Ctx) {
  // Where the key could leak: every line any process of the run prints, and every command line.
  const output: string[] = []
  const unsubscribe = ctx.onOutput((_pid, _stream, text) => void output.push(text))
  const argv = new Map<number, string>()
  const readArgv = (): void => {
    for (const pid of ctx.info().pids) {
      if (argv.has(pid)) continue
      const line = ctx.platform.commandLine(pid)
      // null: gone already; undefined: no cheap read of another process's command line here.
      if (typeof line === 'string') argv.set(pid, line)
    }
  }
  // The key never comes in the live state (it is recorded and exported): the master names a file
  // only this user can read, and the core reads it from there, to look for it where it must not be.
  let key: string | undefined
  let keyFile: string | null = null
  const readKey = (): void => {
    keyFile ??= ctx.info().live?.join?.keyFile ?? null
    if (key !== undefined || !keyFile) return
    try {
      key = readPrivateFile(keyFile, 4096).toString('utf8').trim()
    } catch {
      // Not written yet, or gone with the master.
    }
  }
  const poll = setInterval(() => {
    readArgv()
    readKey()
  }, 200)
  const options = {
    tasks: ctx.options.tasks,
    putInto: ctx.options.putInto,
    localWorkers: ctx.options.workers,
    intruder: ctx.options.intruder,
    taskSec: ctx.options.taskSec,
    waitSec: ctx.options.waitSec,
    bind: bindAddress(ctx.options),
    port: ctx.options.port,
  }
  let run
  try {
    run = await runPythonParent(ctx, 'task_master', 'master', () => {}, options)
  } finally {
    clearInterval(poll)
    unsubscribe()
    removeKeyFile(keyFile)
  }
  if ('missing' in run)
    return pythonNotRun(run.missing, [
      ctx.options.putInto === 'original'
        ? msg('check.originalUnseen')
        : msg('check.allAnswered', { t: Number(ctx.options.tasks) }),
      msg('check.workersPython'),
      msg('check.serverProcess'),
      msg('check.keyHidden'),
    ])
  if (!run.result) return cutShort(ctx, run, 'master', coreMsg('before.resultsCollected'))
  const hasProc = ctx.platform.commandLine(process.pid) !== undefined
  const lines = output
    .join('')
    .split('\n')
    .filter((l) => l.length > 0)
  const found: string | undefined = key
  const keyScan: KeyScan = {
    keyKnown: found !== undefined && found.length > 0,
    lines: lines.length,
    inOutput: found ? lines.filter((l) => l.includes(found)).length : 0,
    argvRead: hasProc ? argv.size : null,
    inArgv: found ? [...argv.values()].filter((a) => a.includes(found)).length : 0,
  }
  return judged(ctx, run, run.result, keyScan)
}

/**
 * The master removes its key file when it exits; stopped by a signal it cannot, so the core does.
 * Only a file of the shape the master makes (`proclab-key-*` folder, `authkey` file) is removed.
 */
function removeKeyFile(file: string | null): void {
  if (!file || path.basename(file) !== 'authkey' || !path.basename(path.dirname(file)).startsWith('proclab-key-'))
    return
  fs.rmSync(path.dirname(file), { recursive: true, force: true })
}
