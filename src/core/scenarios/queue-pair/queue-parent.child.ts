// The parent of `queue-pair`: the seed's main block.
//   q = Queue(); pw = Process(target=write, args=(q,)); pr = Process(target=read, args=(q,))
//   pw.start(); pr.start(); pw.join(); pr.terminate()
// Python passes the queue to both children; here the queue lives in this
// process and the children reach it over their IPC channels (the way a
// multiprocessing Manager's queue works). The writer reports each put and the
// reader each value it got, with their own pids and clocks: the run's checks
// compare the two.
import { Child, finish, leaveWithParent, publishLive, sendResult } from '../../../child/child-kit'
import { OPTIONS_ARG } from '../../../shared/child-protocol'
import type {
  QueueEnd,
  QueueGet,
  QueueGot,
  QueueLive,
  QueueOp,
  QueuePut,
  QueueResult,
  QueueValue,
} from '../../../shared/scenarios/queue-pair'

class Queue {
  readonly items: string[] = []
  private readonly waiting: ((v: string) => void)[] = []

  constructor(private readonly onChange: () => void) {}

  put(value: string): void {
    this.items.push(value)
    this.handOut()
  }

  /** A blocking get: answered as soon as there is a value. */
  get(give: (v: string) => void): void {
    this.waiting.push(give)
    this.handOut()
  }

  private handOut(): void {
    while (this.items.length && this.waiting.length) this.waiting.shift()!(this.items.shift()!)
    this.onChange()
  }
}

const optionsArg = process.argv[OPTIONS_ARG] ?? '{}'
leaveWithParent()

/** Every put and get, as the writer and reader reported them. */
const ops: QueueOp[] = []
const state: { writer: QueueEnd; reader: QueueEnd } = {
  writer: { pid: 0, state: 'running' },
  reader: { pid: 0, state: 'running' },
}
const publish = (): void => void publishLive<QueueLive>({ queue: q.items, ops, ...state })
const q = new Queue(publish)

const pw = new Child<never, QueuePut>('queue-writer', 'writer', [optionsArg])
const pr = new Child<QueueValue, QueueGet | QueueGot>('queue-reader', 'reader', [optionsArg])
state.writer = { pid: pw.pid, state: 'running' }
state.reader = { pid: pr.pid, state: 'running' }
pw.onMessage((m) => {
  ops.push({ op: 'put', value: m.value, pid: m.pid, at: m.at })
  q.put(m.value)
})
pr.onMessage((m) => {
  if (m.type === 'get') q.get((value) => pr.send({ type: 'value', value }))
  else {
    ops.push({ op: 'get', value: m.value, pid: m.pid, at: m.at })
    publish()
  }
})

const writerExit = await pw.join() // wait for the writer to end
const writerJoinedAt = Date.now()
state.writer = { pid: pw.pid, state: 'exited', code: writerExit.code, signal: writerExit.signal }
console.log(`Writer ${pw.pid} joined: exit code ${writerExit.code}.`)

// The reader loops forever: it can only be stopped. Still running? (Python: pr.is_alive())
const readerAliveAtTerminate = pr.process.exitCode === null && pr.process.signalCode === null
pr.terminate()
const terminatedAt = Date.now()
const readerExit = await pr.join()
state.reader = { pid: pr.pid, state: 'terminated', code: readerExit.code, signal: readerExit.signal }
console.log(`Reader ${pr.pid} terminated: ${readerExit.signal ?? `code ${readerExit.code}`}.`)
publish()

await sendResult<QueueResult>({
  language: 'node',
  writerPid: pw.pid,
  readerPid: pr.pid,
  ops,
  writerExit,
  readerExit,
  writerJoinedAt,
  terminatedAt,
  readerAliveAtTerminate,
})
finish(0)
