#!/usr/bin/env node
// Runs before `electron-vite preview` / `electron-vite dev` (npm start, npm run dev).
//
// Electron 42 and later download their binary the first time `require('electron')`
// runs; `npm install` alone does not. electron-vite never requires it: it reads
// node_modules/electron/path.txt, which only that download writes, and otherwise
// stops with a bare "Electron uninstall". So on first start this script runs
// Electron's own installer (node_modules/electron/install.js, the package's
// `install-electron` bin) and, when that fails, says what failed and what to do.
//
// Plain Node on purpose: it must run before anything is built, on the Node a
// newcomer happens to have. Exit code 0: Electron is there; 1: it is not.
import { spawn } from 'node:child_process'
import dns from 'node:dns/promises'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** Electron's installer (@electron/get) asks for this Node; older ones may fail before fetching. */
const NODE_FOR_INSTALLER = [22, 12]
const DEFAULT_HOST = 'https://github.com/electron/electron/releases/download/'
/** How often to say that a slow download is still going (the installer's own progress bar needs a terminal). */
const STILL_DOWNLOADING_MS = 20_000

const say = (text) => process.stdout.write(`${text}\n`)
function fail(lines) {
  process.stderr.write(`\n${lines.join('\n')}\n\n`)
  process.exit(1)
}

function electronPackage() {
  try {
    // Resolved from this file, as electron-vite resolves it from the project.
    const pkgJson = createRequire(import.meta.url).resolve('electron/package.json')
    return { dir: path.dirname(pkgJson), version: JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version }
  } catch {
    return fail([
      'proclab: the electron package is not installed.',
      '  Run `npm install` in the project folder, then `npm start` again.',
    ])
  }
}

/** The executable electron-vite will start, or undefined when there is none. */
function installedBinary(dir) {
  const exec = process.env.ELECTRON_EXEC_PATH
  if (exec) return fs.existsSync(exec) ? exec : undefined
  const pathFile = path.join(dir, 'path.txt')
  if (!fs.existsSync(pathFile)) return undefined
  const bin = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  return fs.existsSync(bin) ? bin : undefined
}

function nodeTooOld() {
  const [major, minor] = process.versions.node.split('.').map(Number)
  const [wantMajor, wantMinor] = NODE_FOR_INSTALLER
  return major < wantMajor || (major === wantMajor && minor < wantMinor)
}

/** The mirror the installer will use: the same variables @electron/get reads, in its order. */
function mirror() {
  const env = process.env
  const set =
    env.npm_config_electron_mirror ??
    env.NPM_CONFIG_ELECTRON_MIRROR ??
    env.npm_package_config_electron_mirror ??
    env.ELECTRON_MIRROR
  return set ? { url: set, custom: true } : { url: DEFAULT_HOST, custom: false }
}

function target() {
  const env = process.env
  return {
    platform: env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform,
    arch: env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch,
  }
}

/** Runs the installer; resolves with its exit code and what it wrote to stderr. */
function runInstaller(dir, env) {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(process.execPath, [path.join(dir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], env })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const ticker = setInterval(
      () => say(`  still downloading (${Math.round((Date.now() - started) / 1000)} s)...`),
      STILL_DOWNLOADING_MS,
    )
    const done = (code, extra = '') => {
      clearInterval(ticker)
      resolve({ code, stderr: stderr + extra })
    }
    child.on('error', (err) => done(1, err.message))
    child.on('close', (code, signal) => done(code ?? 1, signal ? `\ninstaller ended by ${signal}` : ''))
    // Ctrl-C during the download: stop the installer too, then say nothing more.
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (child.kill(sig), process.exit(130)))
  })
}

/** The installer's error without its stack trace: the lines that do not start with "at ...". */
function errorText(stderr) {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at ') && !/^\^+$/.test(l) && !/^Node\.js v/.test(l))
  return lines.slice(0, 3).join(' | ') || '(it printed nothing)'
}

/** Why the download failed, in words, checking the host ourselves when the error is a network one. */
async function diagnose(stderr, host) {
  const http = /Response code (\d+)/.exec(stderr)
  if (http) return `${host} answered HTTP ${http[1]}: it does not serve this Electron version there.`
  if (/checksum|sha256/i.test(stderr))
    return 'the downloaded file did not match its checksum (a broken download or a mirror serving something else).'
  if (/ERR_REQUIRE_ESM|ERR_UNKNOWN_BUILTIN|Unexpected token|is not a function/.test(stderr) && nodeTooOld())
    return `the installer does not run on Node ${process.versions.node}.`
  if (
    /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket|certificate|UND_ERR/i.test(
      stderr,
    )
  ) {
    const lookup = await Promise.race([
      dns.lookup(host).then(
        () =>
          `${host} resolves, but the connection or the transfer failed (a firewall, a proxy, or a dropped connection).`,
        (err) =>
          `the binary host could not be reached: ${host} does not resolve here (${err.code}); this machine seems to be offline or cut off from it.`,
      ),
      new Promise((r) =>
        setTimeout(
          () => r(`the binary host ${host} could not be reached (no answer to a name lookup within 5 s).`),
          5000,
        ).unref(),
      ),
    ])
    return lookup
  }
  return undefined
}

async function main() {
  const { dir, version } = electronPackage()
  if (installedBinary(dir)) return
  if (process.env.ELECTRON_EXEC_PATH) {
    fail([
      `proclab: ELECTRON_EXEC_PATH is set to ${process.env.ELECTRON_EXEC_PATH}, and no file is there.`,
      '  Point it at an Electron executable, or unset it to use the one npm installs.',
    ])
  }

  const rel = path.relative(process.cwd(), dir) || dir
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    fail([
      `proclab: Electron ${version} is not installed: its download was skipped on purpose (ELECTRON_SKIP_BINARY_DOWNLOAD=${process.env.ELECTRON_SKIP_BINARY_DOWNLOAD} is set).`,
      '  Unset ELECTRON_SKIP_BINARY_DOWNLOAD and run `npm start` again to download it,',
      '  or run `npm run start:web` to use ProcLab in a browser without Electron.',
    ])
  }

  const { platform, arch } = target()
  const source = mirror()
  const host = new URL(source.url).hostname
  const oldNode = nodeTooOld()
  if (oldNode) {
    say(
      `proclab: Electron ${version}'s installer asks for Node ${NODE_FOR_INSTALLER.join('.')} or later; this is Node ${process.versions.node}. Trying anyway.`,
    )
  }
  say(
    `proclab: Electron ${version} is not installed yet. Downloading it for ${platform}-${arch} from ${host} (about 100 MB, once)...`,
  )

  // A user behind a proxy usually has HTTPS_PROXY set; Node's fetch (which the
  // installer uses) only honours it with NODE_USE_ENV_PROXY=1 (Node 22.21+, 24+).
  const env = { ...process.env }
  if ((env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) && env.NODE_USE_ENV_PROXY === undefined)
    env.NODE_USE_ENV_PROXY = '1'

  const result = await runInstaller(dir, env)
  if (result.code === 0 && installedBinary(dir)) {
    say(`proclab: Electron ${version} installed (${rel}).`)
    return
  }

  const why =
    result.code === 0
      ? 'the installer finished but wrote no path.txt, so electron-vite would not find Electron.'
      : await diagnose(result.stderr, host)
  const file = `electron-v${version}-${platform}-${arch}.zip`
  fail([
    `proclab: Electron ${version} could not be installed, so the desktop app cannot start.`,
    '',
    `  What failed: Electron's installer (${path.join(rel, 'install.js')}) downloading ${file}`,
    `               from ${source.url}${source.custom ? ' (your mirror setting)' : ''}`,
    `  It said:     ${result.code === 0 ? '(nothing: it exited with 0)' : errorText(result.stderr)}`,
    ...(why ? [`  Why:         ${why}`] : []),
    ...(oldNode
      ? [
          `  Also:        this is Node ${process.versions.node}; Electron's installer asks for ${NODE_FOR_INSTALLER.join('.')} or later: install it (nodejs.org) first.`,
        ]
      : []),
    '',
    '  To fix it:',
    '    - Check the connection, then run `npm start` again: it retries the download.',
    '    - Behind a proxy: set HTTPS_PROXY=http://proxy:port (with Node 22.21 or later), then retry.',
    '    - Through a mirror: set ELECTRON_MIRROR, e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/',
    '    - With an Electron executable already on disk: set ELECTRON_EXEC_PATH to it.',
    '    - Without Electron: `npm run start:web` opens ProcLab in your browser.',
  ])
}

await main()
