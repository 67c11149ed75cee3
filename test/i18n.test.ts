// The message catalog the core speaks in (src/shared/i18n): both languages
// have the same keys with the same parameters, every message parses under
// the catalog's syntax, and the Chinese catalog is Chinese.
import { describe, expect, it } from 'vitest'
import { coreCatalog } from '../src/shared/i18n'
import { leafKeys, lookup, paramNames, parseMessage } from '../src/shared/msg'

const en = coreCatalog('en')
const zh = coreCatalog('zh')

describe('the core catalog', () => {
  it('has the same keys in English and Chinese', () => {
    expect(leafKeys(zh).sort()).toEqual(leafKeys(en).sort())
  })

  it('uses the same parameters in both languages', () => {
    const differ = leafKeys(en).filter(
      (k) => paramNames(lookup(en, k)!).join() !== paramNames(lookup(zh, k) ?? '').join(),
    )
    expect(differ).toEqual([])
  })

  it('parses every message under the catalog syntax (src/shared/msg.ts: {name}, {name:one|other})', () => {
    const broken: string[] = []
    for (const tree of [en, zh]) {
      for (const k of leafKeys(tree)) {
        for (const e of parseMessage(lookup(tree, k)!).errors) broken.push(`${k}: ${e}`)
      }
    }
    expect(broken).toEqual([])
  })

  it('is Chinese in Chinese: a text without Chinese characters is only parameters, symbols, code and terms', () => {
    // Terms the tutorial and its readers write as they are: code (close(), threading.local()), signal names,
    // the languages' names, the tutorial's Master/Worker, a thread's own name.
    const TERMS = /^(Python|Node|js|PID|Master|Worker|Thread|SIG[A-Z]+|close|abort|threading|local)$/
    const english = leafKeys(zh).filter((k) => {
      const text = lookup(zh, k)!
      if (/[\u3400-\u9fff]/.test(text)) return false
      const words = text.replace(/\{\s*\w+\s*\}/g, ' ').match(/[A-Za-z]+/g) ?? []
      return words.some((w) => !TERMS.test(w))
    })
    expect(english).toEqual([])
  })
})
