// The sampler probe as the app runs its core: bundled JavaScript under plain
// node, no TypeScript loader. Both benches start it from this bundle.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Builds bench/sampler-probe.ts into .tmp/bench and returns the file to run. */
export async function probeBundle(): Promise<string> {
  const bundle = path.join(here, '..', '.tmp', 'bench', 'sampler-probe.mjs')
  await build({
    entryPoints: [path.join(here, 'sampler-probe.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'error',
  })
  return bundle
}
