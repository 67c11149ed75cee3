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

/** The parameter names a message text uses ({name}). */
export function paramNames(text: string): string[] {
  return [...text.matchAll(/\{\s*([A-Za-z_][\w]*)\s*\}/g)].map((m) => m[1]).sort()
}

/**
 * Renders a message with English-style plain substitution, for places with
 * no dashboard (logs, the HTML report's fallback, tests' error messages).
 */
export function renderPlain(tree: MessageTree, msg: Msg): string {
  const text = lookup(tree, msg.key)
  if (text === undefined) return msg.key
  return text.replace(/\{\s*([A-Za-z_][\w]*)\s*\}/g, (whole, name: string) => {
    const v = msg.params?.[name]
    if (v === undefined) return whole
    return isMsg(v) ? renderPlain(tree, v) : String(v)
  })
}
