// Which of koffi's files each installer ships, for targets this machine cannot
// package (macOS) as well as those it can: electron-builder's own matcher for
// production dependencies (getNodeModuleFileMatcher, fed electron-builder.yml
// and its macro expansion, as platformPackager does) run over the installed
// koffi package. test/packaged-layout.test.ts checks the real Linux and Windows
// packages against the same rule.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..')
const require = createRequire(import.meta.url)
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'))
const { getNodeModuleFileMatcher } = builderRequire('./out/fileMatcher.js') as {
  getNodeModuleFileMatcher: (
    appDir: string,
    dest: string,
    macro: (p: string) => string,
    platformOptions: unknown,
    packager: unknown,
  ) => { createFilter(): (file: string, stat: fs.Stats) => boolean }
}
const { expandMacro } = builderRequire('./out/util/macroExpander.js') as {
  expandMacro: (p: string, arch: string | null, appInfo: object, extra: object) => string
}
const yaml = builderRequire('js-yaml') as { load(text: string): Record<string, unknown> }

const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'))

/** The koffi files (relative to the package) electron-builder copies for one target. */
function shipped(os: 'linux' | 'win' | 'mac', arch: string): string[] {
  const macro = (p: string): string => expandMacro(p, arch, { productName: 'ProcLab' }, { os })
  const matcher = getNodeModuleFileMatcher(ROOT, '/app', macro, config[os], {
    config,
    debugLogger: { isEnabled: false },
  })
  const filter = matcher.createFilter()
  const koffi = path.join(ROOT, 'node_modules', 'koffi')
  const out: string[] = []
  // The copier walks down only into directories the filter keeps, as electron-builder's does.
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name)
      const stat = fs.statSync(file)
      const rel = path.relative(ROOT, file).split(path.sep).join('/')
      if (!filter(file, Object.assign(stat, { moduleFullFilePath: rel }))) continue
      if (stat.isDirectory()) walk(file)
      else out.push(path.relative(koffi, file).split(path.sep).join('/'))
    }
  }
  walk(koffi)
  return out.sort()
}

describe("koffi in each installer: its JavaScript and the target's binary only", () => {
  it.each([
    ['linux', 'x64', 'linux_x64'],
    ['linux', 'arm64', 'linux_arm64'],
    ['win', 'x64', 'win32_x64'],
    ['win', 'arm64', 'win32_arm64'],
    ['mac', 'arm64', 'darwin_arm64'],
    ['mac', 'x64', 'darwin_x64'],
  ] as const)('%s %s ships build/koffi/%s/koffi.node and no other binary or source', (os, arch, triplet) => {
    const files = shipped(os, arch)
    expect(files.filter((f) => f.endsWith('.node'))).toEqual([`build/koffi/${triplet}/koffi.node`])
    expect(files).toEqual(expect.arrayContaining(['index.js', 'package.json']))
    expect(files.filter((f) => /^(src|vendor|doc|lib)\//.test(f))).toEqual([])
    const bytes = files.reduce((n, f) => n + fs.statSync(path.join(ROOT, 'node_modules', 'koffi', f)).size, 0)
    // One binary (1.2 to 1.6 MB) and some JavaScript, down from ~28 MB.
    expect(bytes).toBeLessThan(3 * 2 ** 20)
  })
})
