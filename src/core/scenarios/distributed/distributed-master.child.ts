// The master of `distributed`: the seed's task_master.py.
//   manager = QueueManager(address=('', 5000), authkey=b'abc'); manager.start()
//   for i in range(10): task.put(random.randint(0, 10000))
//   for i in range(10): r = result.get(timeout=10)
//   manager.shutdown()
// A QueueManager is a server that owns the queues and lets clients call them
// over the network once they prove they know the key. Here it is written out:
// a TCP server speaking one JSON message per line, with the challenge-response
// check Python's managers use (the key itself never crosses the wire).
import crypto from 'node:crypto'
import net from 'node:net'
import os from 'node:os'
import { Child, finish, leaveWithParent, publishLive, runOptions, sendResult } from '../../../child/child-kit'
import { listeningSockets } from '../../../child/measure'
import type { ExitStatus, Writable } from '../../../shared/child-protocol'
import type {
  ConnectMessage,
  DistributedConnection,
  DistributedLive,
  DistributedResult,
  DistributedResultItem as Result,
  DistributedTask as Task,
  FromDistributedWorker,
  IntruderView,
  QueueSample,
} from '../../../shared/scenarios/distributed'

type Connection = Writable<DistributedConnection>

interface Options {
  workers: number
  tasks: number
  intruder: boolean
  waitSec: number
  port: number
}

const AUTH_TIMEOUT_MS = 2000
/** Before the challenge is answered a client may send this much and no more. */
const MAX_UNAUTHENTICATED_BYTES = 4096
const SERIES_KEPT = 600
const CONNECT_DEADLINE_MS = 8000

/** queue.Queue: put, and get(timeout) that waits for an item. */
class Queue<T> {
  readonly items: T[] = []
  private noMore = false
  private readonly waiting: { give: (v: T | undefined) => void; wants: () => boolean; timer: NodeJS.Timeout }[] = []

  constructor(private readonly onChange: () => void) {}

  put(v: T): void {
    for (;;) {
      const w = this.waiting.shift()
      if (!w) break
      clearTimeout(w.timer)
      // A client that hung up while waiting must not swallow the item.
      if (!w.wants()) continue
      w.give(v)
      this.onChange()
      return
    }
    this.items.push(v)
    this.onChange()
  }

  /** Resolves with an item, or undefined (queue.Empty) after timeoutMs or at once when no more puts will come. */
  get(timeoutMs: number, wants: () => boolean = () => true): Promise<T | undefined> {
    if (this.items.length) {
      const v = this.items.shift()
      this.onChange()
      return Promise.resolve(v)
    }
    if (this.noMore) return Promise.resolve(undefined)
    return new Promise((give) => {
      const waiter = {
        give,
        wants,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1)
          give(undefined)
        }, timeoutMs),
      }
      this.waiting.push(waiter)
    })
  }

  /**
   * Not in Python's queue: the master says it has put everything, so a worker
   * that finds the queue empty hears so at once instead of sitting out its timeout.
   */
  close(): void {
    this.noMore = true
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer)
      w.give(undefined)
    }
  }
}

const options = runOptions<Options>()
leaveWithParent()

const startedAt = Date.now()
const key = crypto.randomBytes(32)
const connections: Connection[] = []
const sockets = new Set<net.Socket>()
const collected: Result[] = []
const taskList: Task[] = []
let onAuthenticated = (): void => {}

// The seed's result.get(timeout=10), as the run's option.
const RESULT_TIMEOUT_MS = options.waitSec * 1000
const series: QueueSample[] = []
const hostname = os.hostname()
/** The workers, once started (publish() runs before). */
let started: Child[] = []

const publish = (): void => {
  series.push({ at: Date.now(), task: tasks.items.length, result: results.items.length })
  if (series.length > SERIES_KEPT) series.splice(0, series.length - SERIES_KEPT)
  const done = new Map<number, number>()
  for (const r of collected) done.set(r.pid, (done.get(r.pid) ?? 0) + 1)
  void publishLive<DistributedLive>({
    language: 'node',
    address: `${address.address}:${address.port}`,
    queues: { task: tasks.items.length, result: results.items.length },
    tasks: taskList.length,
    results: collected,
    connections,
    series,
    workers: started.map((w) => ({
      host: hostname,
      pid: w.pid,
      kind: 'local',
      done: done.get(w.pid) ?? 0,
      state: w.process.exitCode === null && w.process.signalCode === null ? 'working' : 'gone',
      role: w.role,
    })),
  })
}
const tasks = new Queue<Task>(publish)
const results = new Queue<Result>(publish)
const queues: Record<string, Queue<unknown>> = { task: tasks as Queue<unknown>, result: results as Queue<unknown> }

function serve(socket: net.Socket): void {
  sockets.add(socket)
  const conn: Connection = {
    n: connections.length + 1,
    remotePort: socket.remotePort,
    state: 'challenged',
    served: 0,
    ignored: 0,
  }
  connections.push(conn)
  const send = (m: object): void => {
    if (!socket.destroyed && socket.writable) socket.write(JSON.stringify(m) + '\n')
  }
  const refuse = (why: string): void => {
    if (conn.state !== 'challenged') return
    conn.state = 'refused'
    conn.refusedWhy = why
    console.log(`Refused connection ${conn.n} (port ${conn.remotePort}): ${why}.`)
    // Say so and hang up, as Python's answer_challenge() does with #FAILURE.
    socket.end(JSON.stringify({ refused: why }) + '\n')
    setTimeout(() => socket.destroy(), 500).unref()
    publish()
  }

  // The key is never sent: the client proves it has it by signing a fresh random challenge.
  const challenge = crypto.randomBytes(32)
  const expected = crypto.createHmac('sha256', key).update(challenge).digest()
  const authTimer = setTimeout(() => refuse(`no answer to the challenge within ${AUTH_TIMEOUT_MS} ms`), AUTH_TIMEOUT_MS)
  send({ challenge: challenge.toString('hex') })

  const onLine = async (line: string): Promise<void> => {
    if (conn.state !== 'challenged' && conn.state !== 'authenticated') {
      conn.ignored++
      return
    }
    let m: { auth?: unknown; op?: unknown; queue?: unknown; value?: unknown; timeoutMs?: unknown }
    try {
      m = JSON.parse(line)
      if (typeof m !== 'object' || m === null) throw new Error('not an object')
    } catch {
      if (conn.state === 'challenged') return refuse('not a protocol message')
      return send({ error: 'bad message' })
    }
    if (conn.state === 'challenged') {
      clearTimeout(authTimer)
      const answer = Buffer.from(typeof m.auth === 'string' ? m.auth : '', 'hex')
      // timingSafeEqual throws on unequal lengths, and a wrong length is a wrong answer anyway.
      if (answer.length === expected.length && crypto.timingSafeEqual(answer, expected)) {
        conn.state = 'authenticated'
        send({ welcome: true })
        publish()
        onAuthenticated()
      } else {
        refuse('wrong key (digest mismatch)')
      }
      return
    }
    const q = typeof m.queue === 'string' ? queues[m.queue] : undefined
    if (!q) return send({ error: `no queue ${String(m.queue)}` })
    if (m.op === 'put') {
      q.put(m.queue === 'result' ? { ...(m.value as Result), at: Date.now() } : m.value)
      send({ ok: true })
    } else if (m.op === 'get') {
      const timeoutMs = Math.min(Math.max(Number(m.timeoutMs) || 0, 0), 30_000)
      const v = await q.get(timeoutMs, () => conn.state === 'authenticated')
      if (v === undefined) return send({ empty: true })
      conn.served++
      send({ value: v })
    } else {
      send({ error: `no operation ${String(m.op)}` })
    }
  }

  // One JSON message per line; requests on a connection are answered in order.
  let pending = ''
  let chain = Promise.resolve()
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    pending += chunk
    if (conn.state === 'challenged' && pending.length > MAX_UNAUTHENTICATED_BYTES) {
      refuse('too much data before authenticating')
      pending = ''
      return
    }
    let cut: number
    while ((cut = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, cut)
      pending = pending.slice(cut + 1)
      // A fault in one request ends that connection, never the master.
      chain = chain.then(() => onLine(line)).catch(() => void socket.destroy())
    }
  })
  socket.on('error', () => {})
  socket.on('close', () => {
    clearTimeout(authTimer)
    sockets.delete(socket)
    if (conn.state === 'authenticated' || conn.state === 'challenged') conn.state = 'closed'
    publish()
  })
}

// address=('', 5000) in the seed means every interface; a lab on a shared machine listens on loopback only.
const server = net.createServer(serve)
await new Promise<void>((resolve, reject) => {
  server.once('error', reject)
  server.listen({ host: '127.0.0.1', port: options.port }, () => resolve())
})
// Declared here, read by publish() and serve(), which run only from now on.
const address = server.address() as net.AddressInfo
const listeners = listeningSockets()
console.log(
  `Master ${process.pid}: manager listening on ${address.address}:${address.port}${listeners ? ` (kernel: ${listeners.join(', ')})` : ''}.`,
)
publish()

// Workers are told the address and the key, as the seed's task_worker.py has them written in.
// Over the IPC channel, not argv: any user can read a process's command line in /proc.
const connectMessage = (k: Buffer, intruder = false): ConnectMessage => ({
  type: 'connect',
  host: address.address,
  port: address.port,
  key: k.toString('hex'),
  intruder,
})
const workers = Array.from(
  { length: options.workers },
  (_, i) => new Child<ConnectMessage, FromDistributedWorker>('distributed-worker', `worker ${i + 1}`),
)
started = workers as Child[]
for (const w of workers) w.onMessage((m) => m.type === 'ready' && w.send(connectMessage(key)))

let intruderView: IntruderView | undefined
const intruder = options.intruder
  ? new Child<ConnectMessage, FromDistributedWorker>('distributed-worker', 'intruder')
  : undefined
if (intruder) {
  intruder.onMessage((msg) => {
    // Right address, wrong key: a different random key of the same length.
    if (msg.type === 'ready') intruder.send(connectMessage(crypto.randomBytes(32), true))
    else if (msg.type === 'intruder') intruderView = { refused: msg.refused, received: msg.received }
  })
}

// The seed puts its tasks before starting a worker by hand. Here the workers
// start together; the tasks go on the queue once they are all connected, so
// the share of work shows the queue at work rather than which worker's
// start-up happened to win on a busy machine.
const authenticated = (): number => connections.filter((c) => c.state === 'authenticated').length
await new Promise<void>((resolve) => {
  const deadline = setTimeout(resolve, CONNECT_DEADLINE_MS)
  onAuthenticated = () => {
    if (authenticated() < options.workers) return
    clearTimeout(deadline)
    resolve()
  }
  onAuthenticated()
})
const workersConnected = authenticated()
const tasksPutAt = Date.now()
for (let i = 0; i < options.tasks; i++) {
  const n = crypto.randomInt(0, 10_001) // random.randint(0, 10000)
  console.log(`Put task ${n}...`)
  taskList.push({ id: i, n })
  tasks.put({ id: i, n })
}
tasks.close()

console.log('Try get results...')
let timedOut = false
for (let i = 0; i < options.tasks; i++) {
  const r = await results.get(RESULT_TIMEOUT_MS)
  if (!r) {
    timedOut = true
    console.log(`No result within ${RESULT_TIMEOUT_MS / 1000} s: queue.Empty.`)
    break
  }
  collected.push(r)
  console.log(`Result: ${r.text} (from pid ${r.pid})`)
  publish()
}
const collectedAt = Date.now()

// Join every process we started, within bounds: a stuck one is ended, not waited for forever.
async function joinAll(children: Child[]): Promise<ExitStatus[]> {
  const grace = setTimeout(() => children.forEach((c) => c.terminate('SIGKILL')), 10_000)
  const statuses = await Promise.all(children.map((c) => c.join()))
  clearTimeout(grace)
  return statuses
}
const workerExits = await joinAll(workers)
const intruderExit = intruder ? (await joinAll([intruder]))[0] : undefined

// manager.shutdown(): stop listening and wait for the last connection to end.
await new Promise<void>((resolve) => {
  const force = setTimeout(() => sockets.forEach((s) => s.destroy()), 2000)
  server.close(() => {
    clearTimeout(force)
    resolve()
  })
})
console.log('master exit.')
publish()

await sendResult<DistributedResult>({
  language: 'node',
  hostname,
  masterPid: process.pid,
  address: { address: address.address, family: address.family, port: address.port },
  listeners,
  tasks: taskList,
  results: collected,
  timedOut,
  workersConnected,
  workers: workers.map((w, i) => ({ role: w.role, pid: w.pid, exit: workerExits[i] })),
  intruder: intruder ? { pid: intruder.pid, exit: intruderExit, view: intruderView ?? { received: 0 } } : undefined,
  connections,
  startedAt,
  tasksPutAt,
  collectedAt,
  closedAt: Date.now(),
})
finish(0)
