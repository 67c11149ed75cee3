// The first start of the desktop app, as a newcomer meets it: `npm start` runs
// scripts/ensure-electron.mjs, which fetches Electron's binary with Electron's
// own installer when node_modules/electron/path.txt is missing, and says in
// plain words why when it cannot. Each test runs the real script against a
// temporary project whose electron package has no binary yet; the download is
// real (on these machines it fails: no route to Electron's host).
import { spawn } from 'node:child_process'
import dns from 'node:dns/promises'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..')
const ELECTRON = path.join(ROOT, 'node_modules', 'electron')
/** Long enough for a slow DNS failure; a download that hangs longer fails the test. */
const BOUND_MS = 60_000

let project: string
let electronDir: string
let cacheDir: string

/**
 * A project with the worktree's package.json and script, and a node_modules in
 * which electron is a fresh copy of the published package (no path.txt, no
 * dist/) while every other package links to the real one, so the installer's
 * own dependencies (@electron/get) resolve.
 */
beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-first-start-'))
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-electron-cache-'))
  fs.mkdirSync(path.join(project, 'scripts'))
  fs.copyFileSync(
    path.join(ROOT, 'scripts', 'ensure-electron.mjs'),
    path.join(project, 'scripts', 'ensure-electron.mjs'),
  )
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(project, 'package.json'))
  const modules = path.join(project, 'node_modules')
  fs.mkdirSync(modules)
  for (const d of fs.readdirSync(path.join(ROOT, 'node_modules'), { withFileTypes: true })) {
    // Junctions on Windows: they need no symlink privilege.
    if (d.isDirectory() && d.name !== 'electron')
      fs.symlinkSync(path.join(ROOT, 'node_modules', d.name), path.join(modules, d.name), 'junction')
  }
  electronDir = path.join(modules, 'electron')
  fs.mkdirSync(electronDir)
  const pkg = JSON.parse(fs.readFileSync(path.join(ELECTRON, 'package.json'), 'utf8')) as { files: string[] }
  for (const f of ['package.json', ...pkg.files]) fs.cpSync(path.join(ELECTRON, f), path.join(electronDir, f))
})

afterAll(() => {
  fs.rmSync(project, { recursive: true, force: true })
  fs.rmSync(cacheDir, { recursive: true, force: true })
})

interface Run {
  code: number | null
  out: string
  ms: number
}

/** Runs a command in the temporary project with a clean environment plus `env`; killed at the bound. */
function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  // No inherited Electron or npm settings: the runner's own must not steer the installer.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(electron_|npm_)/i.test(k)))
  const started = Date.now()
  return new Promise((resolve) => {
    // npm is a .cmd on Windows, which Node only starts through a shell.
    const shell = process.platform === 'win32' && cmd === 'npm'
    const child = spawn(cmd, args, { cwd: project, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], shell })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, out, ms: Date.now() - started })
    })
  })
}

const ensure = (env?: Record<string, string>): Promise<Run> =>
  run(process.execPath, ['scripts/ensure-electron.mjs'], env)

/** A loopback port nothing listens on: a mirror that refuses every connection. */
async function closedPort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address() as net.AddressInfo
  await new Promise((r) => srv.close(r))
  return port
}

const nodeIsOld = ((): boolean => {
  const [major, minor] = process.versions.node.split('.').map(Number)
  return major < 22 || (major === 22 && minor < 12)
})()

/** What every failed first start must say: the cause, the retry, the way around, and no stack trace. */
function expectActionableFailure(r: Run): void {
  expect(r.code, r.out).toBe(1)
  expect(r.out).toContain('could not be installed, so the desktop app cannot start')
  expect(r.out).toMatch(
    /What failed: Electron's installer \(node_modules[\\/]electron[\\/]install\.js\) downloading electron-v\d+\.\d+\.\d+-\w+-\w+\.zip/,
  )
  expect(r.out).toMatch(/It said: +\S/)
  expect(r.out).toContain('run `npm start` again')
  expect(r.out).toContain('ELECTRON_MIRROR')
  expect(r.out).toContain('HTTPS_PROXY')
  expect(r.out).toContain('`npm run start:web`')
  expect(r.out).not.toMatch(/^\s+at .+[:(]/m)
  expect(r.out).not.toContain('Electron uninstall')
  expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false)
  if (nodeIsOld)
    expect(r.out).toContain(`this is Node ${process.versions.node}; Electron's installer asks for 22.12 or later`)
  else expect(r.out).not.toContain('asks for Node')
}

describe('first start without an Electron binary', () => {
  it(
    "runs Electron's installer against its real host and reports the outcome a user can act on",
    { timeout: BOUND_MS + 10_000 },
    async () => {
      // Whether github.com is reachable decides which outcome is right: here it is not.
      const online = await dns.lookup('github.com').then(
        () => true,
        () => false,
      )
      const r = await ensure()
      expect(r.out).toContain('Downloading it for')
      expect(r.ms).toBeLessThan(BOUND_MS)
      if (online) {
        // A connected machine (the CI workflow): the binary arrives and electron-vite will find it.
        expect(r.code, r.out).toBe(0)
        expect(r.out).toContain('installed')
        const rel = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8')
        expect(fs.existsSync(path.join(electronDir, 'dist', rel))).toBe(true)
        fs.rmSync(path.join(electronDir, 'path.txt'))
        fs.rmSync(path.join(electronDir, 'dist'), { recursive: true, force: true })
        return
      }
      expectActionableFailure(r)
      expect(r.out).toContain('from https://github.com/electron/electron/releases/download/')
      expect(r.out).toMatch(/Why: +the binary host could not be reached: github\.com does not resolve here/)
    },
  )

  it(
    'names the mirror it was told to use when that mirror cannot be reached',
    { timeout: BOUND_MS + 10_000 },
    async () => {
      const port = await closedPort()
      const r = await ensure({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: cacheDir })
      expectActionableFailure(r)
      expect(r.out).toContain(`from http://127.0.0.1:${port}/ (your mirror setting)`)
      expect(r.out).toMatch(/Why: +127\.0\.0\.1 resolves, but the connection or the transfer failed/)
    },
  )

  it(
    '`npm start` stops with that message instead of electron-vite\'s "Electron uninstall"',
    { timeout: BOUND_MS + 10_000 },
    async () => {
      const port = await closedPort()
      const r = await run('npm', ['start', '--silent'], {
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
        electron_config_cache: cacheDir,
      })
      expectActionableFailure(r)
    },
  )

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD set, downloads nothing and says the skip was on purpose', async () => {
    const r = await ensure({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
    expect(r.code, r.out).toBe(1)
    expect(r.out).toContain('its download was skipped on purpose (ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set)')
    expect(r.out).toContain('Unset ELECTRON_SKIP_BINARY_DOWNLOAD')
    expect(r.out).toContain('`npm run start:web`')
    expect(r.out).not.toContain('Downloading')
    expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false)
  })

  it('starts at once, silently, when the binary is there (whatever the skip setting)', async () => {
    fs.mkdirSync(path.join(electronDir, 'dist'))
    fs.writeFileSync(path.join(electronDir, 'dist', 'electron'), '')
    fs.writeFileSync(path.join(electronDir, 'path.txt'), 'electron')
    try {
      for (const env of [{}, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }] as Record<string, string>[]) {
        const r = await ensure(env)
        expect(r.code, r.out).toBe(0)
        expect(r.out).toBe('')
      }
      // path.txt left over from an interrupted install, binary gone: that is not installed.
      fs.rmSync(path.join(electronDir, 'dist'), { recursive: true })
      const r = await ensure({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
      expect(r.code).toBe(1)
      expect(r.out).toContain('skipped on purpose')
    } finally {
      fs.rmSync(path.join(electronDir, 'path.txt'), { force: true })
      fs.rmSync(path.join(electronDir, 'dist'), { recursive: true, force: true })
    }
  })
})
