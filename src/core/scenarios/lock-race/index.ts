// lock-race (Lock): lost updates without a lock, none with it, and what the lock costs.
import type { ThreadOutcomeData } from '../../../shared/thread-lab'
import type { RaceRound } from '../../../shared/scenarios/lock-race'
import { num, runHost, str } from '../../bridge/thread-kit'
import { defineScenario } from '../types'

export const lockRaceScenario = defineScenario({
  info: {
    id: 'lock-race',
    title: 'Lock: a shared balance with and without a lock',
    section: 'Lock',
    kind: 'thread',
    summary:
      "Threads share all of a process's memory, so two threads can change one variable at the same moment. Each thread here runs the seed's change_it(n) — balance = balance + n, then balance = balance - n — a million times on a balance in shared memory, first without a lock and then holding a mutex built on Atomics. Each statement is a load, an add and a store: when another thread's store lands between them, an update is lost, so without the lock the balance ends away from 0 and the change counter falls short; with the lock it is 0 every time. Compare the two times: the lock makes the critical section run one thread at a time, and that is its cost.",
    options: [
      { key: 'threads', label: 'Threads', type: 'integer', default: 2, min: 2, max: 8 },
      {
        key: 'iterations',
        label: 'change_it() calls per thread',
        type: 'integer',
        default: 1_000_000,
        min: 1000,
        max: 50_000_000,
      },
      { key: 'mode', label: 'Run', type: 'choice', default: 'both', choices: ['both', 'unlocked', 'locked'] },
    ],
  },
  sources: ['thread-lock-race'],
  async run(ctx) {
    const run = await runHost(ctx, 'thread-lock-race', {
      threads: num(ctx.options, 'threads'),
      iterations: num(ctx.options, 'iterations'),
      mode: str(ctx.options, 'mode'),
    })
    const r = run.result
    const rounds = r?.rounds ?? []
    const free = rounds.find((x) => !x.locked)
    const locked = rounds.find((x) => x.locked)
    const lost = (x: RaceRound): number => x.expectedChanges - x.changes
    const data: ThreadOutcomeData = {
      threads: run.view.threads,
      table: {
        columns: ['run', 'final balance', 'changes counted', 'lost updates', 'time (ms)'],
        rows: rounds.map((x) => [
          x.locked ? 'with lock' : 'without lock',
          x.balance,
          `${x.changes} of ${x.expectedChanges}`,
          lost(x),
          x.ms,
        ]),
      },
    }
    const checks = []
    if (free) {
      checks.push({
        label: 'Without a lock, updates are lost',
        ok: free.balance !== 0 || lost(free) > 0,
        detail: `balance ${free.balance}, ${lost(free)} of ${free.expectedChanges} changes lost`,
      })
    }
    if (locked) {
      checks.push({
        label: 'With the lock, the balance is 0 and nothing is lost',
        ok: locked.balance === 0 && lost(locked) === 0,
        detail: `balance ${locked.balance}, ${locked.changes} of ${locked.expectedChanges} changes counted`,
      })
    }
    const cost = free && locked && free.ms > 0 ? locked.ms / free.ms : null
    const parts = rounds.map(
      (x) =>
        `${x.locked ? 'with the lock' : 'without a lock'}: balance ${x.balance} after ${x.ms} ms${lost(x) ? `, ${lost(x)} updates lost` : ''}`,
    )
    return {
      summary: rounds.length
        ? `${r!.threads} threads × ${r!.iterations.toLocaleString('en')} calls — ${parts.join('; ')}.${cost ? ` The lock made it ${cost.toFixed(1)}× slower.` : ''}`
        : 'Stopped before a round finished.',
      checks,
      figures: {
        threads: r?.threads ?? null,
        iterations: r?.iterations ?? null,
        unlockedBalance: free?.balance ?? null,
        unlockedLost: free ? lost(free) : null,
        unlockedMs: free?.ms ?? null,
        lockedBalance: locked?.balance ?? null,
        lockedLost: locked ? lost(locked) : null,
        lockedMs: locked?.ms ?? null,
        lockCost: cost === null ? null : Math.round(cost * 10) / 10,
      },
      data,
    }
  },
})
