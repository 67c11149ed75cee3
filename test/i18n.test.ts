// The message catalog the core speaks in (src/shared/i18n): both languages
// have the same keys with the same parameters, every message compiles under
// vue-i18n's syntax, and the Chinese catalog is Chinese.
import { baseCompile } from '@intlify/message-compiler'
import { describe, expect, it } from 'vitest'
import { coreCatalog } from '../src/shared/i18n'
import { leafKeys, lookup, paramNames } from '../src/shared/msg'

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

  it('compiles every message under vue-i18n syntax', () => {
    const broken: string[] = []
    for (const tree of [en, zh]) {
      for (const k of leafKeys(tree)) {
        baseCompile(lookup(tree, k)!, {
          onError: (e) => broken.push(`${k}: ${e.message}`),
        })
      }
    }
    expect(broken).toEqual([])
  })
})
