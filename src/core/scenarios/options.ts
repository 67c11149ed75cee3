import type { ScenarioOption } from '../../shared/model'
import { PROTOTYPE_KEYS } from '../../shared/schemas'
import { LabError } from '../errors'
import type { ScenarioOptions } from './types'
import { findPython } from '../bridge/python'

export type Language = 'python' | 'node'

/**
 * The option every scenario with a Python program has: which language runs
 * it. Python (the tutorial's language) where Python 3 is found, else Node.js,
 * so a machine without Python starts with a run that works. Its texts are
 * shared: core.option.language in src/shared/i18n/core.ts.
 */
export function languageOption(): ScenarioOption {
  return {
    key: 'language',
    type: 'choice',
    default: 'missing' in findPython() ? 'node' : 'python',
    choices: ['python', 'node'],
  }
}

/**
 * Checks user options against a scenario's declared options: unknown keys,
 * wrong types and out-of-bounds values are errors; missing ones take defaults.
 */
export function resolveOptions(
  declared: readonly ScenarioOption[],
  given: Record<string, unknown> = {},
): ScenarioOptions {
  const known = new Map(declared.map((o) => [o.key, o]))
  for (const key of Object.keys(given)) {
    if (PROTOTYPE_KEYS.includes(key)) throw new LabError('EINVAL', `Option key "${key}" is not allowed`)
    if (!known.has(key)) {
      const names = declared.map((o) => o.key).join(', ') || 'none'
      throw new LabError('EINVAL', `Unknown option "${key}" (options: ${names})`)
    }
  }
  const out: Record<string, ScenarioOptions[string]> = {}
  for (const o of declared) {
    const v = given[o.key]
    out[o.key] = v === undefined ? o.default : checkOne(o, v)
  }
  return out
}

function checkOne(o: ScenarioOption, v: unknown): ScenarioOptions[string] {
  const bad = (why: string): never => {
    throw new LabError('EINVAL', `Option "${o.key}" ${why}`)
  }
  switch (o.type) {
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad('must be a number')
      if (o.type === 'integer' && !Number.isInteger(v)) return bad('must be a whole number')
      if (o.min !== undefined && v < o.min) return bad(`must be at least ${o.min} (got ${v})`)
      if (o.max !== undefined && v > o.max) return bad(`must be at most ${o.max} (got ${v})`)
      return v
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : bad('must be true or false')
    case 'choice':
      if (typeof v !== 'string' || !o.choices?.includes(v)) return bad(`must be one of ${o.choices?.join(', ')}`)
      return v
    case 'string':
      if (typeof v !== 'string') return bad('must be text')
      if (v.length > (o.max ?? 10_000)) return bad(`must be at most ${o.max ?? 10_000} characters`)
      return v
    case 'string-list':
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return bad('must be a list of strings')
      if (v.length > (o.max ?? 64)) return bad(`must have at most ${o.max ?? 64} items`)
      return v as string[]
  }
}
