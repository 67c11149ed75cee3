// The parent of `queue-pair`: the seed's main block.
//   q = Queue(); pw = Process(target=write, args=(q,)); pr = Process(target=read, args=(q,))
//   pw.start(); pr.start(); pw.join(); pr.terminate()
// Python passes the queue to both children; here the queue lives in this
// process and the children reach it over their IPC channels (the way a
// multiprocessing Manager's queue works), which lets every put and get be seen.
import { Child, finish, leaveWithParent, publishLive, sendResult } from '../../../child/child-kit'
import { OPTIONS_ARG } from '../../../shared/child-protocol'
import type {
  QueueGet,
  QueueLive,
  QueueOp,
  QueuePut,
  QueueResult,
  QueueValue,
} from '../../../shared/scenarios/queue-pair'

class Queue {
  readonly items: string[] = []
  readonly ops: QueueOp[] = []
  private readonly waiting: { pid: number; give: (v: string) => void }[] = []

  constructor(private readonly onChange: () => void) {}

  put(value: string, pid: number): void {
    this.ops.push({ op: 'put', value, pid, at: Date.now() })
    this.items.push(value)
    this.handOut()
  }

  /** A blocking get: answered as soon as there is a value. */
  get(pid: number, give: (v: string) => void): void {
    this.waiting.push({ pid, give })
    this.handOut()
  }

  private handOut(): void {
    while (this.items.length && this.waiting.length) {
      const value = this.items.shift()!
      const w = this.waiting.shift()!
      this.ops.push({ op: 'get', value, pid: w.pid, at: Date.now() })
      w.give(value)
    }
    this.onChange()
  }
}

const optionsArg = process.argv[OPTIONS_ARG] ?? '{}'
leaveWithParent()

const state = {
  writer: { pid: 0, state: 'running' as string },
  reader: { pid: 0, state: 'running' as string },
}
const publish = (): void => void publishLive<QueueLive>({ queue: q.items, ops: q.ops, ...state })
const q = new Queue(publish)

const pw = new Child<never, QueuePut>('queue-writer', 'writer', [optionsArg])
const pr = new Child<QueueValue, QueueGet>('queue-reader', 'reader', [optionsArg])
state.writer.pid = pw.pid
state.reader.pid = pr.pid
pw.onMessage((m) => q.put(m.value, pw.pid))
pr.onMessage(() => q.get(pr.pid, (value) => pr.send({ type: 'value', value })))

const writerExit = await pw.join() // wait for the writer to end
state.writer.state = `exited, code ${writerExit.code}`
console.log(`Writer ${pw.pid} joined: exit code ${writerExit.code}.`)

pr.terminate() // the reader loops forever: it can only be stopped
const terminatedAt = Date.now()
const readerExit = await pr.join()
state.reader.state = `terminated (${readerExit.signal ?? `code ${readerExit.code}`})`
console.log(`Reader ${pr.pid} terminated: ${readerExit.signal ?? `code ${readerExit.code}`}.`)
publish()

await sendResult<QueueResult>({
  writerPid: pw.pid,
  readerPid: pr.pid,
  ops: q.ops,
  left: q.items,
  writerExit,
  readerExit,
  terminatedAt,
})
finish(0)
