// The dashboard's languages: vue-i18n over one catalog per language, made of
// the dashboard's own strings (ui.ts, under `ui.`) and the core's messages
// (src/shared/i18n: `core.`, `scenario.<id>.`). The language follows the
// system (navigator.languages) until the user picks one in the header, which
// is remembered (stores/settings.ts calls setLocale). A missing key is an
// error in tests (test/i18n.test.ts, test/i18n-ui.test.ts, the walk in
// e2e/i18n.spec.ts) and shows as its key, never as silent English.
import { createI18n, type MessageCompiler, type MessageContext } from 'vue-i18n'
import { coreCatalog } from '../../../shared/i18n'
import {
  isMsg,
  LOCALE_TAG,
  LOCALES,
  paramValue,
  parseMessage,
  pluralForm,
  type Locale,
  type Msg,
  type MsgParam,
} from '../../../shared/msg'
import type { Language } from '../../../shared/settings'
import { roleMsg } from '../../../shared/roles'
import { ui } from './ui'
import { uiRuns } from './ui-runs'

export function catalog(locale: Locale): Record<string, unknown> {
  return { ...coreCatalog(locale), ui: { ...ui[locale], runs: uiRuns[locale] } }
}

/** The system's language, as the browser (or Electron's Chromium) reports it: Chinese if any preferred language is. */
export function systemLocale(languages: readonly string[] = browserLanguages()): Locale {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0]
    if (base === 'zh') return 'zh'
    if (base === 'en') return 'en'
  }
  return 'en'
}

function browserLanguages(): readonly string[] {
  // Absent under plain Node (the stores' tests): English.
  if (typeof navigator === 'undefined') return []
  return navigator.languages?.length ? navigator.languages : [navigator.language]
}

/**
 * vue-i18n renders the catalog's own syntax (src/shared/msg.ts: {name},
 * {name:one|other}, {'text'}) with the same parser and number format as
 * renderPlain, so the dashboard, the report and the logs write a message alike.
 * It goes through the context's interpolate/normalize so <i18n-t> slots
 * (components in the text) still work; a plural whose parameter is a slot
 * (no number) follows <i18n-t :plural="count">.
 */
export const messageCompiler: MessageCompiler = (source, { locale, key }) => {
  // The catalog holds texts only (no precompiled ASTs): anything else shows as its key.
  if (typeof source !== 'string') return () => key
  const { parts } = parseMessage(source)
  return ((context: MessageContext) => {
    // interpolate/normalize exist on every context (vue-i18n's own compiled messages call them)
    // but are left out of its public types: they are how <i18n-t> turns slots into components.
    const ctx = context as MessageContext & {
      interpolate(v: unknown): unknown
      normalize(values: unknown[]): unknown
    }
    return ctx.normalize(
      parts.map((p) => {
        if (typeof p === 'string') return p
        const value = ctx.named(p.name)
        if (p.forms)
          return (
            pluralForm(value, p.forms, locale) ??
            (typeof value === 'object' && value !== null ? ctx.plural([...p.forms]) : p.forms[1])
          )
        return ctx.interpolate(paramValue(p.name, value, locale))
      }),
    )
  }) as ReturnType<MessageCompiler>
}

/** Keys the dashboard asked for and the catalog lacks (read by the e2e walk through window.__proclabMissing). */
export const missingKeys = new Set<string>()

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the catalog is checked by tests, not by vue-i18n's schema types
export const i18n = createI18n<[Record<string, any>], Locale, false>({
  legacy: false,
  locale: systemLocale(),
  fallbackLocale: 'en',
  messageCompiler,
  messages: { en: catalog('en'), zh: catalog('zh') },
  missing: (locale, key) => {
    missingKeys.add(`${locale}:${key}`)
    return key
  },
  missingWarn: false,
  fallbackWarn: false,
})
if (typeof window !== 'undefined')
  (window as unknown as { __proclabMissing: Set<string> }).__proclabMissing = missingKeys

// The global composer with plain string keys: the catalog is checked by tests
// (same keys in both languages, every key the dashboard uses exists), and
// vue-i18n's deep key types would only slow the compiler down.
const g = i18n.global as unknown as {
  locale: { value: Locale }
  t(key: string, params?: Record<string, string | number>): string
  te(key: string): boolean
}

export function setLocale(locale: Locale): void {
  if (!LOCALES.includes(locale)) return
  g.locale.value = locale
  if (typeof document !== 'undefined') document.documentElement.lang = LOCALE_TAG[locale]
}

/** The BCP 47 tag of the dashboard's language, for Intl formatting (numbers, dates). */
export function localeTag(): string {
  return LOCALE_TAG[g.locale.value]
}

/** The language a setting asks for: the system's, or the one the user picked. */
export function localeOf(setting: Language): Locale {
  return setting === 'system' ? systemLocale() : setting === 'zh-CN' ? 'zh' : 'en'
}

/**
 * A dashboard string outside a component (stores, formatting helpers): the
 * same catalog as useI18n().t, in the current language. A computed value that
 * calls it follows a change of language, as it reads the locale.
 */
export function t(key: string, params?: Record<string, string | number>): string {
  return params ? g.t(key, params) : g.t(key)
}

/** Renders a message from the core (its parameters first, when they are messages), or passes plain text through. */
export function tm(m: Msg | string | undefined): string {
  if (m === undefined) return ''
  if (typeof m === 'string') return m
  const params: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(m.params ?? {})) params[k] = render(v)
  return g.t(m.key, params)
}

/** A process's role in the user's language ("pool worker 1" → 进程池工作进程 1); an unknown role as it is. */
export function roleText(role: string | undefined): string {
  return role ? tm(roleMsg(role)) : ''
}

function render(v: MsgParam): string | number {
  return isMsg(v) ? tm(v) : v
}

/** The text of a key if the catalog has it (for optional texts such as an option's help). */
export function tOptional(key: string): string | undefined {
  return g.te(key) ? g.t(key) : undefined
}

// <html lang> from the start (the system's language until the settings load).
setLocale(g.locale.value)

/**
 * A text of a scenario option (label, help, choice.<value>) from the
 * scenario's catalog (`<prefix>.<key>.<part>`, prefix e.g.
 * `scenario.pool.option`), else the core's for shared options
 * (`core.option.<key>.<part>`, the `language` option).
 */
export function optionText(prefix: string, key: string, part: string): string | undefined {
  return tOptional(`${prefix}.${key}.${part}`) ?? tOptional(`core.option.${key}.${part}`)
}
