// Text the UI shows travels from the core as a message key and its
// parameters, never as an English sentence: the dashboard renders it in the
// user's language (src/shared/i18n holds both catalogs, src/renderer/src/i18n
// renders them). A parameter may itself be a message, rendered first.

export type Locale = 'en' | 'zh'
export const LOCALES: readonly Locale[] = ['en', 'zh']

export type MsgParam = string | number | Msg
export type MsgParams = Readonly<Record<string, MsgParam>>

export interface Msg {
  readonly key: string
  readonly params?: MsgParams
}

export function isMsg(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && typeof (v as { key?: unknown }).key === 'string'
}

/** A message tree: leaves are texts in vue-i18n's syntax ({name} is a parameter). */
export interface MessageTree {
  readonly [k: string]: string | MessageTree
}

/** The same tree with every leaf a string: what the other language must fill, key for key. */
export type SameShape<T> = { readonly [K in keyof T]: T[K] extends string ? string : SameShape<T[K]> }

/** Dotted paths of a tree's leaves, e.g. 'check.childUnderParent'. */
export type LeafKeys<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : LeafKeys<T[K], `${P}${K}.`>
}[keyof T & string]

/** One part of the catalog in both languages. */
export interface Bilingual<T extends MessageTree> {
  readonly en: T
  readonly zh: SameShape<T>
}

export type MsgMaker<T> = (key: LeafKeys<T>, params?: MsgParams) => Msg

/**
 * Messages of one part of the catalog, typed by its English tree: a key that
 * does not exist is a compile error. `messages('scenario.fork', fork)('check.copied')`
 * is `{ key: 'scenario.fork.check.copied' }`.
 */
export function messages<T extends MessageTree>(prefix: string, _part: Bilingual<T>): MsgMaker<T> {
  return (key, params) => (params ? { key: `${prefix}.${key}`, params } : { key: `${prefix}.${key}` })
}

/** Looks a dotted key up in a tree (undefined when missing). */
export function lookup(tree: MessageTree, key: string): string | undefined {
  let node: string | MessageTree | undefined = tree
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined
    node = node[part]
  }
  return typeof node === 'string' ? node : undefined
}

/** Every dotted leaf key of a tree. */
export function leafKeys(tree: MessageTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : leafKeys(v, `${prefix}${k}.`),
  )
}

// The syntax of a message text, one for both renderers (the dashboard's
// vue-i18n, through its messageCompiler option, and renderPlain), so the two
// can never disagree:
//   {name}               a parameter; a number is written with the locale's
//                        grouping ("1,133,365"), unless it names something
//                        (a pid, a tid, an exit code: see isIdentifierParam)
//   {name:one|other}     English plural forms, chosen by the parameter's
//                        number: "{n} {n:worker|workers}", "{n:was|were}"
//   {'text'}             text as it is (vue-i18n's literal, kept for `{'$'}`)
// Why not vue-i18n's own plurals ("worker | workers")? They split the whole
// message and choose by one number, so "{t} tasks on {n} workers" cannot be
// written, and renderPlain would need a second implementation of them. A
// form inside the braces counts any number of parameters, names the number it
// depends on (so paramNames() and the same-params tests see it), and lets a
// language without plurals (Chinese) write its one form as plain text.

/** One piece of a parsed message: text, a parameter, or a parameter's plural forms. */
export type MessagePart =
  string | { readonly name: string; readonly raw: string; readonly forms?: readonly [one: string, other: string] }

const parsed = new Map<string, { parts: MessagePart[]; errors: string[] }>()

/** Parses a message text (cached); errors name what is malformed, for the catalog's tests. */
export function parseMessage(text: string): { parts: MessagePart[]; errors: string[] } {
  const known = parsed.get(text)
  if (known) return known
  const parts: MessagePart[] = []
  const errors: string[] = []
  let plain = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '}') {
      errors.push(`a "}" without "{" at ${i}`)
      plain += c
      i++
      continue
    }
    if (c !== '{') {
      plain += c
      i++
      continue
    }
    const end = text.indexOf('}', i)
    const inner = end < 0 ? '' : text.slice(i + 1, end)
    if (end < 0 || inner.includes('{')) {
      errors.push(`a "{" without "}" at ${i}`)
      plain += c
      i++
      continue
    }
    const raw = text.slice(i, end + 1)
    i = end + 1
    const literal = /^'([^']*)'$/.exec(inner)
    if (literal) {
      plain += literal[1]
      continue
    }
    const m = /^\s*([A-Za-z_]\w*)\s*(?::([^]*))?$/.exec(inner)
    if (!m) {
      errors.push(`not a parameter: ${raw}`)
      plain += raw
      continue
    }
    if (plain) parts.push(plain)
    plain = ''
    if (m[2] === undefined) {
      parts.push({ name: m[1], raw })
      continue
    }
    const forms = m[2].split('|')
    if (forms.length !== 2) errors.push(`plural forms must be "one|other": ${raw}`)
    parts.push({ name: m[1], raw, forms: [forms[0], forms[1] ?? forms[0]] })
  }
  if (plain) parts.push(plain)
  const result = { parts, errors }
  parsed.set(text, result)
  return result
}

/** The parameter names a message text uses ({name} or {name:one|other}), each once, sorted. */
export function paramNames(text: string): string[] {
  const names = parseMessage(text).parts.flatMap((p) => (typeof p === 'string' ? [] : [p.name]))
  return [...new Set(names)].sort()
}

/** The BCP 47 tag of a language, for Intl (numbers, plural rules, dates). */
export const LOCALE_TAG: Readonly<Record<Locale, string>> = { en: 'en', zh: 'zh-CN' }

/**
 * Parameters that name something rather than count it: written as they are,
 * never grouped ("pid 18212", not "pid 18,212"; a pid is copied into a
 * terminal). The one list: a name is an identifier when it is one of these
 * words, or a camelCase name ending in one (masterPid, exitCode, loopTid),
 * or one of the process roles messages name a process by ("Parent {parent}
 * forked child {child}": their pids), its end by ({exit}: a code or a
 * signal) or the user by ("not to you (user {me})": a uid). The same rule
 * formats an outcome's figures and an option's values by their keys. A
 * catalog test (test/i18n-format.test.ts) fails when a parameter written
 * after "pid", "tid", "code", "port"... has a name this does not cover.
 */
const IDENTIFIER_WORDS = [
  'pid',
  'ppid',
  'tgid',
  'tid',
  'uid',
  'gid',
  'id',
  'port',
  'code',
  'signal',
  'hex',
  'version',
  'year',
]
const PROCESS_ROLES = ['parent', 'child', 'server', 'master', 'writer', 'reader', 'worker', 'exit', 'me']
const IDENTIFIER = new RegExp(
  `^(?:${[...IDENTIFIER_WORDS, ...PROCESS_ROLES].join('|')})s?$|(?:${IDENTIFIER_WORDS.map((w) => w[0].toUpperCase() + w.slice(1)).join('|')})s?$`,
)

export function isIdentifierParam(name: string): boolean {
  return IDENTIFIER.test(name)
}

const numberFormats = new Map<string, Intl.NumberFormat>()
const pluralRules = new Map<string, Intl.PluralRules>()

/**
 * A number as the dashboard writes every figure: the locale's grouping, at
 * most 3 decimals (a measured 5805.392578125 ms reads 5,805.393), and a tiny
 * value keeps 3 significant digits rather than becoming 0 (0.00042, not 0).
 */
export function formatNumber(n: number, locale: Locale | string): string {
  const tiny = n !== 0 && Math.abs(n) < 0.001
  const tag = LOCALE_TAG[locale as Locale] ?? locale
  const id = `${tag}${tiny ? ':tiny' : ''}`
  let f = numberFormats.get(id)
  if (!f)
    numberFormats.set(
      id,
      (f = new Intl.NumberFormat(tag, tiny ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 3 })),
    )
  return f.format(n)
}

/** The plural form of a count in a language ('one' only for English's 1); undefined when the value is no number. */
export function pluralForm(
  value: unknown,
  forms: readonly [string, string],
  locale: Locale | string,
): string | undefined {
  // A count the caller grouped already ("1,234": both languages group with commas) still counts.
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /\d/.test(value)
        ? Number(value.replace(/[,\s\u00a0\u202f]/g, ''))
        : NaN
  if (!Number.isFinite(n)) return undefined
  const tag = LOCALE_TAG[locale as Locale] ?? locale
  let r = pluralRules.get(tag)
  if (!r) pluralRules.set(tag, (r = new Intl.PluralRules(tag)))
  return r.select(n) === 'one' ? forms[0] : forms[1]
}

/** A parameter's value as the text shows it: counts grouped, identifiers as they are, other values untouched. */
export function paramValue(name: string, value: unknown, locale: Locale | string): unknown {
  if (typeof value !== 'number') return value
  return isIdentifierParam(name) ? String(value) : formatNumber(value, locale)
}

/**
 * Renders a message with plain substitution (the same syntax and number
 * format as the dashboard), for places with no dashboard: logs, the HTML
 * report, tests' error messages. A parameter the message lacks stays as written.
 */
export function renderPlain(tree: MessageTree, msg: Msg, locale: Locale = 'en'): string {
  const text = lookup(tree, msg.key)
  if (text === undefined) return msg.key
  return parseMessage(text)
    .parts.map((p) => {
      if (typeof p === 'string') return p
      const v = msg.params?.[p.name]
      if (v === undefined) return p.raw
      const value = isMsg(v) ? renderPlain(tree, v, locale) : v
      // A count that is no number (a dash for "not measured") takes the plural, as in the dashboard.
      if (p.forms) return pluralForm(value, p.forms, locale) ?? p.forms[1]
      return String(paramValue(p.name, value, locale))
    })
    .join('')
}
