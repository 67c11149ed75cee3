// The web host: the core behind HTTP (the built dashboard) and a WebSocket (the
// channel table). Loopback unless the caller opts in to another address; every
// request must name this host (Host header), the WebSocket needs the random
// token and an Origin of this very host, and each socket's cost is bounded.
// SECURITY.md says what this protects against and what it does not.
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ClientFrame, ServerFrame } from '../shared/channels'
import type { Lab } from '../core/lab'
import { CONNECTION_LIMITS, MAX_BUFFERED_BYTES, MAX_IN_FLIGHT, type ConnectionLimits } from '../core/limits'
import { serveMetrics, tokenOf, type LabMetrics } from '../core/metrics/metrics'

export interface WebHostOptions {
  lab: Lab
  port?: number
  host?: string
  /** Required to listen on an address that is not loopback (see isLoopback). */
  allowRemote?: boolean
  /** Folder of the built renderer. */
  staticDir: string
  token?: string
  /** Serve /metrics (OpenMetrics) behind the same token. */
  metrics?: LabMetrics
  /** Connection bounds; the defaults are in limits.ts (tests shorten the timeouts to reach them in seconds). */
  limits?: Partial<ConnectionLimits>
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
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/** Largest WebSocket frame a client may send: room for the largest option (100,000 characters of stdin). */
const MAX_FRAME = 512 * 1024

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and the name localhost. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  if (h === 'localhost' || h === '::1') return true
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h
  return net.isIPv4(v4) && v4.startsWith('127.')
}

/**
 * The Host headers this host answers to: its loopback names, and the opted-in
 * address (every interface's address and the machine's name, for a wildcard).
 * Anything else is a DNS-rebinding page or a misdirected request.
 */
function hostNames(host: string, port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]']
  const bracket = (a: string): string => (a.includes(':') ? `[${a}]` : a)
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.push(bracket(a.address))
    names.push(os.hostname())
  } else names.push(bracket(host))
  return new Set(names.map((n) => `${n.toLowerCase()}:${port}`))
}

/** The one Host check of both listeners (the main port and --metrics-port). */
function knownHostIn(names: ReadonlySet<string>, h: string | undefined): boolean {
  return h !== undefined && names.has(h.toLowerCase())
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

/**
 * An HTTP server whose connections are bounded in number and time, so that
 * clients without the token cannot use up the process's file descriptors (the
 * sampler and every run need them too). `admit` marks a socket as an
 * authenticated WebSocket: only those are exempt from the unauthenticated cap
 * and the first-headers deadline.
 */
function boundedServer(
  given: Partial<ConnectionLimits> | undefined,
  handler: http.RequestListener,
): { server: http.Server; admit(socket: net.Socket): void } {
  const limits = { ...CONNECTION_LIMITS, ...given }
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks both deadlines on this period (30 s by default): a fraction of the header time.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    handler,
  )
  server.maxConnections = limits.maxConnections
  server.keepAliveTimeout = limits.keepAliveTimeoutMs
  // Oldest first (a Map keeps insertion order), each with its first-headers deadline.
  const unauthenticated = new Map<net.Socket, NodeJS.Timeout | undefined>()
  const forget = (socket: net.Socket): void => {
    clearTimeout(unauthenticated.get(socket))
    unauthenticated.delete(socket)
  }
  server.on('connection', (socket: net.Socket) => {
    // Full: the oldest gives way rather than the newcomer, so a flood cannot lock out
    // a browser whose request arrives at once; the count stays bounded either way.
    if (unauthenticated.size >= limits.maxUnauthenticated) {
      const [oldest] = unauthenticated.keys()
      forget(oldest)
      oldest.destroy()
    }
    // Node's headersTimeout counts from a request's first byte: a socket that sends nothing is closed here.
    unauthenticated.set(
      socket,
      setTimeout(() => socket.destroy(), limits.headersTimeoutMs),
    )
    socket.once('close', () => forget(socket))
  })
  server.on('request', (req: http.IncomingMessage) => {
    // Headers complete: Node's own request and keep-alive timeouts take over from here.
    const socket = req.socket
    if (unauthenticated.has(socket)) {
      clearTimeout(unauthenticated.get(socket))
      unauthenticated.set(socket, undefined)
    }
  })
  return { server, admit: forget }
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? crypto.randomBytes(18).toString('base64url')
  const host = opts.host ?? '127.0.0.1'
  if (!isLoopback(host) && !opts.allowRemote)
    throw new Error(`${host} is not a loopback address: listening there needs allowRemote`)
  // Real paths on both sides: a symlink inside the folder must not lead out of it.
  let root: string
  try {
    root = fs.realpathSync(path.resolve(opts.staticDir))
  } catch {
    throw new Error(`no dashboard at ${opts.staticDir} (build it first: npx electron-vite build)`)
  }
  // Filled in once the port is known; nothing is served before that.
  let names = new Set<string>()
  const knownHost = (h: string | undefined): boolean => knownHostIn(names, h)

  const { server, admit } = boundedServer(opts.limits, (req, res) => {
    // The token is in the page's URL: no Referer may carry it elsewhere.
    res.setHeader('referrer-policy', 'no-referrer')
    if (!knownHost(req.headers.host)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request: unknown Host')
      return
    }
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
    const notFound = (): void => void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    const send = (body: Buffer): void => {
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      })
      res.end(body)
    }
    fs.realpath(file, (err, real) => {
      if (err || !real.startsWith(root + path.sep)) return notFound()
      fs.readFile(real, (err2, body) => (err2 ? notFound() : send(body)))
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  // A wildcard address is no place to browse to: the printed URL names loopback.
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host
  const origin = `http://${shownHost}:${port}`
  names = hostNames(host, port)
  const allowedOrigins = new Set([...names].map((n) => `http://${n}`))

  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_FRAME,
    verifyClient: ({ req, origin: o }, cb) => {
      if (!knownHost(req.headers.host)) return cb(false, 421, 'unknown host')
      const given = new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? ''
      if (!sameToken(given, token)) return cb(false, 401, 'missing or wrong token')
      // Browsers always send Origin; a page from another site must not drive ProcLab.
      if (o && !allowedOrigins.has(o.toLowerCase())) return cb(false, 403, 'foreign origin')
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
  wss.on('connection', (ws, req) => {
    // Past the token, Origin and Host checks: no longer counted against the unauthenticated cap.
    admit(req.socket)
    ws.on('error', () => ws.terminate())
    clients.add(ws)
    ws.on('close', () => clients.delete(ws))
    // Backpressure: a client that asks faster than it reads is cut off, not buffered for without end.
    let inFlight = 0
    const overloaded = (): boolean => inFlight >= MAX_IN_FLIGHT || ws.bufferedAmount > MAX_BUFFERED_BYTES
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(1003, 'text frames only')
        return
      }
      if (overloaded()) {
        // terminate(), not close(): a close frame would queue behind the unread replies.
        ws.terminate()
        return
      }
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
      inFlight++
      void opts.lab.invoke(frame.method, frame.args).then((reply) => {
        inFlight--
        if (ws.readyState !== ws.OPEN) return
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.terminate()
        else ws.send(JSON.stringify({ id: frame.id, ...reply } satisfies ServerFrame))
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

/**
 * The separate listener of --metrics-port: /metrics alone, without the token, on
 * loopback. It answers only a Host header that names it (as the main port does,
 * against DNS rebinding: a page whose name resolves to 127.0.0.1 must not read
 * per-process series), and its connections are bounded the same way.
 */
export async function startMetricsHost(
  metrics: LabMetrics,
  port: number,
  limits?: Partial<ConnectionLimits>,
): Promise<{ port: number; close(): Promise<void> }> {
  const host = '127.0.0.1'
  let names = new Set<string>()
  const { server } = boundedServer(limits, (req, res) => {
    if (!knownHostIn(names, req.headers.host)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request: unknown Host')
      return
    }
    let pathname = ''
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    } catch {
      // falls through to 404
    }
    if (pathname === '/metrics') serveMetrics(metrics, req, res, true)
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('only /metrics here\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const bound = (server.address() as AddressInfo).port
  names = hostNames(host, bound)
  return {
    port: bound,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
