// The dashboard's catalog (src/renderer/src/i18n/ui.ts) and every key the
// dashboard asks for: both languages have the same keys and parameters, every
// message parses under the catalog's syntax (src/shared/msg.ts), every literal key in the
// renderer's sources exists in both languages, and every scenario text the lab
// looks up by convention (title, summary, caution, option and action labels)
// is in the catalog. A missing key fails here, before anyone sees it as a key.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SCENARIOS } from '../src/core/scenarios'
import { leafKeys, lookup, paramNames, parseMessage, type MessageTree } from '../src/shared/msg'
import { catalog, localeOf, systemLocale } from '../src/renderer/src/i18n'
import { ui } from '../src/renderer/src/i18n/ui'

const RENDERER = path.resolve(__dirname, '../src/renderer/src')
// The catalog exactly as the dashboard builds it: the core's messages and every part of `ui`.
const catalogs = { en: catalog('en') as MessageTree, zh: catalog('zh') as MessageTree }
const uiTree = { en: catalogs.en.ui as MessageTree, zh: catalogs.zh.ui as MessageTree }

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.(vue|ts)$/.test(e.name) ? [p] : []
  })
}

/**
 * Literal keys in a source: t('…') / t("…") (and i18n.t, te, $t), <i18n-t keypath="…">,
 * and any quoted 'ui.…' (tables of keys, e.g. columns and states). A key built
 * with ${…} is not literal; the conventions below cover the scenario ones.
 */
export function literalKeys(text: string): string[] {
  const keys = new Set<string>()
  for (const m of text.matchAll(/(?<![\w$])\$?(?:t|te|tOptional)\(\s*(['"])([A-Za-z][\w.-]*)\1/g)) keys.add(m[2])
  for (const m of text.matchAll(/\bkeypath="([A-Za-z][\w.-]*)"/g)) keys.add(m[1])
  // A prefix given to messages() names a subtree, not a message: its maker's keys are checked by the compiler.
  for (const m of text.matchAll(/(?<!messages\(\s*)(['"`])(ui\.[\w.-]+)\1/g)) keys.add(m[2])
  return [...keys]
}

describe("the dashboard's catalog", () => {
  it('has the same keys in English and Chinese', () => {
    expect(leafKeys(uiTree.zh).sort()).toEqual(leafKeys(uiTree.en).sort())
  })

  it('uses the same parameters in both languages', () => {
    const differ = leafKeys(uiTree.en).filter(
      (k) => paramNames(lookup(uiTree.en, k)!).join() !== paramNames(lookup(uiTree.zh, k) ?? '').join(),
    )
    expect(differ).toEqual([])
  })

  it('parses every message under the catalog syntax (src/shared/msg.ts: {name}, {name:one|other})', () => {
    const broken: string[] = []
    for (const tree of [uiTree.en, uiTree.zh]) {
      for (const k of leafKeys(tree)) {
        for (const e of parseMessage(lookup(tree, k)!).errors) broken.push(`${k}: ${e}`)
      }
    }
    expect(broken).toEqual([])
  })

  it('has no English sentence in the Chinese of ui.ts (a Chinese text has Chinese characters, or is a symbol or term)', () => {
    // The only Chinese texts without a Chinese character: names and symbols Chinese text uses as they are.
    const same = leafKeys(ui.zh as MessageTree).filter((k) => {
      const text = lookup(ui.zh as MessageTree, k)!
      return !/[\u4e00-\u9fff]/.test(text) && /[a-z]{2,}/i.test(text.replace(/\{\w+\}/g, ''))
    })
    expect(same.map((k) => `${k}: ${lookup(ui.zh as MessageTree, k)}`)).toEqual([
      'language.en: English',
      'overview.cpu: CPU',
      'overview.core: CPU {id}',
      'charts.cpu: CPU',
      'details.pid: PID {pid}',
      'details.uid: UID {uid}',
      'details.cpu: CPU',
      'holdings.fd: FD',
      'threads.tid: TID',
      'threads.cpu: CPU',
      'column.pid.label: PID',
      'session.size: {kb} KB / {mb} MB',
      'procs.pid: PID',
    ])
  })
})

describe('every key the dashboard uses', () => {
  const files = sources(RENDERER)

  it('finds the sources and their keys', () => {
    expect(files.length).toBeGreaterThan(30)
    expect(literalKeys(`t('ui.a.b') t("ui.c") keypath="ui.d" x = 'ui.e' tm(m) t(\`scenario.\${id}.title\`)`)).toEqual([
      'ui.a.b',
      'ui.c',
      'ui.d',
      'ui.e',
    ])
  })

  it('exists in English and in Chinese', () => {
    const missing: string[] = []
    for (const file of files) {
      for (const key of literalKeys(fs.readFileSync(file, 'utf8'))) {
        for (const locale of ['en', 'zh'] as const)
          if (lookup(catalogs[locale], key) === undefined)
            missing.push(`${path.relative(RENDERER, file)}: ${locale}:${key}`)
      }
    }
    expect(missing).toEqual([])
  })

  it("includes every scenario's texts the lab looks up by convention", () => {
    const missing: string[] = []
    const need = (key: string, fallback?: string): void => {
      for (const locale of ['en', 'zh'] as const) {
        const has = lookup(catalogs[locale], key) ?? (fallback ? lookup(catalogs[locale], fallback) : undefined)
        if (has === undefined) missing.push(`${locale}:${key}`)
      }
    }
    for (const { info } of SCENARIOS) {
      const base = `scenario.${info.id}`
      need(`${base}.title`)
      need(`${base}.summary`)
      if (info.cautious) need(`${base}.caution`)
      for (const o of info.options) need(`${base}.option.${o.key}.label`, `core.option.${o.key}.label`)
      for (const a of info.actions ?? []) {
        need(`${base}.action.${a.id}.label`)
        for (const o of a.options ?? []) need(`${base}.action.${a.id}.option.${o.key}.label`)
      }
    }
    expect(missing).toEqual([])
  })
})

describe("the dashboard's language", () => {
  it("follows the system's first preferred language it has, else English", () => {
    expect(systemLocale(['zh-CN', 'en'])).toBe('zh')
    expect(systemLocale(['zh-TW'])).toBe('zh')
    expect(systemLocale(['en-US', 'zh-CN'])).toBe('en')
    expect(systemLocale(['fr-FR', 'zh-CN'])).toBe('zh')
    expect(systemLocale(['fr-FR', 'de'])).toBe('en')
    expect(systemLocale([])).toBe('en')
  })

  it('is the one picked in the settings, or the system’s', () => {
    expect(localeOf('zh-CN')).toBe('zh')
    expect(localeOf('en')).toBe('en')
    // Under plain Node there is no navigator: the system's language is English.
    expect(localeOf('system')).toBe('en')
  })
})

describe('words that must stay apart in Chinese', () => {
  // Pausing a chart (it stops moving) and suspending a process (SIGSTOP) are different acts:
  // one Chinese word for both tells a learner the chart's button stops their process.
  it('Pause (a chart, a replay) and Suspend (a process) are two words', () => {
    const zhOf = (english: RegExp): Set<string> =>
      new Set(
        leafKeys(catalogs.en)
          .filter((k) => english.test(lookup(catalogs.en, k)!))
          .map((k) => lookup(catalogs.zh, k)!),
      )
    const pause = zhOf(/^Pause$/)
    const suspend = zhOf(/^Suspend$/)
    expect(pause.size).toBeGreaterThan(0)
    expect(suspend.size).toBeGreaterThan(0)
    expect([...suspend].filter((w) => pause.has(w))).toEqual([])
  })
})
