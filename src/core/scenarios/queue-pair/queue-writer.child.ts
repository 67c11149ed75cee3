// The writer of `queue-pair`: the seed's write(q). It puts each value on the
// queue, pausing a random time after each, then returns (and so exits).
import { finish, leaveWithParent, sleep, toParent } from '../../../child/child-kit'

const options = JSON.parse(process.argv[2] ?? '{}') as { values: string[]; maxPauseMs: number }
leaveWithParent()

// q.put(value): the queue lives in the parent; the put is a message to it.
const put = (value: string): Promise<void> => toParent({ type: 'put', value })

console.log(`Process to write: ${process.pid}`)
for (const value of options.values) {
  console.log(`Put ${value} to queue...`)
  await put(value)
  await sleep(Math.random() * options.maxPauseMs) // time.sleep(random.random())
}
finish(0)
