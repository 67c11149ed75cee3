import fs from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

// Files that run inside child processes and worker threads are entries of
// their own, so fork() and new Worker() find them next to the main bundle.
const workerDir = resolve('src/main/lab/workers')
const workers = Object.fromEntries(
  fs
    .readdirSync(workerDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f.replace(/\.ts$/, ''), resolve(workerDir, f)]),
)

export default defineConfig({
  main: {
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
      chunkSizeWarningLimit: 1200,
    },
  },
})
