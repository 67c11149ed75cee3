// Attack from the network side: who may reach the host at all. Token and
// Origin variants, the Host header (DNS rebinding), the static folder (path
// traversal and symlinks), headers that keep the token from leaking, and the
// opt-in a non-loopback address needs.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../helpers/procs'
import {
  answers,
  connect,
  descendants,
  get,
  makeStaticDir,
  startHost,
  type AttackHost,
  expectNoNewProcess,
} from './host'

let h: AttackHost
let secretDir: string

beforeAll(async () => {
  const dir = makeStaticDir()
  // A file outside the folder, reachable only through a symlink inside it.
  secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-secret-'))
  fs.writeFileSync(path.join(secretDir, 'secret.txt'), 'TOP SECRET')
  fs.symlinkSync(path.join(secretDir, 'secret.txt'), path.join(dir, 'leak.txt'))
  fs.symlinkSync(secretDir, path.join(dir, 'leakdir'))
  fs.symlinkSync('assets/app.js', path.join(dir, 'inside.js'))
  h = await startHost([], dir)
})

afterAll(async () => {
  await h?.stop()
  fs.rmSync(secretDir, { recursive: true, force: true })
})

describe('token and Origin', () => {
  it('refuses every variant of a missing, wrong or foreign credential, and starts nothing', async () => {
    const before = descendants(h.pid)
    const variants: [string, Parameters<typeof connect>[1], string][] = [
      ['no token', { token: '' }, '401'],
      ['wrong token', { token: 'x'.repeat(h.token.length) }, '401'],
      ['token prefix', { token: h.token.slice(0, -1) }, '401'],
      ['token with extra', { token: h.token + 'A' }, '401'],
      [
        'token in other case',
        { token: h.token.toUpperCase() === h.token ? h.token.toLowerCase() : h.token.toUpperCase() },
        '401',
      ],
      ['foreign origin', { origin: 'http://evil.example' }, '403'],
      ['origin on another port', { origin: `http://127.0.0.1:${h.port + 1}` }, '403'],
      ['https origin', { origin: `https://127.0.0.1:${h.port}` }, '403'],
      ['null origin', { origin: 'null' }, '403'],
      ['origin with path-like suffix', { origin: `${h.url.origin}.evil.example` }, '403'],
    ]
    for (const [what, opts, status] of variants) await expect(connect(h, opts), what).rejects.toThrow(status)
    await expectNoNewProcess(h.pid, before)
    expect(await answers(h)).toBe(true)
  })
})

describe('Host header', () => {
  it('serves the dashboard only to loopback names of its own port', async () => {
    for (const ok of [`127.0.0.1:${h.port}`, `localhost:${h.port}`, `[::1]:${h.port}`, `LOCALHOST:${h.port}`]) {
      expect((await get(h, '/', { host: ok })).status, ok).toBe(200)
    }
    for (const bad of [
      `evil.example:${h.port}`,
      'evil.example',
      `127.0.0.1:${h.port + 1}`,
      `localhost.evil.example:${h.port}`,
      `127.0.0.1`,
      `0.0.0.0:${h.port}`,
    ]) {
      const r = await get(h, '/', { host: bad })
      expect([421, 403], bad).toContain(r.status)
      expect(r.body).not.toContain('ProcLab')
    }
  })

  it('refuses a WebSocket upgrade with a foreign Host even with the right token and a matching Origin', async () => {
    const before = descendants(h.pid)
    // A rebinding page is same-origin with itself: its Origin names the attacker's host too.
    await expect(
      connect(h, { host: `evil.example:${h.port}`, origin: `http://evil.example:${h.port}` }),
    ).rejects.toThrow(/421|403/)
    await expect(connect(h, { host: `evil.example:${h.port}` })).rejects.toThrow(/421|403/)
    await expectNoNewProcess(h.pid, before)
    expect(await answers(h)).toBe(true)
  })
})

describe('static folder', () => {
  it('serves no file outside its folder, by traversal or by symlink', async () => {
    for (const p of [
      '/../../../etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '//etc/passwd',
      '/.%2e/.%2e/etc/passwd',
    ]) {
      const r = await get(h, p)
      expect(r.status, p).toBe(404)
      expect(r.body).not.toMatch(/root:/)
    }
    for (const p of ['/leak.txt', '/leakdir/secret.txt']) {
      const r = await get(h, p)
      expect(r.status, p).toBe(404)
      expect(r.body).not.toContain('TOP SECRET')
    }
    // A symlink that stays inside the folder is fine.
    expect((await get(h, '/inside.js')).status).toBe(200)
  })

  it('refuses methods other than GET and answers malformed paths with 400', async () => {
    for (const bad of ['/%', '/%00', '/a%ZZ']) expect((await get(h, bad)).status, bad).toBe(400)
    expect(await answers(h)).toBe(true)
  })
})

describe('token leaks', () => {
  it('sends Referrer-Policy: no-referrer with the page', async () => {
    const r = await get(h, '/?token=' + h.token)
    expect(r.status).toBe(200)
    expect(r.headers['referrer-policy']).toBe('no-referrer')
  })
})

describe('non-loopback address', () => {
  function run(args: string[]): Promise<{ code: number | null; out: string; err: string; pid: number }> {
    const dir = makeStaticDir()
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/web/index.ts', '--port', '0', '--static', dir, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    p.stdout!.on('data', (d: Buffer) => (out += d))
    p.stderr!.on('data', (d: Buffer) => (err += d))
    return new Promise((resolve) => {
      // Started and listening: stop it at once, the test only needs its first words.
      const t = setInterval(() => {
        if (out.includes('ProcLab web host:')) p.kill('SIGTERM')
      }, 50)
      const guard = setTimeout(() => p.kill('SIGKILL'), 20_000)
      p.once('exit', (code) => {
        clearInterval(t)
        clearTimeout(guard)
        fs.rmSync(dir, { recursive: true, force: true })
        resolve({ code, out, err, pid: p.pid! })
      })
    })
  }

  it('refuses --host 0.0.0.0 without --allow-remote and listens nowhere', async () => {
    const r = await run(['--host', '0.0.0.0'])
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toMatch(/--allow-remote/)
    expect(r.err).toMatch(/SSH tunnel/i)
  })

  it('binds a loopback address without the flag, and a non-loopback one with it, warning on stderr', async () => {
    const lo = await run(['--host', '127.0.0.1'])
    expect(lo.out).toMatch(/http:\/\/127\.0\.0\.1:\d+/)
    expect(lo.err).toBe('')
    const remote = await run(['--host', '0.0.0.0', '--allow-remote'])
    expect(remote.out).toMatch(/ProcLab web host: http:\/\//)
    expect(remote.err).toMatch(/WARNING.*every network interface|WARNING.*not loopback/i)
    await waitFor(() => !fs.existsSync(`/proc/${remote.pid}`), 5000)
  })
})
