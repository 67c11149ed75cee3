// The reader of `queue-pair`: the seed's read(q). It gets values forever; it
// never returns, so the parent has to terminate it.
import { leaveWithParent, toParent } from '../../../child/child-kit'

leaveWithParent()

// q.get(True): ask the queue in the parent for the next value and block until it answers.
function get(): Promise<string> {
  return new Promise((resolve) => {
    process.once('message', (m: { type: 'value'; value: string }) => resolve(m.value))
    void toParent({ type: 'get' })
  })
}

console.log(`Process to read: ${process.pid}`)
for (;;) {
  const value = await get()
  console.log(`Get ${value} from queue.`)
}
