// A pool worker: runs the seed's long_time_task(name) for every task the pool
// sends it, one at a time, until the pool tells it to stop.
import { finish, leaveWithParent, sleep, toParent } from '../../../child/child-kit'

leaveWithParent()

async function longTimeTask(name: number, maxMs: number): Promise<void> {
  console.log(`Run task ${name} (${process.pid})...`)
  const start = Date.now()
  await sleep(Math.random() * maxMs) // time.sleep(random.random() * 3)
  const end = Date.now()
  console.log(`Task ${name} runs ${((end - start) / 1000).toFixed(2)} seconds.`)
}

process.on('message', async (m: { type: 'task'; task: number; maxMs: number } | { type: 'stop' }) => {
  if (m.type === 'stop') return finish(0)
  void toParent({ type: 'started', task: m.task, at: Date.now() })
  await longTimeTask(m.task, m.maxMs)
  void toParent({ type: 'done', task: m.task, at: Date.now() })
})
void toParent({ type: 'ready' })
