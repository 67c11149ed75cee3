// The web host: the core behind HTTP (the built dashboard) and a WebSocket (the
// channel table). Loopback by default; the WebSocket needs the random token and
// an Origin of this very host.
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { EVENTS, type ClientFrame, type ServerFrame } from '../shared/channels'
import type { Lab } from '../core/lab'
import { serveMetrics, tokenOf, type LabMetrics } from '../core/metrics/metrics'

export interface WebHostOptions {
  lab: Lab
  port?: number
  host?: string
  /** Folder of the built renderer. */
  staticDir: string
  token?: string
  /** Serve /metrics (OpenMetrics) behind the same token. */
  metrics?: LabMetrics
}

export interface WebHost {
  readonly url: string
  readonly origin: string
  readonly token: string
  readonly port: number
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/** Largest WebSocket frame a client may send: room for the largest option (100,000 characters of stdin). */
const MAX_FRAME = 512 * 1024

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? crypto.randomBytes(18).toString('base64url')
  const host = opts.host ?? '127.0.0.1'
  const root = path.resolve(opts.staticDir)

  const server = http.createServer((req, res) => {
    let rel: string
    try {
      rel = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
    } catch {
      res.writeHead(400).end() // a malformed escape such as "/%"
      return
    }
    if (rel.includes('\0')) {
      res.writeHead(400).end()
      return
    }
    if (rel === '/metrics' && opts.metrics) {
      serveMetrics(opts.metrics, req, res, sameToken(tokenOf(req), token))
      return
    }
    if (rel === '/') rel = '/index.html'
    const file = path.resolve(root, '.' + rel)
    if (!file.startsWith(root + path.sep) || req.method !== 'GET') {
      res.writeHead(req.method === 'GET' ? 404 : 405).end()
      return
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
        return
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      })
      res.end(body)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  const origin = `http://${shownHost}:${port}`
  const allowedOrigins = new Set([origin, `http://localhost:${port}`])

  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_FRAME,
    verifyClient: ({ req, origin: o }, cb) => {
      const given = new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? ''
      if (!sameToken(given, token)) return cb(false, 401, 'missing or wrong token')
      // Browsers always send Origin; a page from another site must not drive ProcLab.
      if (o && !allowedOrigins.has(o)) return cb(false, 403, 'foreign origin')
      cb(true)
    },
  })

  const clients = new Set<WebSocket>()
  const broadcast = (frame: ServerFrame): void => {
    const text = JSON.stringify(frame)
    for (const ws of clients) {
      // A client that cannot keep up skips snapshots rather than queueing them without bound.
      if (ws.bufferedAmount < 4 * 1024 * 1024) ws.send(text)
    }
  }
  const onSnapshot = (payload: unknown): void => {
    if (clients.size) broadcast({ push: 'snapshot', payload })
  }
  const onEvent = (payload: unknown): void => {
    if (clients.size) broadcast({ push: 'event', payload })
  }
  opts.lab.on('snapshot', onSnapshot)
  opts.lab.on('event', onEvent)

  // A refused frame (too large, not UTF-8) is that client's problem, never the host's.
  wss.on('error', () => {})
  wss.on('connection', (ws) => {
    ws.on('error', () => ws.terminate())
    clients.add(ws)
    ws.on('close', () => clients.delete(ws))
    ws.on('message', (data) => {
      let frame: ClientFrame
      try {
        frame = JSON.parse(String(data)) as ClientFrame
      } catch {
        ws.close(1003, 'not JSON')
        return
      }
      if (typeof frame?.id !== 'number' || typeof frame.method !== 'string') {
        ws.close(1003, 'bad frame')
        return
      }
      void opts.lab.invoke(frame.method, frame.args).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: frame.id, ...reply } satisfies ServerFrame))
      })
    })
  })

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: async () => {
      opts.lab.off('snapshot', onSnapshot)
      opts.lab.off('event', onEvent)
      for (const ws of clients) ws.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}

export { EVENTS }
