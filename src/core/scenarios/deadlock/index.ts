// deadlock (Lock, 死锁): the lab builds the wait-for graph from the locks'
// owner records and the threads' waiter records, reports the cycle as soon as
// the host's table shows it, and shows that deadlocked threads burn no CPU.
import type { DeadlockReport, ThreadOutcomeData, WaitForGraph } from '../../../shared/thread-lab'
import { HOT_INTERVAL_MS } from '../../sampler/sampler'
import { buildWaitForGraph } from './wait-for'

import { ThreadCpuMeter } from '../../sampler/thread-cpu'
import { cpuSeconds, hostAction, num, round1, runHost, str, type HostView } from '../../bridge/thread-kit'
import { defineScenario } from '../types'

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

function describe(graph: WaitForGraph, cycle: readonly string[]): { text: string; threads: string[]; locks: string[] } {
  const label = (id: string): string => graph.nodes.find((n) => n.id === id)?.label ?? id
  const threads: string[] = []
  const locks: string[] = []
  const parts: string[] = []
  // A cycle alternates thread, lock (it waits for), thread (that holds it), ...
  for (let i = 0; i < cycle.length; i += 2) {
    const t = label(cycle[i])
    const wants = label(cycle[i + 1])
    const holds = graph.edges.filter((e) => e.kind === 'held-by' && e.to === cycle[i]).map((e) => label(e.from))
    threads.push(t)
    locks.push(wants)
    parts.push(`${t} holds ${holds.join(' and ') || 'nothing'} and waits for ${wants}`)
  }
  return { text: `${parts.join('; ')}.`, threads, locks }
}

export const deadlockScenario = defineScenario({
  info: {
    id: 'deadlock',
    title: 'Deadlock: two threads, two locks, opposite order',
    section: 'Lock',
    kind: 'thread',
    summary:
      "The seed warns that with several locks, threads holding different locks and each trying to take the other's can deadlock: all of them hang, and neither runs nor ends until something outside ends them. Thread-1 takes lock A then B; Thread-2 takes B then A, with a pause in between, so each ends up holding one lock and waiting for the other. ProcLab reads who owns each lock and who waits for which, draws the wait-for graph (thread → lock it waits for → thread that holds it) and reports the cycle within a sampling interval. Watch the CPU column: blocked threads sleep in the kernel and use nothing. End the run, or break the cycle by terminating one thread: its locks are freed and the other thread finishes. The ordered variant takes A before B in both threads and never deadlocks.",
    options: [
      {
        key: 'variant',
        label: 'Lock order',
        type: 'choice',
        default: 'opposite-order',
        choices: ['opposite-order', 'ordered'],
      },
      {
        key: 'holdMs',
        label: 'Work while holding the first lock (ms)',
        type: 'integer',
        default: 200,
        min: 10,
        max: 2000,
      },
      { key: 'timeoutS', label: 'End the run after (s)', type: 'integer', default: 60, min: 5, max: 600 },
    ],
    actions: [
      {
        id: 'break',
        label: 'Break the cycle: terminate a thread',
        options: [{ key: 'thread', label: 'Thread', type: 'choice', default: 'Thread-2', choices: THREADS }],
      },
    ],
  },
  sources: ['thread-deadlock'],
  action: (ctx, action, options) => hostAction(ctx, action, options),
  async run(ctx) {
    let report: DeadlockReport | null = null
    let firstReport: DeadlockReport | null = null
    let everCycle = false
    let graph: WaitForGraph | undefined
    let mark: { at: number; host: number | null } | undefined
    const meter = new ThreadCpuMeter()
    const run = await runHost(
      ctx,
      'thread-deadlock',
      {
        variant: str(ctx.options, 'variant'),
        holdMs: num(ctx.options, 'holdMs'),
        timeoutS: num(ctx.options, 'timeoutS'),
        threadNames: THREADS,
      },
      {
        onTable(view) {
          graph = graphOf(view)
          const cycle = graph.cycles[0]
          if (!cycle) {
            report = null
            mark = undefined
            return { graph, deadlock: null }
          }
          everCycle = true
          if (!report) {
            const d = describe(graph, cycle)
            const blockedAt = Math.max(...view.raw.filter((t) => d.threads.includes(t.name)).map((t) => t.since))
            const now = Date.now()
            report = { ...d, detectedAt: now, latencyMs: Math.max(0, now - blockedAt) }
            firstReport ??= report
            meter.byTid([view.pid])
            mark = { at: now, host: cpuSeconds([view.pid]) }
          } else if (mark && Date.now() - mark.at >= CPU_WINDOW_MS && report.threadCpu === undefined) {
            const seconds = (Date.now() - mark.at) / 1000
            const byTid = meter.byTid([view.pid])
            // Only what the OS measured counts: a thread it did not report leaves the figure unknown, not 0.
            const cpus = view.raw.filter((t) => report!.threads.includes(t.name)).map((t) => byTid.get(t.tid))
            const host = cpuSeconds([view.pid])
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
    const r = run.result
    const first = firstReport as DeadlockReport | null
    const data: ThreadOutcomeData = { threads: run.view.threads, graph, lines: [] }
    const checks = []
    const ordered = str(ctx.options, 'variant') === 'ordered'
    if (ordered) {
      const allDone = r?.threads.every((t) => t.state === 'done') ?? false
      checks.push({
        label: 'Taking the locks in one order never deadlocks',
        ok: !everCycle && allDone,
        detail: everCycle ? 'a cycle was seen' : 'no cycle; both threads finished',
      })
    } else {
      checks.push({
        label: 'The wait-for graph has a cycle (deadlock found)',
        ok: first !== null,
        detail: first?.text ?? 'no cycle seen',
      })
      if (first) {
        checks.push({
          label: `Reported within one sampling interval (${HOT_INTERVAL_MS} ms)`,
          ok: first.latencyMs <= HOT_INTERVAL_MS,
          detail: `${first.latencyMs} ms after the last thread blocked`,
        })
        if (first.threadCpu !== undefined) {
          checks.push({
            label: 'Deadlocked threads use no CPU',
            ok: first.threadCpu < 2,
            detail: `each at most ${first.threadCpu}% of a core; the whole host ${first.hostCpu}%`,
          })
        }
      }
      if (r?.broken) {
        const other = r.threads.find((t) => t.name !== r.broken!.thread)
        checks.push({
          label: 'Terminating one thread broke the cycle',
          ok: other?.state === 'done',
          detail: `${r.broken.thread} terminated, lock ${r.broken.freed.join(', ')} freed; ${other?.name} ${other?.state === 'done' ? 'finished' : `is ${other?.state}`}`,
        })
      }
    }
    const ending =
      r?.endedBy === 'timeout'
        ? `Still deadlocked after ${num(ctx.options, 'timeoutS')} s: the lab ended both threads.`
        : r?.broken
          ? `Broken by terminating ${r.broken.thread}.`
          : run.stopped
            ? 'Ended by the user.'
            : ''
    return {
      summary: ordered
        ? everCycle
          ? 'A cycle appeared even with ordered locks.'
          : 'Both threads took A before B: one waited for the other, no cycle, both finished.'
        : first
          ? `Deadlock: ${first.text} Found ${first.latencyMs} ms after the last thread blocked${first.threadCpu !== undefined ? `; the stuck threads used ${first.threadCpu}% CPU` : ''}. ${ending}`
          : `No deadlock was seen. ${ending}`,
      checks,
      figures: {
        variant: str(ctx.options, 'variant'),
        cycle: first?.text ?? null,
        latencyMs: first?.latencyMs ?? null,
        threadCpu: first?.threadCpu ?? null,
        hostCpu: first?.hostCpu ?? null,
        endedBy: r?.broken ? `terminated ${r.broken.thread}` : (r?.endedBy ?? (run.stopped ? 'stopped' : null)),
      },
      data,
    }
  },
})
