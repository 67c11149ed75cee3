// thread-local (ThreadLocal): per-thread values without passing them down.
import type { ThreadOutcomeData } from '../../../shared/thread-lab'
import type { LocalVariant } from '../../../shared/scenarios/thread-local'
import { num, runHost } from '../../bridge/thread-kit'
import { defineScenario } from '../types'

const wrong = (v: LocalVariant): number => v.rows.filter((r) => r.seen !== r.bound).length

export const threadLocalScenario = defineScenario({
  info: {
    id: 'thread-local',
    title: 'ThreadLocal: each thread its own student',
    section: 'ThreadLocal',
    kind: 'thread',
    summary:
      'Each thread binds its own student (Thread-A gets Alice, Thread-B gets Bob) and process_student() reads it without being passed it, as the seed does with threading.local(). In Node a worker thread has its own module globals, so a plain global inside a worker already is thread-local; for tasks that take turns on one thread, AsyncLocalStorage plays that part. Then the same code with a variable that really is shared, between threads (one slot of shared memory) or between tasks (an ordinary global): every thread binds its name, pauses, reads back, and all but the last writer greet the wrong student. That is why the seed says a global needs a lock, and ThreadLocal does not.',
    options: [
      { key: 'students', label: 'Students', type: 'string-list', default: ['Alice', 'Bob'], max: 8 },
      {
        key: 'pauseMs',
        label: 'Pause between binding and reading (ms)',
        type: 'integer',
        default: 50,
        min: 5,
        max: 2000,
      },
    ],
  },
  sources: ['thread-local'],
  async run(ctx) {
    const students = (ctx.options.students as readonly string[]).map((s) => s.trim().slice(0, 40)).filter(Boolean)
    if (students.length < 2) throw new Error('Give at least two students, so the threads have something to mix up')
    const run = await runHost(ctx, 'thread-local', { students, pauseMs: num(ctx.options, 'pauseMs') })
    const variants = run.result?.variants ?? []
    const by = (id: LocalVariant['id']): LocalVariant | undefined => variants.find((v) => v.id === id)
    const checks = []
    for (const id of ['worker-global', 'async-local-storage'] as const) {
      const v = by(id)
      if (v)
        checks.push({
          label: `${v.where}: every greeting names its own student`,
          ok: wrong(v) === 0,
          detail: v.rows.map((r) => `${r.who} → ${r.seen}`).join(', '),
        })
    }
    for (const id of ['shared-memory', 'shared-global'] as const) {
      const v = by(id)
      if (v)
        checks.push({
          label: `${v.where}: greetings get mixed up`,
          ok: wrong(v) > 0,
          detail: `${wrong(v)} of ${v.rows.length} wrong: ${v.rows.map((r) => `${r.who} → ${r.seen}`).join(', ')}`,
        })
    }
    const data: ThreadOutcomeData = {
      threads: run.view.threads,
      table: {
        columns: ['variant', 'who', 'bound', 'process_student() saw'],
        rows: variants.flatMap((v) => v.rows.map((r) => [v.where, r.who, r.bound, r.seen])),
      },
    }
    return {
      summary: variants.length
        ? variants
            .map((v) => `${v.where}: ${wrong(v) === 0 ? 'all correct' : `${wrong(v)} of ${v.rows.length} wrong`}`)
            .join('; ') + '.'
        : 'Stopped before any variant finished.',
      checks,
      figures: Object.fromEntries(variants.map((v) => [`${v.id}.wrong`, wrong(v)])),
      data,
    }
  },
})
