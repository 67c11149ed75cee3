// What the installers will contain: electron-builder packages the app (`--dir`,
// with the project's electron-builder.yml) around a stand-in Electron, and the
// archive it wrote is read back. The app must carry everything it runs
// (out/main with every child entry and its shipped source, out/preload,
// out/renderer, the production dependencies) and nothing else: no sources,
// tests or dev dependencies; ps-list's fastlist.exe beside the archive on
// Windows, where the OS must execute it. Electron itself is not run here (the
// CI workflow launches the real packaged app: e2e/packaged.spec.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { core } from '../src/shared/i18n/core'
import {
  ROOT,
  archiveEntries,
  buildApp,
  childEntryNames,
  packageDir,
  productionPackages,
  readFromArchive,
  standInElectron,
  type ArchiveEntry,
} from './helpers/packaging'

let work: string
const apps: Record<'linux' | 'win', { dir: string; archive: string; entries: ArchiveEntry[] }> = {} as never

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-packaged-'))
  buildApp()
  for (const target of ['linux', 'win'] as const) {
    const dir = packageDir(
      target,
      standInElectron(target, path.join(work, `electron-${target}`)),
      path.join(work, `dist-${target}`),
    )
    const archive = path.join(dir, 'resources', 'app.asar')
    apps[target] = { dir, archive, entries: archiveEntries(archive) }
  }
}, 180_000)

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true })
})

const files = (entries: ArchiveEntry[]): string[] => entries.filter((e) => !e.dir).map((e) => e.path)

/** The package folders in the archive: node_modules/<name> and node_modules/@scope/<name>, nested ones too. */
function packagesIn(entries: ArchiveEntry[]): string[] {
  const pkgs = new Set<string>()
  for (const e of entries) {
    const m = /^((?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/@][^/]*)/.exec(e.path)
    if (m && entries.some((x) => x.path === `${m[1]}/package.json`)) pkgs.add(m[1])
  }
  return [...pkgs].sort()
}

describe.each(['linux', 'win'] as const)('packaged app (%s, electron-builder --dir)', (target) => {
  it('holds the built app: main with every child entry and its shipped source, preload, renderer, the icon', () => {
    const { entries } = apps[target]
    const all = files(entries)
    for (const f of [
      'package.json',
      'out/main/index.js',
      'out/main/web.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'resources/icon.png',
    ]) {
      expect(all, f).toContain(f)
    }
    expect(all.some((f) => /^out\/renderer\/assets\/.+\.js$/.test(f))).toBe(true)
    // src/child/entries.ts resolves a child entry as <its own folder>/<name>.js,
    // its own folder being out/main (or out/main/chunks, then one up), and the
    // source the lab shows as out/main/sources/<name>.child.ts.
    expect(all.some((f) => /^out\/main\/chunks\/entries-[\w-]+\.js$/.test(f))).toBe(true)
    const names = childEntryNames()
    expect(names.length).toBeGreaterThan(10)
    for (const name of names) {
      expect(all, `child entry ${name}`).toContain(`out/main/${name}.js`)
      expect(all, `shipped source of ${name}`).toContain(`out/main/sources/${name}.child.ts`)
    }
  })

  it('starts the built main bundle: package.json points at a file the archive holds', () => {
    const { archive, entries } = apps[target]
    const pkg = JSON.parse(readFromArchive(archive, 'package.json')) as { main: string; type: string; name: string }
    expect(pkg.type).toBe('module')
    expect(files(entries)).toContain(path.posix.normalize(pkg.main))
  })

  it('carries exactly the production dependencies, and nothing from the sources, tests or dev dependencies', () => {
    const { entries } = apps[target]
    expect(packagesIn(entries)).toEqual(productionPackages())
    const dev = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: object })
        .devDependencies,
    )
    for (const e of entries) {
      expect(e.path, 'a source, test or tooling file').not.toMatch(
        /^(src|test|e2e|bench|scripts|docs|eslint|\.github|\.ci|node_modules\/\.bin)(\/|$)/,
      )
      expect(e.path, 'a project config file').not.toMatch(
        /^(tsconfig.*\.json|vitest\.config\.ts|playwright\.config\.ts|electron\.vite\.config\.ts|electron-builder\.yml|package-lock\.json|eslint\.config\.js)$/,
      )
      for (const d of dev) expect(e.path.startsWith(`node_modules/${d}/`), `dev dependency ${d}`).toBe(false)
    }
  })
})

describe('packaged app: what its code imports', () => {
  it('imports only Node built-ins, electron and the production dependencies', () => {
    const { archive, entries } = apps.linux
    const allowed = new Set(['electron', ...productionPackages().map((p) => p.slice('node_modules/'.length))])
    const code = files(entries).filter((f) => /^out\/(main|preload)\/.+\.c?js$/.test(f))
    expect(code.length).toBeGreaterThan(20)
    const bare = new Map<string, string>()
    for (const f of code) {
      const text = readFromArchive(archive, f)
      for (const m of text.matchAll(
        /\bfrom\s*["']([^"'.][^"']*)["']|\bimport\(\s*["']([^"'.][^"']*)["']\s*\)|\brequire\(\s*["']([^"'.][^"']*)["']\s*\)/g,
      )) {
        bare.set(m[1] ?? m[2] ?? m[3], f)
      }
    }
    const name = (spec: string): string =>
      spec
        .split('/')
        .slice(0, spec.startsWith('@') ? 2 : 1)
        .join('/')
    const foreign = [...bare]
      .filter(([spec]) => !spec.startsWith('node:') && !allowed.has(name(spec)))
      .map(([spec, f]) => `${spec} (${f})`)
    expect(foreign).toEqual([])
    // The bundles do reach the production dependencies (the check above has something to check).
    expect([...bare.keys()]).toEqual(expect.arrayContaining(['ws', 'zod']))
  })
})

describe('packaged app: Windows specifics', () => {
  it("keeps ps-list's fastlist.exe outside the archive, where Windows can execute it", () => {
    const { dir, entries } = apps.win
    const exes = entries.filter((e) => /^node_modules\/ps-list\/vendor\/fastlist-[\w.-]+\.exe$/.test(e.path))
    expect(exes.map((e) => path.posix.basename(e.path)).sort()).toEqual(
      fs
        .readdirSync(path.join(ROOT, 'node_modules/ps-list/vendor'))
        .filter((f) => /^fastlist.*\.exe$/.test(f))
        .sort(),
    )
    for (const e of exes) {
      expect(e.unpacked, e.path).toBe(true)
      const onDisk = path.join(dir, 'resources', 'app.asar.unpacked', e.path)
      expect(fs.readFileSync(onDisk).equals(fs.readFileSync(path.join(ROOT, e.path))), onDisk).toBe(true)
    }
    // Only what another program must open leaves the archive: the app's code
    // stays inside; its Python programs come out, for a Python interpreter
    // cannot read inside app.asar.
    const unpackedCode = entries.filter((e) => e.unpacked && !e.dir && e.path.startsWith('out/'))
    const python = fs.readdirSync(path.join(ROOT, 'src/python')).filter((f) => f.endsWith('.py'))
    expect(unpackedCode.map((e) => e.path).sort()).toEqual(python.map((f) => `out/main/python/${f}`).sort())
  })

  it("ships only the target's koffi binary, outside the archive where the OS can load it, and none of koffi's sources", () => {
    for (const [app, triplet] of [
      [apps.win, 'win32_x64'],
      [apps.linux, 'linux_x64'],
    ] as const) {
      const koffi = app.entries.filter((e) => !e.dir && e.path.startsWith('node_modules/koffi/'))
      const binaries = koffi.filter((e) => e.path.endsWith('.node'))
      expect(binaries.map((e) => e.path)).toEqual([`node_modules/koffi/build/koffi/${triplet}/koffi.node`])
      for (const e of binaries) {
        expect(e.unpacked, e.path).toBe(true)
        const onDisk = path.join(app.dir, 'resources', 'app.asar.unpacked', e.path)
        expect(fs.readFileSync(onDisk).equals(fs.readFileSync(path.join(ROOT, e.path))), onDisk).toBe(true)
      }
      // Its JavaScript stays (in the archive); its C++ sources, vendored libraries and docs do not.
      expect(koffi.map((e) => e.path)).toEqual(
        expect.arrayContaining(['node_modules/koffi/index.js', 'node_modules/koffi/package.json']),
      )
      expect(
        koffi.filter((e) => /^node_modules\/koffi\/(src|vendor|doc|lib)\//.test(e.path)).map((e) => e.path),
      ).toEqual([])
    }
  })

  it('names the executable after the product', () => {
    expect(fs.existsSync(path.join(apps.win.dir, 'ProcLab.exe'))).toBe(true)
    expect(fs.existsSync(path.join(apps.linux.dir, 'proclab'))).toBe(true)
  })

  it("starts Linux through the launcher that checks, before Chromium's sandbox, whether an AppImage can run", () => {
    const launcher = fs.readFileSync(path.join(apps.linux.dir, 'proclab'), 'utf8')
    expect(launcher.startsWith('#!/bin/sh\n')).toBe(true)
    expect(launcher).toContain('exec "$here/proclab-bin" "$@"')
    // Its words are the catalog's, both languages (test/linux-launcher.test.ts runs it).
    expect(launcher).toContain(core.en.launch.appImageSandbox.replace(/'/g, `'\\''`))
    expect(launcher).toContain(core.zh.launch.appImageSandbox)
    // Electron's own binary beside it, executable (here the stand-in).
    expect(fs.statSync(path.join(apps.linux.dir, 'proclab-bin')).mode & 0o111).not.toBe(0)
    // Windows starts Electron directly.
    expect(fs.existsSync(path.join(apps.win.dir, 'ProcLab-bin.exe'))).toBe(false)
  })
})

describe('electron-builder.yml', () => {
  it("leaves Electron's runAsNode fuse on: every child process is started with fork(), which needs it", () => {
    const config = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')
    expect(config).not.toMatch(/^\s*runAsNode\s*:\s*false/m)
  })
})
