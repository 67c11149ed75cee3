// The tutorial's os.fork() example in Node. This one file runs twice: first as the
// parent, then, started again from the top by child_process.fork(), as the child.
//
// os.fork() copies the running parent: the child continues from the fork()
// call with a copy of every variable. child_process.fork() starts a NEW Node
// process that loads this file afresh. Nothing is copied, which is why
// `marker` below differs in the child, and why the child learns its part from
// its arguments rather than from the parent's memory.
import { Child, finish, leaveWithParent, sendResult, toParent } from '../../../child/child-kit'
import { delay } from '../../../shared/delay'
import { OPTIONS_ARG } from '../../../shared/child-protocol'
import type { ForkHello, ForkResult } from '../../../shared/scenarios/fork'

const startedAt = performance.timeOrigin + performance.now()
const marker = Math.random().toString(36).slice(2, 8)
const optionsArg = process.argv[OPTIONS_ARG] ?? '{}'
const options = JSON.parse(optionsArg) as { holdMs?: number }
const isChild = process.argv[OPTIONS_ARG + 1] === 'child'
leaveWithParent()

if (!isChild) {
  console.log(`Process (${process.pid}) start...`)
  console.log(`Parent: my marker is ${marker}`)
  const forkedAt = performance.timeOrigin + performance.now()
  const child = new Child<never, ForkHello>('fork-process', 'child', [optionsArg, 'child'])
  console.log(`I (${process.pid}) just created a child process (${child.pid}).`)

  let hello: ForkResult['hello']
  child.onMessage(({ type: _, at, ...msg }) => {
    // Both clocks are the wall clock in ms: when the child's first statement ran, after fork().
    hello = { ...msg, afterMs: at - forkedAt }
  })

  const exit = await child.join()
  console.log(`Child ${child.pid} ended with code ${exit.code}.`)
  await sendResult<ForkResult>({
    language: 'node',
    forkAvailable: true,
    parentPid: process.pid,
    parentMarker: marker,
    childPid: child.pid,
    hello,
    childExit: exit,
  })
  finish(0)
} else {
  console.log(`I am child process (${process.pid}) and my parent is ${process.ppid}.`)
  console.log(`Child: my marker is ${marker}: this interpreter started from scratch, nothing was copied`)
  await toParent<ForkHello>({ type: 'hello', pid: process.pid, ppid: process.ppid, marker, at: startedAt })
  // Stay a moment so both can be seen in the process tree.
  await delay(options.holdMs ?? 0)
  finish(0)
}
