import fs from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'

// Files that run inside child processes and worker threads are entries of
// their own, so fork() and new Worker() find them next to the main bundle.
const workerDir = resolve('src/main/lab/workers')
const workers = Object.fromEntries(
  fs
    .readdirSync(workerDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f.replace(/\.ts$/, ''), resolve(workerDir, f)]),
)

// The bundler drops comments, and a learner should read the worker code as
// written: ship each worker's TypeScript source beside the bundle, and show that.
const shipWorkerSources: Plugin = {
  name: 'proclab-ship-worker-sources',
  generateBundle() {
    for (const [name, file] of Object.entries(workers)) {
      this.emitFile({ type: 'asset', fileName: `sources/${name}.ts`, source: fs.readFileSync(file, 'utf8') })
    }
  },
}

export default defineConfig({
  main: {
    plugins: [shipWorkerSources],
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          web: resolve('src/main/web/index.ts'),
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
    build: {
      minify: true,
      chunkSizeWarningLimit: 1200,
    },
  },
})
