// The packaged app, built here without Electron's binary: electron-vite's build,
// electron-builder's `--dir` target fed a stand-in Electron distribution, and the
// archive's header read back. Used by test/packaged-layout.test.ts and
// test/production-runtime.test.ts.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import asar from '@electron/asar'
import * as ResEdit from 'resedit'

export const ROOT = path.resolve(__dirname, '..', '..')
const require = createRequire(import.meta.url)

/** A package's command-line script, run with this Node (npx's .cmd shims differ per system). */
function bin(pkg: string, name = pkg): string {
  const dir = path.dirname(require.resolve(`${pkg}/package.json`))
  const bins = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { bin: Record<string, string> })
    .bin
  return path.join(dir, bins[name])
}

/** `electron-vite build` into the project's out/, as `npm run dist` does. */
export function buildApp(): void {
  execFileSync(process.execPath, [bin('electron-vite'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' })
}

export type Target = 'linux' | 'win'

/**
 * A folder shaped like Electron's distribution for `target`, holding a stand-in
 * executable instead of Electron's. For Windows electron-builder edits the
 * executable's resources (the asar integrity record) and needs a real PE file
 * with one version-info language: ps-list's own fastlist.exe, given one.
 */
export function standInElectron(target: Target, dir: string): string {
  fs.mkdirSync(dir, { recursive: true })
  if (target === 'linux') {
    fs.writeFileSync(
      path.join(dir, 'electron'),
      '#!/bin/sh\necho "stand-in for Electron: cannot run the app" >&2\nexit 1\n',
      { mode: 0o755 },
    )
  } else {
    const exe = ResEdit.NtExecutable.from(
      fs.readFileSync(path.join(ROOT, 'node_modules/ps-list/vendor/fastlist-0.3.0-x64.exe')),
    )
    const res = ResEdit.NtExecutableResource.from(exe)
    const info = ResEdit.Resource.VersionInfo.createEmpty()
    info.lang = 1033
    info.setStringValues({ lang: 1033, codepage: 1200 }, { ProductName: 'Electron (stand-in)' })
    info.outputToResourceEntries(res.entries)
    res.outputResource(exe)
    fs.writeFileSync(path.join(dir, 'electron.exe'), Buffer.from(exe.generate()))
  }
  return dir
}

/**
 * `electron-builder --dir` for `target` with the project's electron-builder.yml,
 * into `output`. Returns the unpacked app's folder. Nothing is downloaded: the
 * Electron distribution is the stand-in, and on Windows the step that signs
 * and edits the executable (it fetches winCodeSign/rcedit from GitHub) is off.
 */
export function packageDir(target: Target, electronDist: string, output: string): string {
  const args = [
    bin('electron-builder'),
    `--${target}`,
    '--x64',
    '--dir',
    `-c.electronDist=${electronDist}`,
    `-c.directories.output=${output}`,
  ]
  if (target === 'win') args.push('-c.win.signAndEditExecutable=false')
  execFileSync(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
  })
  return path.join(output, target === 'linux' ? 'linux-unpacked' : 'win-unpacked')
}

export interface ArchiveEntry {
  /** Path inside the archive, '/'-separated, no leading slash. */
  readonly path: string
  readonly dir: boolean
  /** Stored beside the archive in app.asar.unpacked/ (the OS can execute it there). */
  readonly unpacked: boolean
}

interface HeaderNode {
  files?: Record<string, HeaderNode>
  unpacked?: boolean
}

/** Every entry of an asar archive, read from its header with @electron/asar. */
export function archiveEntries(archive: string): ArchiveEntry[] {
  const out: ArchiveEntry[] = []
  const walk = (node: HeaderNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const p = prefix ? `${prefix}/${name}` : name
      out.push({ path: p, dir: child.files !== undefined, unpacked: child.unpacked === true })
      if (child.files) walk(child, p)
    }
  }
  walk(asar.getRawHeader(archive).header as HeaderNode, '')
  return out
}

export const readFromArchive = (archive: string, file: string): string =>
  asar.extractFile(archive, file).toString('utf8')

/** The packages `npm ci --omit=dev` installs: the lockfile's entries not marked dev. */
export function productionPackages(): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; optional?: boolean }>
  }
  return Object.entries(lock.packages)
    .filter(([key, meta]) => key !== '' && !meta.dev)
    .map(([key]) => key)
    .sort()
}

/** Child entries by name, as src/child/entries.ts finds them: every `<name>.child.ts` under src/. */
export function childEntryNames(dir = path.join(ROOT, 'src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.isDirectory()) return childEntryNames(path.join(dir, d.name))
    return d.name.endsWith('.child.ts') ? [d.name.slice(0, -'.child.ts'.length)] : []
  })
}
