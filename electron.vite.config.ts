import fs from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'

// Files that run inside child processes and worker threads (`*.child.ts`
// anywhere under src/, most in their scenario's folder) are entries of their
// own, named without the suffix, so fork() and new Worker() find them next to
// the main bundle (see src/child/entries.ts).
function childEntries(dir: string): [string, string][] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d): [string, string][] => {
    const p = resolve(dir, d.name)
    if (d.isDirectory()) return childEntries(p)
    return d.name.endsWith('.child.ts') ? [[d.name.slice(0, -'.child.ts'.length), p]] : []
  })
}
const workers = Object.fromEntries(childEntries(resolve('src')))

// The bundler drops comments, and a learner should read the worker code as
// written: ship each worker's TypeScript source beside the bundle, and show that.
const shipWorkerSources: Plugin = {
  name: 'proclab-ship-worker-sources',
  generateBundle() {
    for (const [name, file] of Object.entries(workers)) {
      this.emitFile({ type: 'asset', fileName: `sources/${name}.child.ts`, source: fs.readFileSync(file, 'utf8') })
    }
  },
}

// ProcLab's Python programs (src/python/*.py, each a scenario's Python mode,
// and their kit proclab.py) run as files under a Python interpreter: copied
// beside the bundle, and unpacked from app.asar in the installers.
const shipPython: Plugin = {
  name: 'proclab-ship-python',
  generateBundle() {
    for (const name of fs.readdirSync(resolve('src/python'))) {
      if (!name.endsWith('.py')) continue
      this.emitFile({
        type: 'asset',
        fileName: `python/${name}`,
        source: fs.readFileSync(resolve('src/python', name), 'utf8'),
      })
    }
  },
}

export default defineConfig({
  main: {
    plugins: [shipWorkerSources, shipPython],
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          web: resolve('src/web/index.ts'),
          ...workers,
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        // A sandboxed preload must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    plugins: [vue()],
    // vue-i18n's esm-bundler build: Composition API only, messages compiled
    // without eval (the dashboard's CSP forbids it), no devtools in production.
    define: {
      __VUE_I18N_FULL_INSTALL__: true,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
      __INTLIFY_DROP_MESSAGE_COMPILER__: false,
    },
    build: {
      minify: true,
      chunkSizeWarningLimit: 1200,
    },
  },
})
