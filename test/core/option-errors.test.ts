// A refused option names the field by the label the form shows ("Workers must
// be at least 1"), in the user's language, never by its internal key
// ('Option "workers"', '选项“workMs”').
import { describe, expect, it } from 'vitest'
import { coreCatalog } from '../../src/shared/i18n'
import { lookup, renderPlain, type Msg } from '../../src/shared/msg'
import { LabError } from '../../src/core/errors'
import { SCENARIOS } from '../../src/core/scenarios'
import { resolveOptions } from '../../src/core/scenarios/options'
import type { ScenarioOption } from '../../src/shared/model'

const trees = { en: coreCatalog('en'), zh: coreCatalog('zh') }

/** A value each option type refuses. */
function wrong(o: ScenarioOption): unknown {
  if (o.type === 'integer' || o.type === 'number') return o.min !== undefined ? o.min - 1 : 'many'
  if (o.type === 'boolean') return 'yes'
  if (o.type === 'choice') return 'no-such-choice'
  if (o.type === 'string') return 42
  return 'not a list'
}

function refusal(declared: readonly ScenarioOption[], given: Record<string, unknown>, labels: string): Msg {
  try {
    resolveOptions(declared, given, labels)
  } catch (err) {
    expect(err).toBeInstanceOf(LabError)
    return (err as LabError).msg
  }
  throw new Error(`${JSON.stringify(given)} was accepted`)
}

const cases = SCENARIOS.flatMap((s) => [
  ...s.info.options.map((o) => ({
    id: s.info.id,
    o,
    declared: s.info.options,
    labels: `scenario.${s.info.id}.option`,
  })),
  ...(s.info.actions ?? []).flatMap((a) =>
    (a.options ?? []).map((o) => ({
      id: `${s.info.id} ${a.id}`,
      o,
      declared: a.options ?? [],
      labels: `scenario.${s.info.id}.action.${a.id}.option`,
    })),
  ),
])

describe('a refused option', () => {
  it('is checked for every option of every scenario and action', () => {
    expect(cases.length).toBeGreaterThan(30)
  })

  it.each(cases.map((c) => [`${c.id}: ${c.o.key}`, c] as const))(
    '%s is named by its label in both languages',
    (_name, { o, declared, labels }) => {
      const msg = refusal(declared, { [o.key]: wrong(o) }, labels)
      const field = msg.params?.field as Msg
      for (const tree of Object.values(trees)) {
        const label = lookup(tree, field.key)
        expect(label, `${field.key} has a text`).toBeDefined()
        const text = renderPlain(tree, msg)
        expect(text).toContain(label)
        expect(text).not.toMatch(new RegExp(`["“]${o.key}["”]`))
        expect(text).not.toMatch(/\{\w+\}|\bnull\b|undefined/)
      }
    },
  )

  it('reads as a sentence about the field, in English and in Chinese', () => {
    const pool = SCENARIOS.find((s) => s.info.id === 'pool')!.info.options
    const msg = refusal(pool, { workers: 0 }, 'scenario.pool.option')
    expect(renderPlain(trees.en, msg)).toBe('Workers must be at least 1 (got 0)')
    expect(renderPlain(trees.zh, msg)).toBe('“工作进程数”至少为 1（收到 0）')
    // The form still learns which field to mark.
    expect(msg.params?.key).toBe('workers')
  })

  it('lists the choices by the names the form shows', () => {
    const crash = SCENARIOS.find((s) => s.info.id === 'crash-isolation')!.info.options
    const msg = refusal(crash, { mode: 'fibers' }, 'scenario.crash-isolation.option')
    expect(renderPlain(trees.en, msg)).toBe('Worker kind must be one of processes, threads')
    expect(renderPlain(trees.zh, msg)).toBe(
      `“${lookup(trees.zh, 'scenario.crash-isolation.option.mode.label')}”必须是 ${lookup(trees.zh, 'scenario.crash-isolation.option.mode.choice.processes')}、${lookup(trees.zh, 'scenario.crash-isolation.option.mode.choice.threads')} 之一`,
    )
  })
})
