// window.proclab for the browser build: the same named methods as the preload,
// generated from the same channel table, carried over the web host's WebSocket.
import {
  INVOKE_NAMES,
  unwrapReply,
  type ClientFrame,
  type InvokeReply,
  type ServerFrame,
} from '../../../shared/channels'
import type { ProcLabApi } from '../../../shared/api'
import type { LabEvent, Snapshot } from '../../../shared/model'

export interface WsApi extends ProcLabApi {
  /** Resolves once connected; rejects if the host refuses (wrong token, foreign origin). */
  ready: Promise<void>
}

/** Waits between reconnect attempts, ms: soon at first, then every few seconds while the host is away. */
const RECONNECT_MS = [500, 1000, 2000, 4000]

export function createWsApi(url: string): WsApi {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const snapshotCbs = new Set<(s: Snapshot) => void>()
  const eventCbs = new Set<(e: LabEvent) => void>()
  const connectionCbs = new Set<(state: 'open' | 'closed') => void>()
  let nextId = 1
  let attempts = 0
  let ws = open()
  const ready = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true })
    ws.addEventListener('close', () => reject(new Error('ProcLab host refused or closed the connection')), {
      once: true,
    })
  })
  ready.catch(() => {})
  // Only a connection that once opened is retried: a refusal at the start (wrong token, foreign
  // origin) would be refused again, and the page says so instead.
  void ready.then(
    () => watch(ws),
    () => {},
  )

  function open(): WebSocket {
    const socket = new WebSocket(url)
    socket.addEventListener('message', (m) => {
      const frame = JSON.parse(String(m.data)) as ServerFrame
      if ('push' in frame) {
        if (frame.push === 'snapshot') snapshotCbs.forEach((cb) => cb(frame.payload as Snapshot))
        else eventCbs.forEach((cb) => cb(frame.payload as LabEvent))
        return
      }
      const p = pending.get(frame.id)
      if (!p) return
      pending.delete(frame.id)
      try {
        p.resolve(unwrapReply(frame as InvokeReply))
      } catch (err) {
        p.reject(err as Error)
      }
    })
    socket.addEventListener('close', () => {
      for (const p of pending.values()) p.reject(new Error('Connection to ProcLab lost'))
      pending.clear()
    })
    return socket
  }

  /** Once open, a dropped connection is said at once and retried until the host answers again. */
  function watch(socket: WebSocket): void {
    attempts = 0
    socket.addEventListener('close', () => {
      connectionCbs.forEach((cb) => cb('closed'))
      retry()
    })
  }

  function retry(): void {
    const wait = RECONNECT_MS[Math.min(attempts++, RECONNECT_MS.length - 1)]
    setTimeout(() => {
      const socket = open()
      socket.addEventListener('open', () => {
        ws = socket
        watch(socket)
        connectionCbs.forEach((cb) => cb('open'))
      })
      // Not open yet: the host is still away (or restarting). Try again later.
      socket.addEventListener('close', () => {
        if (ws !== socket) retry()
      })
    }, wait)
  }

  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    await ready
    // After a close nothing would ever answer: say so rather than wait forever.
    if (ws.readyState !== WebSocket.OPEN) throw new Error('Connection to ProcLab lost')
    // JSON turns a trailing undefined into null; drop them so optional arguments stay optional.
    while (args.length && args[args.length - 1] === undefined) args.pop()
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      ws.send(JSON.stringify({ id, method, args } satisfies ClientFrame))
    })
  }

  const api = Object.fromEntries(
    INVOKE_NAMES.map((name) => [name, (...args: unknown[]) => call(name, args)]),
  ) as unknown as WsApi
  api.onSnapshot = (cb) => {
    snapshotCbs.add(cb)
    return () => snapshotCbs.delete(cb)
  }
  api.onEvent = (cb) => {
    eventCbs.add(cb)
    return () => eventCbs.delete(cb)
  }
  api.onConnection = (cb) => {
    connectionCbs.add(cb)
    return () => connectionCbs.delete(cb)
  }
  api.ready = ready
  return api
}

const TOKEN_KEY = 'proclab.token'

/** In Electron the preload has set window.proclab; in a browser, connect to the web host. */
export function installApi(): Promise<void> {
  if (window.proclab) return Promise.resolve()
  const params = new URLSearchParams(location.search)
  // The token leaves the address bar, the history and any Referer at once. It is kept in this tab's
  // sessionStorage (this origin's scripts only, gone with the tab) so that a reload still connects.
  const token = params.get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? ''
  if (token) sessionStorage.setItem(TOKEN_KEY, token)
  if (params.has('token')) {
    params.delete('token')
    const rest = params.toString()
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`)
  }
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const api = createWsApi(`${proto}//${location.host}/ws?token=${encodeURIComponent(token)}`)
  window.proclab = api
  return api.ready
}
