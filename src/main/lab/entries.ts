// Where the files that run inside child processes and worker threads live.
// Built: next to the bundle (out/main/<name>.js). From source (tests, tsx): the
// TypeScript file, run through tsx's loader.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

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

const compiled = new Map<string, string>()

/**
 * An entry as plain JavaScript for a worker thread, when running from source.
 * Node 20 does not pass the parent's `--import tsx` hooks to worker threads,
 * and registering tsx inside each thread costs it a compiler and ~25 MB, which
 * would distort the memory figures the scenarios measure; so the entry is
 * bundled once per process with esbuild (what tsx and vite compile with), as
 * the build would.
 */
export function compiledEntry(name: string): string {
  let code = compiled.get(name)
  if (code === undefined) {
    const file = entry(name).file
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
    code = esbuild.buildSync({
      entryPoints: [file],
      write: false,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      // Modules that find files relative to themselves keep seeing their source location.
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(file).href) },
      logLevel: 'error',
    }).outputFiles[0].text
    compiled.set(name, code)
  }
  return code
}

/** new Worker() for an entry: the built .js, or from source its compiled bundle (or code handed over by the core). */
export function threadWorker(name: string, options: WorkerOptions = {}, code?: string): Worker {
  if (!fromSource) return new Worker(entry(name).file, options)
  return new Worker(code ?? compiledEntry(name), { ...options, eval: true })
}
