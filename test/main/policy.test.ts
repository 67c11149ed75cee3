// The Electron shell's decisions, as pure functions (src/main/policy.ts), so
// they are tested here where Electron cannot start: which links leave the app
// for the browser, which page URL the window loads, and which page is trusted
// to call the core.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EXTERNAL_LINKS, isAllowedExternal, isTrustedPage, rendererUrl } from '../../src/main/policy'

const index = path.resolve('/opt/ProcLab/resources/app.asar/out/renderer/index.html')
const own = pathToFileURL(index).href

describe('external links', () => {
  it('opens only the allow-listed links in the browser', () => {
    expect(EXTERNAL_LINKS.length).toBeGreaterThan(0)
    for (const prefix of EXTERNAL_LINKS) expect(isAllowedExternal(prefix + 'x.html')).toBe(true)
    for (const bad of [
      'https://evil.example/',
      'https://docs.python.org.evil.example/3/library/',
      'https://evil.example/?u=https://nodejs.org/api/',
      'http://nodejs.org/api/child_process.html',
      'https://user:pw@nodejs.org/api/child_process.html',
      'https://nodejs.org/apix/',
      'https://nodejs.org/api/../evil',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(isAllowedExternal(bad), bad).toBe(false)
    }
  })
})

describe('renderer URL', () => {
  it('honours ELECTRON_RENDERER_URL only in an unpackaged build, and only for a loopback dev server', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
    expect(rendererUrl({ isPackaged: false, env, indexFile: index })).toBe('http://localhost:5173')
    expect(rendererUrl({ isPackaged: true, env, indexFile: index })).toBe(own)
    expect(
      rendererUrl({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' }, indexFile: index }),
    ).toBe(own)
    expect(rendererUrl({ isPackaged: false, env: {}, indexFile: index })).toBe(own)
  })
})

describe('trusted page', () => {
  it("trusts the app's own index.html only, not any file: URL", () => {
    expect(isTrustedPage(own, own)).toBe(true)
    expect(isTrustedPage(own + '#/lab', own)).toBe(true)
    expect(isTrustedPage('file:///tmp/evil.html', own)).toBe(false)
    expect(isTrustedPage(pathToFileURL(path.join(path.dirname(index), 'other.html')).href, own)).toBe(false)
    expect(isTrustedPage(own.replace('file://', 'file://evil-host'), own)).toBe(false)
    expect(isTrustedPage('http://localhost:5173/', own)).toBe(false)
    expect(isTrustedPage('about:blank', own)).toBe(false)
    expect(isTrustedPage('garbage', own)).toBe(false)
  })

  it('trusts the dev server by origin', () => {
    expect(isTrustedPage('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true)
    expect(isTrustedPage('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedPage(own, 'http://localhost:5173')).toBe(false)
  })
})
