// The Electron shell's security decisions as pure functions: no electron
// import, so test/main/policy.test.ts checks them where Electron cannot start.
import { pathToFileURL } from 'node:url'

/**
 * The only pages ProcLab sends to the user's browser: the reference manuals its
 * scenarios teach from. A link the dashboard adds must be listed here, or the
 * window refuses to open it.
 */
export const EXTERNAL_LINKS: readonly string[] = ['https://nodejs.org/api/', 'https://docs.python.org/3/library/']

export function isAllowedExternal(url: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  // Compared in parsed, normalised form, so "..", credentials and look-alike hosts do not slip through.
  if (u.protocol !== 'https:' || u.username || u.password) return false
  const href = u.href
  return EXTERNAL_LINKS.some((prefix) => href.startsWith(prefix))
}

/**
 * The page the window loads. electron-vite's dev server URL is honoured only in
 * an unpackaged build and only on loopback: in an installed app an environment
 * variable must not be able to swap ProcLab's page for someone else's.
 */
export function rendererUrl(o: {
  isPackaged: boolean
  env: Record<string, string | undefined>
  indexFile: string
}): string {
  const dev = o.env['ELECTRON_RENDERER_URL']
  if (!o.isPackaged && dev) {
    try {
      const u = new URL(dev)
      if (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) return dev
    } catch {
      // not a URL: fall back to the app's own page
    }
  }
  return pathToFileURL(o.indexFile).href
}

/** True when actualUrl is the app's own page (the very file, or the dev server's origin), whatever its hash or query. */
export function isTrustedPage(actualUrl: string, expectedUrl: string): boolean {
  let actual: URL
  let expected: URL
  try {
    actual = new URL(actualUrl)
    expected = new URL(expectedUrl)
  } catch {
    return false
  }
  if (expected.protocol === 'file:')
    return actual.protocol === 'file:' && actual.host === expected.host && actual.pathname === expected.pathname
  return actual.origin === expected.origin
}
