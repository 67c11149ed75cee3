// Where the files that run inside child processes and worker threads live.
// Built: next to the bundle (out/main/<name>.js). From source (tests, tsx): the
// TypeScript file, run through tsx's loader.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = path.dirname(fileURLToPath(import.meta.url))
// Built code shared by several entries lands in out/main/chunks/.
const here = path.basename(dir) === 'chunks' ? path.dirname(dir) : dir
const fromSource = import.meta.url.endsWith('.ts')

export interface Entry {
  readonly file: string
  readonly execArgv: readonly string[]
}

export function entry(name: string): Entry {
  if (fromSource) return { file: path.join(here, 'workers', `${name}.ts`), execArgv: ['--import', 'tsx'] }
  return { file: path.join(here, `${name}.js`), execArgv: [] }
}

/** The TypeScript source of an entry, as shipped beside the bundle (see electron.vite.config.ts). */
export function entrySource(name: string): string {
  return fromSource ? path.join(here, 'workers', `${name}.ts`) : path.join(here, 'sources', `${name}.ts`)
}

export function entryExists(name: string): boolean {
  return fs.existsSync(entry(name).file)
}
