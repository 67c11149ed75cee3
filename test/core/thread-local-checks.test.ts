// thread-local's verdicts: computed from what each thread (or task) read back
// after binding its own student; each fails when the run is broken on purpose.
// What holds by construction (a Node.js worker's own module globals) is a fact.
import { describe, expect, it } from 'vitest'
import { localOutcome } from '../../src/core/scenarios/thread-local/outcome'
import type { LocalResult, LocalVariant, LocalVariantId } from '../../src/shared/scenarios/thread-local'
import { english } from '../helpers/outcome'

const STUDENTS = ['Alice', 'Bob', 'Carol']
/** Each thread read back `seen[i]` (its own student by default). */
const variant = (id: LocalVariantId, seen: string[] = STUDENTS): LocalVariant => ({
  id,
  rows: STUDENTS.map((bound, i) => ({ who: `T-${i}`, bound, seen: seen[i] })),
})
const LAST = ['Carol', 'Carol', 'Carol']

const python = (local = STUDENTS, shared = LAST, dict = STUDENTS): LocalResult => ({
  language: 'python',
  variants: [variant('thread-local', local), variant('shared-global', shared), variant('thread-dict', dict)],
})
const node = (over: Partial<Record<LocalVariantId, string[]>> = {}): LocalResult => ({
  language: 'node',
  variants: [
    variant('worker-global', over['worker-global']),
    variant('shared-memory', over['shared-memory'] ?? LAST),
    variant('async-local-storage', over['async-local-storage']),
    variant('task-global', over['task-global'] ?? LAST),
  ],
})
const check = (r: LocalResult, variantId: LocalVariantId) => {
  const c = localOutcome(r, []).checks.find(
    (x) => typeof x.label !== 'string' && (x.label.params?.where as { key: string }).key.endsWith(variantId),
  )
  if (!c) throw new Error(`no check for ${variantId}`)
  return c
}

describe('thread-local checks, Python', () => {
  it("hold when threading.local() keeps each thread's own and the plain global shows the last write", () => {
    const o = localOutcome(python(), [])
    expect(o.checks.map((c) => c.ok)).toEqual([true, true, true])
    expect(o.figures).toEqual({ students: 3, 'perThread.wrong': 0, 'shared.wrong': 2, 'threadDict.wrong': 0 })
    expect(english(o.checks[1].label)).toBe("plain global shared by the threads: a thread reads another's student")
    expect(english(o.checks[1].detail)).toBe(
      '2 of 3 greetings name another student: T-0 → Carol, T-1 → Carol, T-2 → Carol',
    )
  })

  it('fail when threading.local() leaks between threads, or the global is not shared', () => {
    expect(check(python(['Alice', 'Alice', 'Carol']), 'thread-local').ok).toBe(false)
    expect(check(python(STUDENTS, STUDENTS), 'shared-global').ok).toBe(false)
  })

  it("the tutorial's dict keyed by the thread is checked like threading.local(): fails when a thread reads another's", () => {
    expect(english(check(python(), 'thread-dict').label)).toBe(
      'global dict keyed by the thread: every greeting names its own student',
    )
    expect(check(python(STUDENTS, LAST, LAST), 'thread-dict').ok).toBe(false)
  })

  it('says a lock would not give each thread its own value, and names the dict alternative', () => {
    const summary = english({ key: 'scenario.thread-local.summary' })
    expect(summary).toMatch(/A lock would not help/)
    expect(summary).not.toMatch(/needs a lock/)
    expect(summary).toMatch(/global_dict\[threading\.current_thread\(\)\]/)
  })
})

describe('thread-local checks, Node.js', () => {
  it('a worker thread’s own module global is a fact, not a check; the others are checks', () => {
    const o = localOutcome(node(), [])
    expect(o.checks).toHaveLength(3)
    expect(o.checks.every((c) => c.ok)).toBe(true)
    expect(o.facts!.map((f) => f.label.key)).toContain('scenario.thread-local.fact.workerGlobal')
    expect(o.figures).toMatchObject({
      'perThread.wrong': 0,
      'shared.wrong': 2,
      'asyncLocal.wrong': 0,
      'taskGlobal.wrong': 2,
    })
  })

  it('each check fails when broken', () => {
    expect(check(node({ 'shared-memory': STUDENTS }), 'shared-memory').ok).toBe(false)
    expect(check(node({ 'async-local-storage': LAST }), 'async-local-storage').ok).toBe(false)
    expect(check(node({ 'task-global': STUDENTS }), 'task-global').ok).toBe(false)
  })
})
