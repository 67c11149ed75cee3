// thread-local's verdicts, from what each thread (or task) read back after
// binding its own student: a pure function, so tests can feed it a broken run
// (test/core/thread-local-checks.test.ts). What holds by how the run is built
// (a Node.js worker's module globals are its own) is told as a fact.
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { LabThread, ThreadOutcomeData } from '../../../shared/thread-lab'
import type { LocalResult, LocalVariant, LocalVariantId } from '../../../shared/scenarios/thread-local'
import { threadLocalMsg as m } from '../../../shared/i18n/scenarios/thread-local'

export const wrong = (v: LocalVariant): number => v.rows.filter((r) => r.seen !== r.bound).length

/** Per-thread storage must give every thread its own; shared storage must show another's write. */
const KIND: Record<LocalVariantId, 'own' | 'mixed' | 'fact'> = {
  'thread-local': 'own',
  'shared-global': 'mixed',
  'thread-dict': 'own',
  'worker-global': 'fact',
  'shared-memory': 'mixed',
  'async-local-storage': 'own',
  'task-global': 'mixed',
}

/** Figure keys shared by both languages where the claim is the same. */
const FIGURE: Record<LocalVariantId, string> = {
  'thread-local': 'perThread',
  'worker-global': 'perThread',
  'shared-global': 'shared',
  'thread-dict': 'threadDict',
  'shared-memory': 'shared',
  'async-local-storage': 'asyncLocal',
  'task-global': 'taskGlobal',
}

export function localOutcome(r: LocalResult, threads: readonly LabThread[]): RunOutcome<ThreadOutcomeData> {
  const checks: OutcomeCheck[] = []
  const facts: OutcomeFact[] = []
  for (const v of r.variants) {
    const where = m(`variant.${v.id}`)
    const greetings = v.rows.map((x) => `${x.who} → ${x.seen}`).join(', ')
    const detail = m('detail.rows', { wrong: wrong(v), n: v.rows.length, greetings })
    switch (KIND[v.id]) {
      case 'own':
        checks.push({ label: m('check.own', { where }), ok: v.rows.length > 1 && wrong(v) === 0, detail })
        break
      case 'mixed':
        checks.push({ label: m('check.mixed', { where }), ok: wrong(v) > 0, detail })
        break
      case 'fact':
        facts.push({ label: m('fact.workerGlobal'), detail })
        break
    }
  }
  facts.push({ label: m(r.language === 'python' ? 'fact.barrierPython' : 'fact.pauseNode') })
  const n = (id: LocalVariantId): number | string => {
    const v = r.variants.find((x) => x.id === id)
    return v ? wrong(v) : '—'
  }
  const count = r.variants[0]?.rows.length ?? 0
  return {
    summary:
      r.language === 'python'
        ? m('outcome.python', {
            local: n('thread-local'),
            shared: n('shared-global'),
            dict: n('thread-dict'),
            n: count,
          })
        : m('outcome.node', {
            worker: n('worker-global'),
            memory: n('shared-memory'),
            als: n('async-local-storage'),
            task: n('task-global'),
            n: count,
          }),
    checks,
    facts,
    figures: Object.fromEntries([['students', count], ...r.variants.map((v) => [`${FIGURE[v.id]}.wrong`, wrong(v)])]),
    data: {
      threads,
      table: {
        columns: [m('table.variant'), m('table.who'), m('table.bound'), m('table.seen')],
        rows: r.variants.flatMap((v) => v.rows.map((x) => [m(`variant.${v.id}`), x.who, x.bound, x.seen])),
      },
    },
  }
}
