// async-io (异步IO): one thread holding thousands of connections through the
// event loop (the OS tells it which socket is ready: epoll on Linux), next to
// a thread per connection, each thread blocked on its own socket. Both serve
// the same ping/pong traffic from a load client process over loopback; the
// difference is in memory and threads. In Python (src/python/async_io.py) the
// event loop is asyncio and the threads are real OS threads; a thread per
// connection is served by Python's threads in Node mode too, where Python is
// found (a Node worker thread carries a whole JavaScript engine). Node worker
// threads serve it only where Python is missing.
import net from 'node:net'
import { parentPort } from 'node:worker_threads'
import { nameOsThread, ownCpuSeconds, ownFootprint } from '../../../child/measure'
import { delay } from '../../../shared/delay'
import { labThread } from '../../../child/lab-thread'
import type { Host } from '../../../child/scenario-host'
import { cpuPercent } from '../../../shared/procfs-parse'
import type { AsyncIoProgress, AsyncIoResult, ServeVariant } from '../../../shared/scenarios/async-io'
import { asyncIoMsg } from '../../../shared/i18n/scenarios/async-io'

/** Answers every "p" line with "P": the smallest useful service. */
function serve(sock: net.Socket, onClose: () => void): void {
  sock.setNoDelay(true)
  sock.on('data', (buf) => {
    let n = 0
    for (let i = 0; i < buf.length; i++) if (buf[i] === 112) n++
    if (n) sock.write('P\n'.repeat(n))
  })
  sock.on('error', () => {})
  sock.on('close', onClose)
}

// ---- thread per connection: one thread, one listening port, one connection ----

const self = labThread<null>('thread-async-io')
if (self) {
  const server = net.createServer((sock) => {
    server.close() // this thread serves exactly one connection
    self.set('blocked-io')
    serve(sock, () => {
      self.set('done')
      process.exit(0)
    })
  })
  server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as net.AddressInfo).port }))
  parentPort!.on('message', (m) => {
    if (m !== 'close') return
    self.set('done')
    process.exit(0)
  })
}

// ---- the load client (a child process of the host) ----

interface ClientPlan {
  readonly ports: readonly number[]
  readonly perPort: number
  readonly intervalMs: number
}

if (!self && process.argv.includes('--async-client')) {
  nameOsThread('load-client')
  process.on('disconnect', () => process.exit(0))
  const socks: net.Socket[] = []
  const rtts: number[] = []
  let errors = 0
  let timers: NodeJS.Timeout[] = []
  process.on('message', async (m: { type: string } & Partial<ClientPlan>) => {
    if (m.type === 'connect') {
      const targets = m.ports!.flatMap((p) => Array.from({ length: m.perPort! }, () => p))
      // In batches: a burst of thousands of SYNs overflows the listen backlog.
      for (let i = 0; i < targets.length; i += 200) {
        const batch = await Promise.all(
          targets.slice(i, i + 200).map((port) => open(port).catch(() => (errors++, null))),
        )
        for (const s of batch) if (s) socks.push(s)
      }
      timers = socks.map((s) => {
        let sentAt = 0
        s.on('data', () => {
          if (sentAt) rtts.push(performance.now() - sentAt)
          sentAt = 0
        })
        // Spread the pings over the interval rather than all at once.
        const first = setTimeout(() => {
          const t = setInterval(() => {
            if (!sentAt && s.writable) {
              sentAt = performance.now()
              s.write('p\n')
            }
          }, m.intervalMs!)
          timers.push(t)
        }, Math.random() * m.intervalMs!)
        return first
      })
      process.send!({ type: 'connected', open: socks.length, errors })
    } else if (m.type === 'report') {
      const sorted = [...rtts].sort((a, b) => a - b)
      const q = (f: number): number =>
        sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] * 100) / 100 : 0
      process.send!({
        type: 'report',
        open: socks.filter((s) => !s.destroyed).length,
        roundTrips: rtts.length,
        p50: q(0.5),
        p99: q(0.99),
        errors,
      })
    } else if (m.type === 'close') {
      for (const t of timers) clearTimeout(t)
      for (const s of socks) s.destroy()
      process.send!({ type: 'closed' }, undefined, {}, () => process.exit(0))
    }
  })
  process.send!({ type: 'ready' })
}

function open(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s))
    s.setNoDelay(true)
    s.once('error', reject)
  })
}

// ---- the host's main thread ----

export async function drive(host: Host<AsyncIoProgress>, options: Record<string, unknown>): Promise<AsyncIoResult> {
  const which = options.variant as string
  const variants: ServeVariant[] = []
  const plan: (readonly [ServeVariant['id'], number])[] =
    which === 'process-per-core'
      ? [['process-per-core', options.connections as number]]
      : [
          ...(which !== 'thread-per-connection' ? [['event-loop', options.connections as number] as const] : []),
          ...(which !== 'event-loop' ? [['thread-per-connection', options.threadConnections as number] as const] : []),
        ]
  const python = options.python as Python | undefined
  const language = options.language as AsyncIoResult['language']
  for (const [id, count] of plan) {
    if (host.signal.aborted) break
    await delay(200, host.signal)
    // A thread per connection is served by real OS threads (Python's) wherever Python is
    // found, in both modes: a Node worker thread is a whole JavaScript engine, not a thread's cost.
    const inPython = python && (language === 'python' || id === 'thread-per-connection')
    const v = inPython
      ? await servePython(host, python, id, count, options)
      : id === 'process-per-core'
        ? undefined // refused before the start: Nginx's model runs in Python only
        : await serveVariant(host, id, count, options)
    if (v) variants.push(v)
    host.live({ variants: [...variants] })
  }
  return { language, variants }
}

type Python = { readonly file: string; readonly args: readonly string[] }

/** One variant served by src/python/async_io.py: its own server, load client and measurements. */
async function servePython(
  host: Host,
  python: Python,
  id: ServeVariant['id'],
  count: number,
  options: Record<string, unknown>,
): Promise<ServeVariant | undefined> {
  host.live({ phase: asyncIoMsg(`live.python.${id}`, { count }) })
  const c = host.spawnPython(
    python,
    'async_io',
    { variant: id, connections: count, durationS: options.durationS, intervalMs: options.intervalMs },
    `python3 async_io.py (${id})`,
  )
  const stop = (): void => void c.child.kill('SIGKILL')
  host.signal.addEventListener('abort', stop, { once: true })
  let result: ServeVariant | undefined
  c.onMessage((raw) => {
    const m = raw as { type?: string; result?: ServeVariant } | null
    if (m?.type === 'result') result = m.result
  })
  await c.exited
  host.signal.removeEventListener('abort', stop)
  return host.signal.aborted ? undefined : result
}

async function serveVariant(
  host: Host,
  id: Exclude<ServeVariant['id'], 'process-per-core'>,
  count: number,
  options: Record<string, unknown>,
): Promise<ServeVariant | undefined> {
  const before = ownFootprint()
  let open = 0
  const closers: (() => void)[] = []
  let ports: number[]
  let perPort: number
  host.live({ phase: asyncIoMsg(`live.node.${id}`, { count }) })
  if (id === 'event-loop') {
    const server = net.createServer((sock) => {
      open++
      serve(sock, () => open--)
    })
    server.maxConnections = count + 100
    await new Promise<void>((r) => server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, r))
    host.setMain('blocked-io')
    closers.push(() => server.close())
    ports = [(server.address() as net.AddressInfo).port]
    perPort = count
  } else {
    const ws = Array.from({ length: count }, (_, i) => host.startThread('thread-async-io', `conn-${i + 1}`, null))
    closers.push(() => ws.forEach((w) => w.worker.postMessage('close')))
    const stop = (): void => ws.forEach((w) => void w.terminate())
    host.signal.addEventListener('abort', stop, { once: true })
    ports = await Promise.all(
      ws.map((w) => new Promise<number>((r) => w.worker.once('message', (m: { port: number }) => r(m.port)))),
    )
    host.signal.removeEventListener('abort', stop)
    perPort = 1
    const update = setInterval(
      () => (open = ws.filter((w) => host.table.read(w.slot).state === 'blocked-io').length),
      100,
    )
    closers.push(() => clearInterval(update))
  }
  const client = host.forkChild('thread-async-io', 'load client', ['--async-client'])
  const reply = <T>(type: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const on = (m: { type: string }): void => {
        if (m?.type !== type) return
        client.child.off('message', on)
        resolve(m as T)
      }
      client.child.on('message', on)
      client.child.once('disconnect', () => reject(new Error('the load client ended early')))
    })
  try {
    await reply('ready')
    client.child.send({ type: 'connect', ports, perPort, intervalMs: options.intervalMs })
    await reply<{ open: number }>('connected')
    host.live({ phase: asyncIoMsg('live.holding', { count }) })
    await delay(300, host.signal) // let the last accepts land
    const cpu0 = ownCpuSeconds()
    const t0 = performance.now()
    await delay((options.durationS as number) * 1000, host.signal)
    const holdMs = performance.now() - t0
    const cpu = cpuPercent(ownCpuSeconds() - cpu0, holdMs / 1000)
    const during = ownFootprint()
    const held = open
    client.child.send({ type: 'report' })
    const rep = await reply<{ roundTrips: number; p50: number; p99: number; errors: number }>('report')
    client.child.send({ type: 'close' })
    await Promise.race([client.exited, delay(3000)])
    if (host.signal.aborted) return undefined
    return {
      id,
      server: id === 'event-loop' ? 'node-event-loop' : 'node-workers',
      connections: count,
      held,
      roundTrips: rep.roundTrips,
      p50: rep.p50,
      p99: rep.p99,
      errors: rep.errors,
      threads: during.threads,
      threadsBefore: before.threads,
      rss: during.rss,
      rssBefore: before.rss,
      cpu,
      holdMs: Math.round(holdMs),
    }
  } finally {
    client.child.kill('SIGKILL')
    for (const c of closers) c()
    host.setMain('running')
  }
}
