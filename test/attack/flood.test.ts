// Attack: hold the web host's file descriptors with connections that never
// finish their headers (slowloris), without the token. Unbounded, ~21,000 of
// them once left the sampler failing with EMFILE and a run unable to spawn.
// The host here is the real core and web host (test/fixtures/bounded-web-host.ts)
// with the header deadline shortened to 1.5 s; the cap is the one
// given. What must hold: the host never holds more than the cap of such
// sockets (the oldest gives way), each is closed at the header deadline, the
// host's descriptor count stays bounded, and a client with the token still
// gets its snapshots throughout.
import fs from 'node:fs'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerFrame } from '../../src/shared/channels'
import type { RunInfo } from '../../src/shared/model'
import { CONNECTION_LIMITS, type ConnectionLimits } from '../../src/core/limits'
import { onLinux, sleep, waitFor } from '../helpers/procs'
import { answers, connect, makeStaticDir, startHost, type AttackHost } from './host'

const LIMITS: ConnectionLimits = {
  maxConnections: 200,
  maxUnauthenticated: 32,
  headersTimeoutMs: 1500,
  // Longer than the header deadline plus slack, so that each test shows which deadline closed a socket.
  requestTimeoutMs: 8000,
  keepAliveTimeoutMs: 500,
}
const FLOOD = 300
/** Room for a busy machine: a deadline is met if the socket is gone this long after it. */
const SLACK_MS = 3000

let h: AttackHost

beforeAll(async () => {
  h = await startHost(['--limits', JSON.stringify(LIMITS)], makeStaticDir(), 'test/fixtures/bounded-web-host.ts')
})

afterAll(async () => {
  await h?.stop()
})

/** The host's socket descriptors (the sampler's own /proc handles come and go with its passes). */
function fdCount(pid: number): number {
  let n = 0
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++
    } catch {
      // closed while we looked
    }
  }
  return n
}

interface Slow {
  readonly kind: Kind
  readonly socket: net.Socket
  readonly openedAt: number
  closedAt?: number
  /** Bytes the host sent back (a complete first response, for the keep-alive kind). */
  received: string
}

type Kind = 'silent' | 'slow-headers' | 'slow-upgrade' | 'keep-alive-then-slow'

/** One attacker's connection: opens, sends the start of a request (or nothing), and trickles header lines. */
function slow(kind: Kind, port = h.port): Slow {
  const socket = net.connect(port, '127.0.0.1')
  const s: Slow = { kind, socket, openedAt: Date.now(), received: '' }
  socket.on('error', () => {})
  socket.on('close', () => (s.closedAt = Date.now()))
  socket.on('data', (d) => (s.received += String(d)))
  const host = `Host: 127.0.0.1:${port}\r\n`
  // Written at once (queued until connected), so that it goes out before any trickled line.
  if (kind === 'slow-headers') socket.write(`GET / HTTP/1.1\r\n${host}`)
  if (kind === 'slow-upgrade')
    socket.write(
      `GET /ws HTTP/1.1\r\n${host}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n`,
    )
  if (kind === 'keep-alive-then-slow')
    // One whole request (answered), then the next one's headers trickled on the same connection.
    socket.write(`GET /assets/app.js HTTP/1.1\r\n${host}\r\nGET / HTTP/1.1\r\n${host}`)
  return s
}

/** Sends one more header line to every open slow connection (not the silent ones) every 100 ms: headers that never end. */
function trickle(conns: readonly Slow[]): () => void {
  let n = 0
  const t = setInterval(() => {
    n++
    for (const c of conns)
      if (c.kind !== 'silent' && c.closedAt === undefined && c.socket.writable) c.socket.write(`X-Slow-${n}: a\r\n`)
  }, 100)
  return () => clearInterval(t)
}

const open = (conns: readonly Slow[]): number => conns.filter((c) => c.closedAt === undefined).length

describe.runIf(onLinux)('flood of connections without the token', () => {
  it('keeps at most the cap, closes each at the header deadline, bounds the fds, and serves the token holder throughout', async () => {
    const client = await connect(h)
    const flood: Slow[] = []
    let stopTrickle = (): void => {}
    let sampling: NodeJS.Timeout | undefined
    try {
      // The token holder was connected before the flood: its snapshot pushes must keep coming.
      let pushes = 0
      client.ws.on('message', (d) => {
        if ('push' in (JSON.parse(String(d)) as ServerFrame)) pushes++
      })
      await waitFor(() => pushes > 0, 5000)
      const baseline = fdCount(h.pid)
      let maxFds = baseline
      sampling = setInterval(() => (maxFds = Math.max(maxFds, fdCount(h.pid))), 20)

      const kinds: Kind[] = ['silent', 'slow-headers', 'slow-upgrade']
      for (let i = 0; i < FLOOD; i++) flood.push(slow(kinds[i % kinds.length]))
      stopTrickle = trickle(flood)
      // Every attacker's connection is through the handshake (or already closed again).
      await waitFor(() => flood.every((c) => c.socket.readyState === 'open' || c.closedAt), 5000)

      // Mid-flood, a new client with the token gets in and gets a snapshot; the old one still gets pushes.
      const pushesBefore = pushes
      const late = await connect(h)
      try {
        const snap = await late.call('getSnapshot', [])
        expect(snap).toMatchObject({ ok: true })
        expect(((snap as { value: { processes: unknown[] } }).value.processes ?? []).length).toBeGreaterThan(0)
        expect(open(flood), 'the flood was still on when the snapshot came').toBeGreaterThan(0)
        // And a run still starts its processes (they were what failed with EMFILE).
        const started = await late.call('startScenario', ['subprocess', { language: 'node' }])
        expect(started).toMatchObject({ ok: true })
        const runId = (started as { value: RunInfo }).value.runId
        const run = await waitFor(async () => {
          const runs = (await late.call('listRuns', [])) as { value: RunInfo[] }
          const r = runs.value.find((x) => x.runId === runId)
          return r && !['starting', 'running', 'stopping'].includes(r.status) ? r : undefined
        }, 15_000)
        expect(run.status, 'the run during the flood').toBe('finished')
      } finally {
        late.close()
      }
      await waitFor(() => pushes > pushesBefore, 3000)

      // Every slow connection ends, each within the header deadline (plus slack), none answered.
      await waitFor(() => open(flood) === 0, LIMITS.headersTimeoutMs + SLACK_MS + 3000)
      const lifetimes = flood.map((c) => c.closedAt! - c.openedAt)
      // Printed before the checks, so a failure shows what was measured.
      console.log(
        `flood of ${FLOOD}: host sockets ${baseline} -> at most ${maxFds}; longest life ${Math.max(...lifetimes)} ms ` +
          `(deadline ${LIMITS.headersTimeoutMs} ms); closed before the deadline (past the cap): ` +
          `${lifetimes.filter((t) => t < LIMITS.headersTimeoutMs).length}, at it: ` +
          `${lifetimes.filter((t) => t >= LIMITS.headersTimeoutMs).length}`,
      )
      expect(Math.max(...lifetimes), 'longest life of a slow connection, ms').toBeLessThan(
        LIMITS.headersTimeoutMs + SLACK_MS,
      )
      // None got through: no upgrade was accepted, no page was served.
      expect(flood.filter((c) => /^HTTP\/1\.1 (101|200)/.test(c.received))).toHaveLength(0)
      // Bounded by the cap, not by the flood: the cap, the second token holder, the run's stdio
      // (socket pairs: three per child, the probe's and the program's) and a little room.
      expect(maxFds - baseline, "host's extra sockets at worst").toBeLessThanOrEqual(LIMITS.maxUnauthenticated + 20)
      // And the first client is still served.
      expect(await client.call('listScenarios', [])).toMatchObject({ ok: true })
    } finally {
      clearInterval(sampling)
      stopTrickle()
      for (const c of flood) c.socket.destroy()
      client.close()
    }
  })

  it('closes a keep-alive connection whose next request never finishes its headers', async () => {
    const conns = Array.from({ length: 10 }, () => slow('keep-alive-then-slow'))
    const stop = trickle(conns)
    try {
      await waitFor(() => open(conns) === 0, LIMITS.headersTimeoutMs + SLACK_MS + 3000)
      // The first request was answered: this is the second one's deadline (Node's headersTimeout), not a refusal.
      for (const c of conns) expect(c.received).toMatch(/^HTTP\/1\.1 200/)
      const longest = Math.max(...conns.map((c) => c.closedAt! - c.openedAt))
      expect(longest).toBeLessThan(LIMITS.headersTimeoutMs + SLACK_MS)
    } finally {
      stop()
      for (const c of conns) c.socket.destroy()
    }
  })

  it('an idle connection is not kept open beyond the header deadline even with nothing sent', async () => {
    const c = slow('silent')
    await waitFor(() => c.socket.readyState === 'open' || c.closedAt, 2000)
    await sleep(LIMITS.headersTimeoutMs / 2)
    expect(c.closedAt, 'still open halfway to the deadline').toBeUndefined()
    await waitFor(() => c.closedAt, LIMITS.headersTimeoutMs + SLACK_MS)
    c.socket.destroy()
  })

  it('the host as users start it (npm run start:web) holds the default cap, not the flood', async () => {
    const real = await startHost()
    const flood: Slow[] = []
    try {
      const baseline = fdCount(real.pid)
      for (let i = 0; i < 3 * CONNECTION_LIMITS.maxUnauthenticated; i++) flood.push(slow('silent', real.port))
      await waitFor(() => flood.every((c) => c.socket.readyState === 'open' || c.closedAt), 5000)
      await waitFor(() => flood.filter((c) => c.closedAt).length >= 2 * CONNECTION_LIMITS.maxUnauthenticated, 5000)
      await sleep(200)
      const extra = fdCount(real.pid) - baseline
      console.log(`default host: ${flood.length} silent connections, host holds ${extra} more sockets`)
      expect(extra).toBeLessThanOrEqual(CONNECTION_LIMITS.maxUnauthenticated + 8)
      expect(await answers(real)).toBe(true)
    } finally {
      for (const c of flood) c.socket.destroy()
      await real.stop()
    }
  })
})
