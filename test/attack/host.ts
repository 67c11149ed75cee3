// The attacker's kit: the web host started as a user starts it (its own
// process, from source), a raw WebSocket client, and what /proc says about the
// host's processes, so every attack can check that nothing changed.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import WebSocket from 'ws'
import type { ServerFrame } from '../../src/shared/channels'
import { procState, sleep, waitFor } from '../helpers/procs'

export interface AttackHost {
  readonly child: ChildProcess
  readonly pid: number
  readonly url: URL
  readonly token: string
  readonly port: number
  readonly staticDir: string
  readonly stdout: () => string
  readonly stderr: () => string
  stop(): Promise<void>
}

/** A folder with a stand-in dashboard, so the suite needs no build. */
export function makeStaticDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-attack-'))
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ProcLab</title>')
  fs.mkdirSync(path.join(dir, 'assets'))
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("ProcLab")')
  return dir
}

/**
 * Starts `src/web/index.ts` (or a test's stand-in `entry` taking the same
 * arguments) with extra arguments; resolves once it printed its URL.
 */
export async function startHost(
  extra: string[] = [],
  staticDir = makeStaticDir(),
  entry = 'src/web/index.ts',
): Promise<AttackHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, '--port', '0', '--static', staticDir, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => (out += d))
  child.stderr!.on('data', (d: Buffer) => (err += d))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 5000)
      await gone
      clearTimeout(t)
    }
    fs.rmSync(staticDir, { recursive: true, force: true })
  }
  try {
    const line = await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`host exited ${child.exitCode}: ${err}`)
      return /^ProcLab web host: (http:\/\/\S+)$/m.exec(out)
    }, 20_000)
    const url = new URL(line[1])
    return {
      child,
      pid: child.pid!,
      url,
      token: url.searchParams.get('token')!,
      port: Number(url.port),
      staticDir,
      stdout: () => out,
      stderr: () => err,
      stop,
    }
  } catch (e) {
    await stop()
    throw e
  }
}

export interface Conn {
  readonly ws: WebSocket
  call(method: string, args: unknown[]): Promise<ServerFrame & { id: number }>
  close(): void
}

let nextId = 1

/** Opens a WebSocket with the token and the host's own Origin (or the ones given). */
export function connect(
  h: AttackHost,
  opts: { token?: string; origin?: string | null; host?: string } = {},
): Promise<Conn> {
  const token = opts.token ?? h.token
  const headers: Record<string, string> = {}
  if (opts.host) headers.host = opts.host
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws?token=${encodeURIComponent(token)}`, {
      ...(opts.origin === null ? {} : { origin: opts.origin ?? h.url.origin }),
      headers,
    })
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
    ws.once('open', () => {
      const waiting = new Map<number, (f: ServerFrame & { id: number }) => void>()
      ws.on('message', (d) => {
        const f = JSON.parse(String(d)) as ServerFrame
        if ('id' in f) waiting.get(f.id)?.(f)
      })
      resolve({
        ws,
        call: (method, args) =>
          new Promise((res, rej) => {
            const id = nextId++
            const timer = setTimeout(() => rej(new Error(`${method}: no answer within 10 s`)), 10_000)
            waiting.set(id, (f) => {
              clearTimeout(timer)
              waiting.delete(id)
              res(f)
            })
            ws.send(JSON.stringify({ id, method, args }))
          }),
        close: () => ws.close(),
      })
    })
  })
}

/** A plain HTTP GET to the host's loopback port with chosen headers (fetch cannot set Host). */
export function get(
  h: AttackHost,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: h.port, path: pathname, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
  })
}

/** Every descendant of pid (children, grandchildren...), from /proc. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>()
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const s = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      parent.set(Number(d), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = []
  const walk = (p: number): void => {
    for (const [c, pp] of parent) {
      if (pp === p && procState(c) !== 'Z') {
        out.push(c)
        walk(c)
      }
    }
  }
  walk(pid)
  return out.sort((a, b) => a - b)
}

/** The warden: the host's helper process (not started by the supervisor). */
export function wardenOf(h: AttackHost): number | undefined {
  return descendants(h.pid).find((p) => cmdline(p).includes('warden'))
}

/** Thread ids of a process other than its own pid (the main thread's). */
export function threadIds(pid: number): number[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .map(Number)
    .filter((t) => t !== pid)
}

/** Resident memory of a process in bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) * 1024 : 0
}

/** The host answers a fresh connection (not frozen, not dead). */
export async function answers(h: AttackHost): Promise<boolean> {
  if (procState(h.pid) !== 'R' && procState(h.pid) !== 'S') return false
  const c = await connect(h)
  try {
    const r = await c.call('listScenarios', [])
    return 'ok' in r && r.ok
  } finally {
    c.close()
  }
}

/** The NUL-separated command line of a process, or '' once it is gone. */
export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return ''
  }
}

/**
 * Registers a test file's hooks: one host with one open connection for the
 * file, both ended afterwards (a host an attack froze is resumed first).
 */
export function useAttackHost(): { readonly h: AttackHost; readonly c: Conn } {
  const at = {} as { h: AttackHost; c: Conn }
  beforeAll(async () => {
    at.h = await startHost()
    at.c = await connect(at.h)
  })
  afterAll(async () => {
    at.c?.close()
    if (!at.h) return
    try {
      process.kill(at.h.pid, 'SIGCONT')
    } catch {
      // gone already
    }
    await at.h.stop()
  })
  return at
}

/**
 * Fails if a process under pid that was not there before is still there a
 * second later. Processes that vanished are fine, and so is a helper the host
 * runs by itself for a moment (the sampler's getconf, tsx's esbuild): an
 * attack that started something would leave it running.
 */
export async function expectNoNewProcess(pid: number, before: readonly number[]): Promise<void> {
  const extra = (): number[] => descendants(pid).filter((p) => !before.includes(p))
  for (let waited = 0; extra().length && waited < 1000; waited += 50) await sleep(50)
  expect(
    extra().map((p) => `${p}: ${cmdline(p).replace(/\0/g, ' ')}`),
    'new processes',
  ).toEqual([])
}
