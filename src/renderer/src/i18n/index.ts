// The dashboard's languages: vue-i18n over one catalog per language, made of
// the dashboard's own strings (ui.ts, under `ui.`) and the core's messages
// (src/shared/i18n: `core.`, `scenario.<id>.`). The language follows the
// system (navigator.languages) until the user picks one in the header, which
// is remembered. A missing key is an error in tests (test/i18n.test.ts, the
// e2e walk) and shows as its key, never as silent English.
import { createI18n } from 'vue-i18n'
import { coreCatalog } from '../../../shared/i18n'
import { isMsg, LOCALES, type Locale, type Msg, type MsgParam } from '../../../shared/msg'
import { ui } from './ui'
import { uiRuns } from './ui-runs'

export function catalog(locale: Locale): Record<string, unknown> {
  return { ...coreCatalog(locale), ui: { ...ui[locale], runs: uiRuns[locale] } }
}

/** The system's language, as the browser (or Electron's Chromium) reports it: Chinese if any preferred language is. */
export function systemLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0]
    if (base === 'zh') return 'zh'
    if (base === 'en') return 'en'
  }
  return 'en'
}

/** Keys the dashboard asked for and the catalog lacks (read by the e2e walk through window.__proclabMissing). */
export const missingKeys = new Set<string>()

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the catalog is checked by tests, not by vue-i18n's schema types
export const i18n = createI18n<[Record<string, any>], Locale, false>({
  legacy: false,
  locale: systemLocale(),
  fallbackLocale: 'en',
  messages: { en: catalog('en'), zh: catalog('zh') },
  missing: (locale, key) => {
    missingKeys.add(`${locale}:${key}`)
    return key
  },
  missingWarn: false,
  fallbackWarn: false,
})
;(window as unknown as { __proclabMissing: Set<string> }).__proclabMissing = missingKeys

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
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en'
}

/** Renders a message from the core (its parameters first, when they are messages), or passes plain text through. */
export function tm(m: Msg | string | undefined): string {
  if (m === undefined) return ''
  if (typeof m === 'string') return m
  const params: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(m.params ?? {})) params[k] = render(v)
  return g.t(m.key, params)
}

function render(v: MsgParam): string | number {
  return isMsg(v) ? tm(v) : v
}

/** The text of a key if the catalog has it (for optional texts such as an option's help). */
export function tOptional(key: string): string | undefined {
  return g.te(key) ? g.t(key) : undefined
}
