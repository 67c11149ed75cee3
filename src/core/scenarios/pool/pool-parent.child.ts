// The parent of `pool`: the tutorial's multiprocessing.Pool example, with a small
// Pool written out so its rules can be read:
//   p = Pool(4)
//   for i in range(5): p.apply_async(long_time_task, args=(i,))
//   p.close()   # no new tasks from here on
//   p.join()    # wait for every worker to finish; only allowed after close()
import { Child, finish, leaveWithParent, publishLive, runOptions, sendResult } from '../../../child/child-kit'
import type {
  FromPoolWorker,
  PoolLive,
  PoolMarks,
  PoolResult,
  PoolTimelineEntry,
  PoolWorkerReady,
  PoolWorkerState,
  PoolWorkerView,
  ToPoolWorker,
} from '../../../shared/scenarios/pool'

interface Options {
  workers: number
  tasks: number
  maxTaskMs: number
}

interface Job {
  task: number
  maxMs: number
  done: () => void
}

interface Slot {
  index: number
  child: Child<ToPoolWorker, FromPoolWorker>
  state: PoolWorkerState
  job?: Job
}

class Pool {
  readonly timeline: { -readonly [K in keyof PoolTimelineEntry]: PoolTimelineEntry[K] }[] = []
  /** When each worker was up and could take a task. */
  readonly ready: PoolWorkerReady[] = []
  private readonly slots: Slot[]
  private readonly queue: Job[] = []
  private closed = false

  constructor(
    size: number,
    private readonly onChange: () => void,
  ) {
    // Like multiprocessing, every worker starts now, before any task is submitted.
    this.slots = Array.from({ length: size }, (_, i) => {
      const slot: Slot = { index: i + 1, child: new Child('pool-worker', `pool worker ${i + 1}`), state: 'starting' }
      slot.child.onMessage((m) => this.onWorkerMessage(slot, m))
      void slot.child.join().then(() => {
        slot.state = 'exited'
        this.onChange()
      })
      return slot
    })
  }

  applyAsync(task: number, maxMs: number): Promise<void> {
    // multiprocessing's own words (it raises ValueError('Pool not running')).
    if (this.closed) throw new Error('Pool not running')
    return new Promise((done) => {
      this.queue.push({ task, maxMs, done })
      this.dispatch()
    })
  }

  close(): void {
    this.closed = true
    this.dispatch()
  }

  /** Waits for every worker to exit. Like Python's, it refuses to run before close(). */
  async join(): Promise<void> {
    if (!this.closed) throw new Error('join() before close() would wait forever')
    await Promise.all(this.slots.map((s) => s.child.join()))
  }

  state(): PoolWorkerView[] {
    return this.slots.map((s) => ({ index: s.index, pid: s.child.pid, state: s.state, task: s.job?.task }))
  }

  queued(): number[] {
    return this.queue.map((j) => j.task)
  }

  private dispatch(): void {
    // Like multiprocessing's pool: a worker that is up takes the next task at once,
    // whether or not its siblings are running yet (nothing holds it back).
    for (const slot of this.slots) {
      if (slot.state !== 'idle') continue
      const job = this.queue.shift()
      if (job) {
        slot.state = 'busy'
        slot.job = job
        slot.child.send({ type: 'task', task: job.task, maxMs: job.maxMs })
      } else if (this.closed) {
        // Closed and nothing left: this worker is done.
        slot.state = 'stopping'
        slot.child.send({ type: 'stop' })
      }
    }
    this.onChange()
  }

  private onWorkerMessage(slot: Slot, m: FromPoolWorker): void {
    if (m.type === 'ready') {
      this.ready.push({ pid: slot.child.pid, at: Date.now() })
      slot.state = 'idle'
      this.dispatch()
    } else if (m.type === 'started') {
      this.timeline.push({ task: m.task, pid: slot.child.pid, worker: slot.index, start: m.at })
      this.onChange()
    } else if (m.type === 'done') {
      const entry = this.timeline.find((e) => e.task === m.task)
      if (entry) entry.end = m.at
      const job = slot.job
      slot.job = undefined
      slot.state = 'idle'
      job?.done()
      this.dispatch()
    }
  }
}

const options = runOptions<Options>()
leaveWithParent()

// When close() and join() happened, and what a submission after close() got.
const marks: { -readonly [K in keyof PoolMarks]: PoolMarks[K] } = { startedAt: Date.now() }
const publish = (): void => {
  void publishLive<PoolLive>({ ...marks, workers: pool.state(), queued: pool.queued(), timeline: pool.timeline })
}

console.log(`Parent process ${process.pid}.`)
const createdAt = Date.now()
const pool = new Pool(options.workers, () => publish())
for (let i = 0; i < options.tasks; i++) void pool.applyAsync(i, options.maxTaskMs)
console.log('Waiting for all subprocesses done...')
pool.close()
const closedAt = Date.now()
marks.closedAt = closedAt

// The rule close() sets: a task submitted now is refused.
try {
  void pool.applyAsync(options.tasks, options.maxTaskMs)
} catch (err) {
  marks.refused = String(err)
  console.log(`apply_async() after close(): refused (${marks.refused})`)
}

await pool.join()
const joinedAt = Date.now()
marks.joinedAt = joinedAt
console.log('All subprocesses done.')
publish()
await sendResult<PoolResult>({
  ...marks,
  language: 'node',
  closedAt,
  joinedAt,
  timeline: pool.timeline,
  workers: pool.state(),
  createdAt,
  ready: pool.ready,
})
finish(0)
