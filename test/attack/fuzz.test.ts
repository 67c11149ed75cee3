// Attack every method of the channel table with arguments generated from its
// request schema (src/shared/schemas.ts, through JSON Schema) and every
// scenario option with values generated from its descriptor: wrong types, out
// of bounds, extra items and keys, prototype keys. Each must come back EINVAL
// and change nothing: no new process, no new run, the host still answers.
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { INVOKE_NAMES, type InvokeName } from '../../src/shared/channels'
import type { RunInfo, ScenarioInfo, ScenarioOption } from '../../src/shared/model'
import { requestSchemas } from '../../src/shared/schemas'
import { answers, descendants, useAttackHost, expectNoNewProcess } from './host'

type Json = {
  type?: string | string[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  enum?: unknown[]
  anyOf?: Json[]
  properties?: Record<string, Json>
  additionalProperties?: unknown
  prefixItems?: Json[]
  minItems?: number
  maxItems?: number
}

/** Values of every JSON type, and the classic troublemakers. */
const ANY: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 53),
  '',
  'x',
  '1',
  '-1',
  [],
  [1],
  {},
  { a: 1 },
  'x'.repeat(10_000),
]

/** A value the item schema accepts (the base a mutation changes one position of). */
function validOf(s: Json): unknown {
  if (s.anyOf) return validOf(s.anyOf[0])
  if (s.enum) return s.enum[0]
  switch (s.type) {
    case 'integer':
    case 'number':
      return s.minimum ?? 1
    case 'string':
      return 'no-such-thing'
    case 'object':
      return {}
    case 'null':
      return null
    default:
      return null
  }
}

/** Values around and beyond an item schema's bounds, plus every other type. */
function badValuesOf(s: Json): unknown[] {
  const out = [...ANY]
  for (const alt of s.anyOf ?? [s]) {
    if (alt.minimum !== undefined) out.push(alt.minimum - 1, alt.minimum - 0.5)
    if (alt.maximum !== undefined) out.push(alt.maximum + 1, alt.maximum + 0.5)
    if (alt.maxLength !== undefined) out.push('a'.repeat(alt.maxLength + 1))
    if (alt.pattern) out.push('UPPER', 'a b', '../etc', 'a/b', 'ü')
    if (alt.enum) out.push(String(alt.enum[0]).toLowerCase(), `${String(alt.enum[0])} `, 'SIGSEGV', 9)
    if (alt.properties) {
      for (const [k, p] of Object.entries(alt.properties)) for (const v of badValuesOf(p)) out.push({ [k]: v })
      out.push({ extra: 1 })
    }
    if (alt.type === 'object')
      out.push(
        JSON.parse('{"__proto__": {"x": 1}}'),
        { constructor: 1 },
        { prototype: 1 },
        Object.fromEntries([['k'.repeat(65), 1]]),
      )
  }
  return out
}

/** Argument lists the schema of `name` rejects: one position changed at a time, or the list too long or short. */
export function badArgsFor(name: InvokeName): unknown[][] {
  const schema = requestSchemas[name] as z.ZodType
  const js = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Json
  const items = js.prefixItems ?? []
  const base = items.map(validOf)
  const lists: unknown[][] = [
    [...base, 'extra'],
    [...base, ...base, null],
  ]
  if ((js.minItems ?? 0) > 0) lists.push(base.slice(0, (js.minItems ?? 1) - 1))
  items.forEach((item, i) => {
    for (const v of badValuesOf(item)) lists.push(base.map((b, j) => (j === i ? v : b)))
  })
  // By construction, but checked: the test would be wrong if a generated list were valid.
  return lists.filter((args) => !schema.safeParse(args).success)
}

/** Options that a scenario's descriptors reject, one key at a time. */
function badOptionsFor(opts: readonly ScenarioOption[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [
    { noSuchOption: 1 },
    JSON.parse('{"__proto__": {}}'),
    JSON.parse('{"constructor": 1}'),
    JSON.parse('{"prototype": 1}'),
  ]
  for (const o of opts) {
    const wrongTypes: unknown[] =
      o.type === 'boolean'
        ? [1, 'true', null]
        : o.type === 'string'
          ? [1, true, ['x'], { a: 1 }]
          : o.type === 'string-list'
            ? ['x', [1], [null], { 0: 'x' }]
            : ['1', true, null, [1], { a: 1 }]
    const bounds: unknown[] = []
    if (o.type === 'integer' || o.type === 'number') {
      if (o.min !== undefined) bounds.push(o.min - 1)
      if (o.max !== undefined) bounds.push(o.max + 1)
      if (o.type === 'integer') bounds.push((o.min ?? 0) + 0.5)
      bounds.push(1e308 * 10) // JSON.stringify turns Infinity into null
    }
    if (o.type === 'string') bounds.push('x'.repeat((o.max ?? 10_000) + 1))
    if (o.type === 'string-list') bounds.push(Array.from({ length: (o.max ?? 64) + 1 }, () => 'a'))
    if (o.type === 'choice') bounds.push('no-such-choice', (o.choices?.[0] ?? '').toUpperCase() + '!')
    for (const v of [...wrongTypes, ...bounds]) out.push({ [o.key]: v })
  }
  return out
}

const at = useAttackHost()
let scenarios: ScenarioInfo[]

beforeAll(async () => {
  const r = await at.c.call('listScenarios', [])
  scenarios = ('ok' in r && r.ok ? r.value : []) as ScenarioInfo[]
})

async function expectNothingChanged(before: number[], runsBefore: number): Promise<void> {
  await expectNoNewProcess(at.h.pid, before)
  const runs = await at.c.call('listRuns', [])
  expect((runs as { value: RunInfo[] }).value).toHaveLength(runsBefore)
  expect(await answers(at.h)).toBe(true)
}

describe('every method, fuzzed from its schema', () => {
  for (const name of INVOKE_NAMES) {
    it(`${name}: every rejected argument list comes back EINVAL and changes nothing`, async () => {
      const before = descendants(at.h.pid)
      const lists = badArgsFor(name)
      expect(lists.length).toBeGreaterThan(1)
      for (const args of lists) {
        const r = await at.c.call(name, args)
        expect(r, `${name}(${JSON.stringify(args).slice(0, 120)})`).toMatchObject({
          ok: false,
          error: { code: 'EINVAL' },
        })
      }
      await expectNothingChanged(before, 0)
    })
  }
})

describe('scenario options, fuzzed from their descriptors', () => {
  it('rejects wrong types, out-of-bounds values, unknown and prototype keys for every scenario, starting nothing', async () => {
    expect(scenarios.length).toBeGreaterThan(10)
    const before = descendants(at.h.pid)
    let count = 0
    for (const s of scenarios) {
      for (const opts of badOptionsFor(s.options)) {
        const r = await at.c.call('startScenario', [s.id, opts])
        expect(r, `${s.id} ${JSON.stringify(opts).slice(0, 120)}`).toMatchObject({
          ok: false,
          error: { code: 'EINVAL' },
        })
        count++
      }
    }
    expect(count).toBeGreaterThan(200)
    await expectNothingChanged(before, 0)
  })

  it('rejects an own __proto__ key with EINVAL naming it, and starts no run with defaults', async () => {
    const before = descendants(at.h.pid)
    for (const text of [
      '{"__proto__": {"program": "true"}}',
      '{"__proto__": null}',
      '{"program": "true", "__proto__": {}}',
    ]) {
      const r = await at.c.call('startScenario', ['subprocess', JSON.parse(text)])
      expect(r, text).toMatchObject({ ok: false, error: { code: 'EINVAL' } })
      expect('error' in r && r.error.message).toMatch(/__proto__/)
    }
    const action = await at.c.call('scenarioAction', ['no-such-run', 'crash', JSON.parse('{"__proto__": {}}')])
    expect(action).toMatchObject({ ok: false, error: { code: 'EINVAL' } })
    await expectNothingChanged(before, 0)
  })
})
