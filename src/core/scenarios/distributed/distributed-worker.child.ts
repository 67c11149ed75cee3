// A worker of `distributed`: the seed's task_worker.py. It creates no queue;
// it connects to the master's address with the key, then
//   n = task.get(timeout=...); result.put('%d * %d = %d' % (n, n, n*n))
// until the task queue is empty. Nothing here needs the master to be on this
// machine: only its address and the key. The same file, given a wrong key,
// plays the intruder the master must refuse.
import crypto from 'node:crypto'
import net from 'node:net'
import { finish, leaveWithParent, onParentMessage, toParent } from '../../../child/child-kit'
import { delay } from '../../../shared/delay'
import type { ConnectMessage, FromDistributedWorker } from '../../../shared/scenarios/distributed'

type Reply = {
  challenge?: string
  welcome?: boolean
  refused?: string
  value?: unknown
  empty?: boolean
  ok?: boolean
  error?: string
}

/** How long a get waits for a task, like the seed's task.get(timeout=1) but patient enough for a busy machine. */
const GET_TIMEOUT_MS = 10_000

leaveWithParent()

// The address and key come over the IPC channel once we can hear them.
const job = await new Promise<ConnectMessage>((resolve) => {
  onParentMessage<ConnectMessage>(resolve, true)
  void toParent<FromDistributedWorker>({ type: 'ready' })
})

/** A connection to the manager: one JSON message per line each way, replies in order. */
class Connection {
  private readonly inbox: (Reply | null)[] = []
  private readonly waiting: ((r: Reply | null) => void)[] = []
  private pending = ''

  constructor(readonly socket: net.Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      this.pending += chunk
      let cut: number
      while ((cut = this.pending.indexOf('\n')) >= 0) {
        const line = this.pending.slice(0, cut)
        this.pending = this.pending.slice(cut + 1)
        try {
          this.deliver(JSON.parse(line) as Reply)
        } catch {
          this.deliver({ error: 'unreadable reply' })
        }
      }
    })
    socket.on('error', () => {})
    // null: the server hung up.
    socket.on('close', () => this.deliver(null))
  }

  send(m: object): void {
    if (this.socket.writable) this.socket.write(JSON.stringify(m) + '\n')
  }

  next(): Promise<Reply | null> {
    if (this.inbox.length) return Promise.resolve(this.inbox.shift()!)
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  async call(m: object): Promise<Reply> {
    this.send(m)
    const r = await this.next()
    if (!r) throw new Error('the manager closed the connection')
    if (r.error) throw new Error(r.error)
    return r
  }

  private deliver(r: Reply | null): void {
    const w = this.waiting.shift()
    if (w) w(r)
    else this.inbox.push(r)
  }
}

function fail(why: string, code: number): void {
  console.error(why)
  finish(code)
}

console.log(`Connect to server ${job.host}:${job.port}${job.intruder ? ' with a wrong key' : ''}...`)
const socket = net.connect({ host: job.host, port: job.port })
const connected = await new Promise<boolean>((resolve) => {
  socket.once('connect', () => resolve(true))
  socket.once('error', (err) => {
    console.error(`Cannot connect: ${err.message}`)
    resolve(false)
  })
})
if (!connected) {
  fail('worker exit: no server.', 2)
} else {
  const conn = new Connection(socket)
  const hello = await conn.next()
  // Prove we hold the key without sending it: sign the server's fresh challenge.
  const answer = crypto
    .createHmac('sha256', Buffer.from(job.key, 'hex'))
    .update(Buffer.from(hello?.challenge ?? '', 'hex'))
    .digest('hex')
  conn.send({ auth: answer })
  // The intruder asks for a task straight away, without waiting for the verdict:
  // if the server served anyone before checking, this is where it would show.
  if (job.intruder) conn.send({ op: 'get', queue: 'task', timeoutMs: 0 })
  const verdict = await conn.next()

  if (!verdict?.welcome) {
    const why = verdict?.refused ?? 'connection closed'
    // Whatever else arrives before the server hangs up would have been served to us.
    let received = 0
    for (let r = await conn.next(); r; r = await conn.next()) if (r.value !== undefined) received++
    console.error(
      `AuthenticationError: digest sent was rejected (${why}); ${received} task${received === 1 ? '' : 's'} received.`,
    )
    await toParent<FromDistributedWorker>({ type: 'intruder', refused: why, received })
    socket.destroy()
    finish(1)
  } else {
    let done = 0
    try {
      for (;;) {
        const r = await conn.call({ op: 'get', queue: 'task', timeoutMs: GET_TIMEOUT_MS })
        if (r.empty) {
          console.log('task queue is empty.')
          break
        }
        const { id, n } = r.value as { id: number; n: number }
        console.log(`run task ${n} * ${n}...`)
        await delay(50 + Math.random() * 250) // time.delay(1), shortened
        await conn.call({
          op: 'put',
          queue: 'result',
          value: { id, n, square: n * n, text: `${n} * ${n} = ${n * n}`, pid: process.pid },
        })
        done++
      }
      console.log(`worker exit. (${done} task${done === 1 ? '' : 's'} done)`)
      socket.end()
      finish(0)
    } catch (err) {
      socket.destroy()
      fail(`worker exit: ${(err as Error).message} after ${done} tasks.`, 2)
    }
  }
}
