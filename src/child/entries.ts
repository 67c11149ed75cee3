// Where the files that run inside child processes and worker threads live.
// Each is a `<name>.child.ts` somewhere under src/ (most in their scenario's
// folder, src/core/scenarios/<id>/), and is known by <name> alone.
// Built: next to the bundle (out/main/<name>.js). From source (tests, tsx): the
// TypeScript file, run through tsx's loader. This is the one module the core
// may import from src/child: it hands out paths, never runs child code.
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

let sourceFiles: ReadonlyMap<string, string> | undefined

/** From source: every `<name>.child.ts` under src/, by name (read once). */
export function childSources(srcDir = sourceRoot(here)): ReadonlyMap<string, string> {
  if (sourceFiles) return sourceFiles
  const found = new Map<string, string>()
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name)
      if (d.isDirectory()) walk(p)
      else if (d.name.endsWith(CHILD_SUFFIX)) {
        const name = d.name.slice(0, -CHILD_SUFFIX.length)
        if (found.has(name)) throw new Error(`two child entries named ${name}: ${found.get(name)} and ${p}`)
        found.set(name, p)
      }
    }
  }
  walk(srcDir)
  sourceFiles = found
  return found
}

export const CHILD_SUFFIX = '.child.ts'

/** The src/ folder above a source file (inside a thread compiled from source, `here` is that entry's folder). */
function sourceRoot(from: string): string {
  let dir = from
  while (path.basename(dir) !== 'src') {
    const up = path.dirname(dir)
    if (up === dir) throw new Error(`${from} is not under a src/ folder`)
    dir = up
  }
  return dir
}

function sourceFile(name: string): string {
  const file = childSources().get(name)
  if (!file) throw new Error(`no child entry ${name}${CHILD_SUFFIX} under src/`)
  return file
}

export function entry(name: string): Entry {
  if (fromSource) return { file: sourceFile(name), execArgv: ['--import', 'tsx'] }
  return { file: path.join(here, `${name}.js`), execArgv: [] }
}

/** The TypeScript source of an entry, as shipped beside the bundle (see electron.vite.config.ts). */
export function entrySource(name: string): string {
  return fromSource ? sourceFile(name) : path.join(here, 'sources', `${name}${CHILD_SUFFIX}`)
}

/**
 * A Python program of ProcLab's (`src/python/<name>.py`, beside its kit
 * proclab.py). Built: copied to out/main/python/ and, in the installed app,
 * unpacked from app.asar (a Python interpreter cannot read inside the archive).
 */
export function pythonFile(name: string): string {
  const file = fromSource
    ? path.join(sourceRoot(here), 'python', `${name}.py`)
    : path.join(here, 'python', `${name}.py`)
  return file.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
}

/** The file a scenario's source pane shows: an entry's TypeScript, or a Python program (`<name>.py`). */
export function shownSource(name: string): string {
  return name.endsWith('.py') ? pythonFile(name.slice(0, -3)) : entrySource(name)
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
