// The web host as a user runs it: a separate process, printing its URL, serving
// the dashboard, guarding its WebSocket, and leaving nothing behind on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ServerFrame } from '../src/shared/channels'
import { alive, waitFor } from './helpers/procs'
import { hasProcfs, needs } from './helpers/capability'

let host: ChildProcess
let url: URL
let staticDir: string

function connect(query: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${url.host}/ws${query}`, origin ? { origin } : {})
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function request(ws: WebSocket, id: number, method: string, args: unknown[]): Promise<ServerFrame> {
  return new Promise((resolve) => {
    const on = (data: WebSocket.RawData): void => {
      const f = JSON.parse(String(data)) as ServerFrame
      if ('id' in f && f.id === id) {
        ws.off('message', on)
        resolve(f)
      }
    }
    ws.on('message', on)
    ws.send(JSON.stringify({ id, method, args }))
  })
}

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-static-'))
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ProcLab</title>')
  host = spawn(process.execPath, ['--import', 'tsx', 'src/web/index.ts', '--port', '0', '--static', staticDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  host.stdout!.on('data', (d: Buffer) => (out += d))
  const line = await waitFor(() => /^ProcLab web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out), 15_000)
  url = new URL(line[1])
})

afterAll(() => {
  if (host.exitCode === null) host.kill('SIGKILL')
  fs.rmSync(staticDir, { recursive: true, force: true })
})

describe('web host', () => {
  it('prints one line with a loopback URL that carries a long random token', () => {
    expect(url.hostname).toBe('127.0.0.1')
    expect(url.searchParams.get('token')!.length).toBeGreaterThanOrEqual(20)
  })

  it('serves the dashboard with a strict CSP, and nothing outside its folder', async () => {
    const res = await fetch(new URL('/', url))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect(await res.text()).toContain('ProcLab')
    const escape = await fetch(new URL('/..%2f..%2f..%2fetc%2fpasswd', url))
    expect(escape.status).toBe(404)
  })

  it('answers malformed paths with 400 and keeps running', async () => {
    for (const bad of ['/%', '/%00', '/a%ZZ']) {
      const res = await fetch(`${url.origin}${bad}`)
      expect(res.status, bad).toBe(400)
    }
    expect((await fetch(new URL('/', url))).status).toBe(200)
  })

  it('survives a client sending an oversized frame, and serves the others', async () => {
    const rude = await connect(`?token=${url.searchParams.get('token')}`, url.origin)
    const closed = new Promise<number>((r) => rude.once('close', (code) => r(code)))
    rude.send('x'.repeat(600 * 1024))
    expect(await closed).toBeGreaterThan(1000)
    const ws = await connect(`?token=${url.searchParams.get('token')}`, url.origin)
    try {
      expect(await request(ws, 7, 'listScenarios', [])).toMatchObject({ id: 7, ok: true })
    } finally {
      ws.close()
    }
  })

  it('refuses a WebSocket without the token, with a wrong one, or from a foreign origin', async () => {
    await expect(connect('')).rejects.toThrow('401')
    await expect(connect('?token=wrong')).rejects.toThrow('401')
    await expect(connect(`?token=${url.searchParams.get('token')}`, 'http://evil.example')).rejects.toThrow('403')
  })

  it('answers the channel table over a WebSocket with the token and its own origin', async () => {
    const ws = await connect(`?token=${url.searchParams.get('token')}`, url.origin)
    try {
      const snap = await request(ws, 1, 'getSnapshot', [])
      expect(snap).toMatchObject({ id: 1, ok: true })
      const value = (snap as { value: { processes: { pid: number }[]; cpus: unknown[] } }).value
      expect(value.cpus.length).toBe(os.cpus().length)
      expect(value.processes.some((p) => p.pid === host.pid)).toBe(true)
      const bad = await request(ws, 2, 'kill', [1])
      expect(bad).toMatchObject({ id: 2, ok: false, error: { code: 'EREFUSED' } })
      // Snapshots are pushed without asking.
      const pushed = await new Promise<ServerFrame>((r) =>
        ws.once('message', (d) => r(JSON.parse(String(d)) as ServerFrame)),
      )
      expect(pushed).toMatchObject({ push: expect.stringMatching(/snapshot|event/) })
    } finally {
      ws.close()
    }
  })

  it('stops on SIGTERM with exit code 0, taking its warden along', async (ctx) => {
    // The warden is found by its command line and parent in /proc.
    needs(ctx, hasProcfs())
    const warden = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .find((pid) => {
        try {
          return (
            fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('warden') &&
            fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(` ${host.pid} `)
          )
        } catch {
          return false
        }
      })
    expect(warden, 'the warden runs beside the host').toBeDefined()
    const code = new Promise<number | null>((r) => host.once('exit', (c) => r(c)))
    host.kill('SIGTERM')
    expect(await code).toBe(0)
    await waitFor(() => !alive(warden!), 5000)
  })

  it('rejects bad command-line arguments with a usage line', async () => {
    const bad = spawn(process.execPath, ['--import', 'tsx', 'src/web/index.ts', '--port', 'x'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    bad.stderr!.on('data', (d: Buffer) => (err += d))
    const code = await new Promise<number | null>((r) => bad.once('exit', (c) => r(c)))
    expect(code).toBe(2)
    expect(err).toMatch(/--port must be/)
  })
})
