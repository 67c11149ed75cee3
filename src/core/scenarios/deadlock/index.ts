// deadlock (Lock, 死锁): the lab builds the wait-for graph from the locks' owner
// records and the threads' waiter records (Node's shared mutexes, or what
// src/python/deadlock.py reports of its threading.Locks), reports the cycle as
// soon as the host's table shows it, and shows that deadlocked threads burn no CPU.
import { deadlockMsg } from '../../../shared/i18n/scenarios/deadlock'
import type { DeadlockVariant } from '../../../shared/scenarios/deadlock'
import type { DeadlockReport, WaitForGraph } from '../../../shared/thread-lab'
import { HOT_INTERVAL_MS } from '../../sampler/sampler'
import { ThreadCpuMeter } from '../../sampler/thread-cpu'
import { chooseLanguage } from '../python-mode'
import { cpuSeconds, hostAction, num, round1, runHost, str, type HostView } from '../../bridge/thread-kit'
import { checkSchedule, languageOption, scheduleOptions } from '../options'
import { STEP_ACTION } from '../../../shared/scheduler'
import { manualSchedule, type ManualSchedule } from '../schedule'
import { deadlock, deadlockProgram } from '../schedule-model'
import { manualDeadlockOutcome } from './manual-outcome'
import { defineScenario } from '../types'
import { buildWaitForGraph } from './wait-for'
import { deadlockOutcome, describeCycle } from './outcome'

const THREADS = ['Thread-1', 'Thread-2']

/** How long a cycle must last before its CPU use is reported. */
const CPU_WINDOW_MS = 1000

export function graphOf(view: HostView): WaitForGraph {
  const labThreads = view.raw.filter((t) => t.slot > 0)
  return buildWaitForGraph(
    labThreads.map((t) => ({
      id: `t${t.slot}`,
      label: t.name,
      waitsFor: t.state === 'waiting' ? `l${t.arg}` : undefined,
    })),
    view.locks.map((l) => ({ id: `l${l.index}`, label: l.name, heldBy: l.owner >= 0 ? `t${l.owner}` : undefined })),
  )
}

export const deadlockScenario = defineScenario({
  info: {
    id: 'deadlock',
    section: 'Lock',
    kind: 'thread',
    options: [
      languageOption(),
      { key: 'variant', type: 'choice', default: 'opposite-order', choices: ['opposite-order', 'ordered', 'timeout'] },
      { key: 'holdMs', type: 'integer', default: 200, min: 10, max: 2000 },
      { key: 'timeoutS', type: 'integer', default: 60, min: 5, max: 600 },
      ...scheduleOptions(),
    ],
    actions: [
      {
        id: STEP_ACTION,
        options: [{ key: 'thread', type: 'choice', default: 'Thread-1', choices: THREADS }],
      },
      {
        id: 'break',
        options: [{ key: 'thread', type: 'choice', default: 'Thread-2', choices: THREADS }],
      },
      { id: 'end-process' },
    ],
  },
  sources: ['thread-deadlock', 'deadlock.py'],
  check(options) {
    checkSchedule(options, THREADS.length, 'scenario.deadlock.option', {
      key: 'variant',
      choices: ['opposite-order', 'ordered'],
    })
  },
  action: (ctx, action, options) => hostAction(ctx, action, options),
  async run(ctx) {
    const variant = str(ctx.options, 'variant') as DeadlockVariant
    const manual: ManualSchedule | undefined =
      str(ctx.options, 'schedule') === 'manual'
        ? manualSchedule(
            ctx,
            {
              id: 'deadlock',
              program: deadlockProgram(variant === 'ordered'),
              fewestOf: deadlockProgram(variant === 'ordered'),
              goal: deadlock,
            },
            str(ctx.options, 'replay'),
            THREADS.length,
          )
        : undefined
    const lang = chooseLanguage(ctx, [
      variant === 'ordered'
        ? deadlockMsg('check.ordered')
        : variant === 'timeout'
          ? deadlockMsg('check.timeout')
          : deadlockMsg('check.cycle'),
    ])
    if ('notRun' in lang) return lang.notRun
    const { language } = lang
    let report: DeadlockReport | null = null
    let firstReport: DeadlockReport | null = null
    let firstIds: string | null = null
    let everCycle = false
    let graph: WaitForGraph | undefined
    let mark: { at: number; host: number | null } | undefined
    const meter = new ThreadCpuMeter(ctx.platform)
    const run = await runHost(
      ctx,
      'thread-deadlock',
      {
        ...lang,
        variant,
        holdMs: num(ctx.options, 'holdMs'),
        timeoutS: num(ctx.options, 'timeoutS'),
        threadNames: THREADS,
        schedule: manual ? 'manual' : 'os',
        replay: manual ? str(ctx.options, 'replay') : '',
      },
      {
        onLive: manual?.hooks.onLive,
        onTable(view) {
          graph = graphOf(view)
          const cycle = graph.cycles[0]
          if (!cycle) {
            report = null
            mark = undefined
            return { graph, deadlock: null }
          }
          everCycle = true
          // The process that holds the threads: the host, or python3 in the Python mode.
          const pids = [...new Set(view.raw.filter((t) => t.slot > 0).map((t) => t.pid))]
          if (!report) {
            const d = describeCycle(graph, cycle)
            const blockedAt = Math.max(...view.raw.filter((t) => d.threads.includes(t.name)).map((t) => t.since))
            const now = Date.now()
            report = {
              text: d.text,
              threads: d.threads,
              locks: d.locks,
              detectedAt: now,
              latencyMs: Math.max(0, now - blockedAt),
            }
            if (!firstReport) {
              firstReport = report
              firstIds = d.ids
            }
            meter.byTid(pids)
            mark = { at: now, host: cpuSeconds(ctx.platform, pids) }
          } else if (mark && Date.now() - mark.at >= CPU_WINDOW_MS && report.threadCpu === undefined) {
            const seconds = (Date.now() - mark.at) / 1000
            const byTid = meter.byTid(pids)
            // Only what the OS measured counts: a thread it did not report leaves the figure unknown, not 0.
            const cpus = view.raw.filter((t) => report!.threads.includes(t.name)).map((t) => byTid.get(t.tid))
            const host = cpuSeconds(ctx.platform, pids)
            report = {
              ...report,
              threadCpu:
                cpus.length > 0 && cpus.every((c) => c !== undefined)
                  ? round1(Math.max(...(cpus as number[])))
                  : undefined,
              hostCpu: host === null || mark.host === null ? undefined : round1(((host - mark.host) / seconds) * 100),
            }
            if (firstReport?.detectedAt === report.detectedAt) firstReport = report
          }
          return { graph, deadlock: report }
        },
      },
    )
    const outcome = deadlockOutcome(
      run.result,
      {
        language,
        variant,
        first: firstReport,
        everCycle,
        stopped: run.stopped,
        timeoutS: num(ctx.options, 'timeoutS'),
        intervalMs: HOT_INTERVAL_MS,
      },
      { threads: run.view.threads, graph, lines: [] },
      firstIds,
    )
    return manual
      ? manualDeadlockOutcome(outcome, manual.last(), { ordered: variant === 'ordered', everCycle, language })
      : outcome
  },
})
