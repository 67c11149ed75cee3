// Resource limits read as a person reads them, in both languages.
import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../src/renderer/src/i18n'
import { limitText } from '../../src/renderer/src/lib/limits'

afterEach(() => setLocale('en'))

describe('a resource limit', () => {
  it('says unlimited without a unit, bytes in binary units, seconds as s', () => {
    expect(limitText('unlimited', 'seconds')).toBe('unlimited')
    expect(limitText('8388608', 'bytes')).toBe('8.0 MiB')
    expect(limitText('30', 'seconds')).toBe('30 s')
    expect(limitText('1024', 'files')).toBe('1024 files')
    expect(limitText('0', undefined)).toBe('0')
  })

  it('in Chinese', () => {
    setLocale('zh')
    expect(limitText('unlimited', 'seconds')).toBe('无限制')
    expect(limitText('30', 'seconds')).toBe('30 秒')
  })
})
