// deadlock's outcome from what the run saw: a pure function, so a test can feed
// it a broken run and see each check fail (test/core/deadlock-checks.test.ts).
import { deadlockMsg } from '../../../shared/i18n/scenarios/deadlock'
import type { Msg } from '../../../shared/msg'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { DeadlockResult, DeadlockVariant } from '../../../shared/scenarios/deadlock'
import type { DeadlockReport, ThreadOutcomeData, WaitForGraph } from '../../../shared/thread-lab'
import { joinMsgs } from '../msg-list'

/** A thread asleep in the kernel uses nothing; 2 % of a core allows for the meter's rounding. */
const STUCK_MAX_CPU = 2

/** What the run saw, beyond the driver's result. */
export interface DeadlockSeen {
  readonly language: 'python' | 'node'
  readonly variant: DeadlockVariant
  /** The first cycle reported (with its CPU once measured), or null. */
  readonly first: DeadlockReport | null
  /** Whether a cycle was seen at any time. */
  readonly everCycle: boolean
  readonly stopped: boolean
  readonly timeoutS: number
  readonly intervalMs: number
}

/** "Thread-1 holds A and waits for B; Thread-2 holds B and waits for A." as a message, with the names it read. */
export function describeCycle(
  graph: WaitForGraph,
  cycle: readonly string[],
): { text: Msg; threads: string[]; locks: string[]; ids: string } {
  const label = (id: string): string => graph.nodes.find((n) => n.id === id)?.label ?? id
  const threads: string[] = []
  const locks: string[] = []
  const parts: Msg[] = []
  // A cycle alternates thread, lock (it waits for), thread (that holds it), ...
  for (let i = 0; i < cycle.length; i += 2) {
    const thread = label(cycle[i])
    const wants = label(cycle[i + 1])
    const holds = graph.edges.filter((e) => e.kind === 'held-by' && e.to === cycle[i]).map((e) => label(e.from))
    threads.push(thread)
    locks.push(wants)
    parts.push(deadlockMsg('report.part', { thread, holds: holds.join(', ') || deadlockMsg('report.nothing'), wants }))
  }
  return {
    text: deadlockMsg('report.text', { parts: joinMsgs(parts, deadlockMsg('report.list')) }),
    threads,
    locks,
    ids: cycle.map(label).join(' → '),
  }
}

export function deadlockChecks(r: DeadlockResult | undefined, seen: DeadlockSeen): OutcomeCheck[] {
  const { first } = seen
  const states = (r?.threads ?? []).map((t) => `${t.name}: ${t.state}`).join(', ') || '—'
  const allDone = (r?.threads.length ?? 0) > 0 && (r?.threads.every((t) => t.state === 'done') ?? false)
  if (seen.variant === 'ordered') {
    return [
      {
        label: deadlockMsg('check.ordered'),
        ok: !seen.everCycle && allDone,
        detail: seen.everCycle
          ? deadlockMsg('detail.cycleSeen')
          : allDone
            ? deadlockMsg('detail.ordered')
            : deadlockMsg('detail.notFinished', { states }),
      },
    ]
  }
  if (seen.variant === 'timeout') {
    const retries = r?.retries ?? 0
    return [
      {
        label: deadlockMsg('check.timeout'),
        ok: allDone && retries > 0,
        detail: !allDone
          ? deadlockMsg('detail.notFinished', { states })
          : retries > 0
            ? deadlockMsg('detail.timeout', { retries })
            : deadlockMsg('detail.noRetry'),
      },
    ]
  }
  const checks: OutcomeCheck[] = [
    {
      label: deadlockMsg('check.cycle'),
      ok: first !== null,
      detail: first?.text ?? deadlockMsg('detail.noCycle'),
    },
  ]
  if (first) {
    if (first.threadCpu !== undefined) {
      checks.push({
        label: deadlockMsg('check.noCpu'),
        ok: first.threadCpu < STUCK_MAX_CPU,
        detail: deadlockMsg('detail.noCpu', { thread: first.threadCpu, process: first.hostCpu ?? '?' }),
      })
    }
  }
  if (r?.broken) {
    const broken = r.broken
    const other = r.threads.find((t) => t.name !== broken.thread)
    checks.push({
      label: deadlockMsg('check.broken'),
      ok: other?.state === 'done',
      detail: deadlockMsg('detail.broken', {
        thread: broken.thread,
        freed: broken.freed.join(', ') || '—',
        other: other?.name ?? '—',
        state: other?.state ?? '—',
      }),
    })
  }
  return checks
}

function ending(r: DeadlockResult | undefined, seen: DeadlockSeen): Msg | string {
  if (r?.endedBy === 'timeout')
    return deadlockMsg(seen.language === 'python' ? 'outcome.ending.timeoutPython' : 'outcome.ending.timeout', {
      s: seen.timeoutS,
    })
  if (r?.broken) return deadlockMsg('outcome.ending.broken', { thread: r.broken.thread })
  if (r?.endedBy === 'killed') return deadlockMsg('outcome.ending.killed')
  if (seen.stopped) return deadlockMsg('outcome.ending.stopped')
  return ''
}

function summary(r: DeadlockResult | undefined, seen: DeadlockSeen): Msg {
  const { first } = seen
  const end = ending(r, seen)
  if (seen.variant === 'ordered') return deadlockMsg(seen.everCycle ? 'outcome.orderedCycle' : 'outcome.ordered')
  if (seen.variant === 'timeout' && r?.endedBy === 'completed')
    return deadlockMsg('outcome.timeout', { retries: r.retries })
  if (seen.variant === 'timeout') return deadlockMsg('outcome.timeoutStuck', { ending: end })
  if (!first) return deadlockMsg('outcome.none', { ending: end })
  return first.threadCpu !== undefined
    ? deadlockMsg('outcome.deadlockCpu', { text: first.text, ms: first.latencyMs, cpu: first.threadCpu, ending: end })
    : deadlockMsg('outcome.deadlock', { text: first.text, ms: first.latencyMs, ending: end })
}

export function deadlockOutcome(
  r: DeadlockResult | undefined,
  seen: DeadlockSeen,
  data: ThreadOutcomeData,
  cycleIds: string | null,
): RunOutcome<ThreadOutcomeData> {
  const facts: OutcomeFact[] = []
  if (seen.language === 'python') facts.push({ label: deadlockMsg('fact.pythonNoTerminate') })
  if (r?.broken) facts.push({ label: deadlockMsg('fact.robust') })
  // How fast the lab noticed is measured on the threads' own reports: a fact, not a check of the tutorial.
  if (seen.first)
    facts.push({ label: deadlockMsg('fact.latency', { ms: seen.first.latencyMs, interval: seen.intervalMs }) })
  return {
    summary: summary(r, seen),
    checks: deadlockChecks(r, seen),
    facts,
    figures: {
      language: seen.language,
      variant: seen.variant,
      cycle: cycleIds,
      latencyMs: seen.first?.latencyMs ?? null,
      threadCpu: seen.first?.threadCpu ?? null,
      hostCpu: seen.first?.hostCpu ?? null,
      endedBy: r?.broken ? `terminated ${r.broken.thread}` : (r?.endedBy ?? (seen.stopped ? 'stopped' : null)),
      retries: r?.retries ?? null,
    },
    data,
  }
}
