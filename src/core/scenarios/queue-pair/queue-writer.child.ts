// The writer of `queue-pair`: the seed's write(q). It puts each value on the
// queue, pausing a random time after each, then returns (and so exits).
import { finish, leaveWithParent, runOptions, toParent } from '../../../child/child-kit'
import { delay } from '../../../shared/delay'
import type { QueuePut } from '../../../shared/scenarios/queue-pair'

const options = runOptions<{ values: string[]; maxPauseMs: number }>()
leaveWithParent()

// q.put(value): the queue lives in the parent; the put is a message to it, with who put it and when.
const put = (value: string): Promise<void> =>
  toParent<QueuePut>({ type: 'put', value, pid: process.pid, at: Date.now() })

console.log(`Process to write: ${process.pid}`)
for (const value of options.values) {
  console.log(`Put ${value} to queue...`)
  await put(value)
  await delay(Math.random() * options.maxPauseMs) // time.sleep(random.random())
}
finish(0)
