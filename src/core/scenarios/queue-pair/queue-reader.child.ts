// The reader of `queue-pair`: the seed's read(q). It gets values forever; it
// never returns, so the parent has to terminate it. It reports each value it
// got, so the run's checks compare what it read with what the writer put.
import { leaveWithParent, onParentMessage, toParent } from '../../../child/child-kit'
import type { QueueGet, QueueGot, QueueValue } from '../../../shared/scenarios/queue-pair'

leaveWithParent()

// q.get(True): ask the queue in the parent for the next value and block until it answers.
function get(): Promise<string> {
  return new Promise((resolve) => {
    onParentMessage<QueueValue>((m) => resolve(m.value), true)
    void toParent<QueueGet>({ type: 'get' })
  })
}

console.log(`Process to read: ${process.pid}`)
for (;;) {
  const value = await get()
  void toParent<QueueGot>({ type: 'got', value, pid: process.pid, at: Date.now() })
  console.log(`Get ${value} from queue.`)
}
