import type { ScenarioOption } from '../../shared/model'
import { PROTOTYPE_KEYS } from '../../shared/schemas'
import { LabError } from '../errors'
import { core, coreMsg } from '../../shared/i18n/core'
import { lookup, type MessageTree, type Msg, type MsgParams } from '../../shared/msg'
import { coreCatalog } from '../../shared/i18n'
import type { ScenarioOptions } from './types'
import { pythonStartMethods } from '../bridge/python'
import type { Platform } from '../platform'
import { parseSchedule } from '../../shared/scheduler'
import type { AnyScenario } from './types'

export type Language = 'python' | 'node'

/**
 * The option every scenario with a Python program has: which language runs
 * it. Python (the tutorial's language) where Python 3 is found, else Node.js,
 * so a machine without Python starts with a run that works: the Lab settles
 * the default with its platform (withLanguageDefault). Its texts are shared:
 * core.option.language in src/shared/i18n/core.ts.
 */
export function languageOption(): ScenarioOption {
  return { key: 'language', type: 'choice', default: 'python', choices: ['python', 'node'] }
}

/**
 * The scenario with its options settled for this platform: the language
 * defaults to Node.js where it finds no Python 3, and the start method offers
 * what its Python has, that Python's own default preselected.
 */
export function withLanguageDefault(s: AnyScenario, platform: Platform): AnyScenario {
  const keys = new Set(s.info.options.map((o) => o.key))
  const noPython = keys.has('language') && 'missing' in platform.findPython()
  const methods = keys.has('startMethod') ? pythonStartMethods(platform) : undefined
  if (!noPython && !methods) return s
  const options = s.info.options.map((o) =>
    o.key === 'language' && noPython
      ? { ...o, default: 'node' }
      : o.key === 'startMethod' && methods
        ? { ...o, default: methods.default, choices: [...methods.available] }
        : o,
  )
  return { ...s, info: { ...s.info, options } } as AnyScenario
}

/**
 * multiprocessing's start method (Python mode only: Node.js always starts a
 * fresh process): the methods this system's Python has, its own default
 * preselected. Texts shared: core.option.startMethod; the UI names the
 * default choice ("spawn (this system's default)") with choiceDefault.
 */
export function startMethodOption(): ScenarioOption {
  // Only the shape: the Lab settles the choices and the default with its platform (withLanguageDefault).
  return { key: 'startMethod', type: 'choice', default: 'spawn', choices: ['fork', 'spawn', 'forkserver'] }
}

/**
 * The label a user reads for an option, as a message: the core's for the
 * shared options (core.option.<key>.label: language, startMethod), else the
 * scenario's or action's own (`<labels>.<key>.label`, labels e.g.
 * 'scenario.pool.option'), the same texts the form shows above the field.
 */
export function optionLabel(labels: string, key: string): Msg {
  return Object.hasOwn(core.en.option, key) ? { key: `core.option.${key}.label` } : { key: `${labels}.${key}.label` }
}

/**
 * Checks user options against a scenario's declared options: unknown keys,
 * wrong types and out-of-bounds values are errors; missing ones take defaults.
 * An error names the field by its label (labels: the catalog prefix of the
 * options' texts, e.g. 'scenario.pool.option'), not by its internal key.
 */
export function resolveOptions(
  declared: readonly ScenarioOption[],
  given: Record<string, unknown> = {},
  labels: string,
): ScenarioOptions {
  const known = new Map(declared.map((o) => [o.key, o]))
  for (const key of Object.keys(given)) {
    if (PROTOTYPE_KEYS.includes(key)) throw new LabError('EINVAL', coreMsg('optionError.keyNotAllowed', { key }))
    if (!known.has(key)) {
      const names = declared.map((o) => o.key).join(', ') || coreMsg('optionError.none')
      throw new LabError('EINVAL', coreMsg('optionError.unknown', { key, names }))
    }
  }
  const out: Record<string, ScenarioOptions[string]> = {}
  for (const o of declared) {
    const v = given[o.key]
    out[o.key] = v === undefined ? o.default : checkOne(o, v, optionLabel(labels, o.key))
  }
  return out
}

/** The choices an option offers, by the names the form shows (a value with no text in the catalog as is). */
function choiceList(field: Msg, choices: readonly string[]): Msg | string {
  const prefix = field.key.replace(/\.label$/, '.choice.')
  en ??= coreCatalog('en')
  const named = choices.map((c): Msg | string => (lookup(en!, prefix + c) !== undefined ? { key: prefix + c } : c))
  if (named.length === 0) return ''
  return named.reduceRight((tail, head) => coreMsg('optionError.choiceList', { head, tail }))
}
let en: MessageTree | undefined

function checkOne(o: ScenarioOption, v: unknown, field: Msg): ScenarioOptions[string] {
  type Why = Parameters<typeof coreMsg>[0]
  const bad = (why: Why, params: MsgParams = {}): never => {
    // key: which field the form marks (not shown); field: the label the text names.
    throw new LabError('EINVAL', coreMsg(why, { key: o.key, field, ...params }))
  }
  switch (o.type) {
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad('optionError.notNumber')
      if (o.type === 'integer' && !Number.isInteger(v)) return bad('optionError.notInteger')
      if (o.min !== undefined && v < o.min) return bad('optionError.tooSmall', { min: o.min, value: v })
      if (o.max !== undefined && v > o.max) return bad('optionError.tooLarge', { max: o.max, value: v })
      return v
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : bad('optionError.notBoolean')
    case 'choice':
      if (typeof v !== 'string' || !o.choices?.includes(v))
        return bad('optionError.notChoice', { choices: choiceList(field, o.choices ?? []) })
      return v
    case 'string':
      if (typeof v !== 'string') return bad('optionError.notText')
      if (v.length > (o.max ?? 10_000)) return bad('optionError.textTooLong', { max: o.max ?? 10_000 })
      return v
    case 'string-list':
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return bad('optionError.notList')
      if (v.length > (o.max ?? 64)) return bad('optionError.listTooLong', { max: o.max ?? 64 })
      return v as string[]
  }
}

/**
 * Be the scheduler (lock-race, deadlock): who picks the next thread (`os` or
 * `manual`), and a schedule to take again at the start of a manual run
 * ("1 2 2 1"). Texts shared: core.option.schedule and core.option.replay.
 */
export function scheduleOptions(): ScenarioOption[] {
  return [
    { key: 'schedule', type: 'choice', default: 'os', choices: ['os', 'manual'] },
    { key: 'replay', type: 'string', default: '', max: 2000 },
  ]
}

/**
 * Refuses a replay that is not a schedule of this run's threads, a replay
 * without the manual schedule, and (`only`) a choice the manual schedule
 * cannot run: each error names its field, as resolveOptions' do.
 */
export function checkSchedule(
  options: ScenarioOptions,
  threads: number,
  labels: string,
  only?: { readonly key: string; readonly choices: readonly string[] },
): void {
  const bad = (key: string, why: 'badSchedule' | 'replayNeedsManual' | 'notWhenManual', params: MsgParams): never => {
    throw new LabError('EINVAL', coreMsg(`optionError.${why}`, { key, field: optionLabel(labels, key), ...params }))
  }
  const replay = String(options.replay ?? '')
  const manual = options.schedule === 'manual'
  if (replay.trim() && !manual) bad('replay', 'replayNeedsManual', {})
  if (replay.trim() && parseSchedule(replay, threads) === null)
    bad('replay', 'badSchedule', { threads, value: replay.length > 40 ? `${replay.slice(0, 40)}…` : replay })
  if (manual && only && !only.choices.includes(String(options[only.key]))) {
    const field = optionLabel(labels, only.key)
    const prefix = field.key.replace(/\.label$/, '.choice.')
    bad(only.key, 'notWhenManual', {
      value: { key: prefix + String(options[only.key]) },
      choices: choiceList(field, only.choices),
    })
  }
}
