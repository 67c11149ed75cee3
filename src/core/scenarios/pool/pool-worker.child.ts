// A pool worker: runs the tutorial's long_time_task(name) for every task the pool
// sends it, one at a time, until the pool tells it to stop.
import { finish, leaveWithParent, onParentMessage, toParent } from '../../../child/child-kit'
import { delay } from '../../../shared/delay'
import type { FromPoolWorker, ToPoolWorker } from '../../../shared/scenarios/pool'

leaveWithParent()

async function longTimeTask(name: number, maxMs: number): Promise<void> {
  console.log(`Run task ${name} (${process.pid})...`)
  const start = Date.now()
  await delay(Math.random() * maxMs) // time.delay(random.random() * 3)
  const end = Date.now()
  console.log(`Task ${name} runs ${((end - start) / 1000).toFixed(2)} seconds.`)
}

const tell = (m: FromPoolWorker): Promise<void> => toParent(m)

onParentMessage<ToPoolWorker>(async (m) => {
  if (m.type === 'stop') return finish(0)
  void tell({ type: 'started', task: m.task, at: Date.now() })
  await longTimeTask(m.task, m.maxMs)
  void tell({ type: 'done', task: m.task, at: Date.now() })
})
void tell({ type: 'ready' })
