// The parent of `process-join`: the tutorial's multiprocessing.Process example.
//   p = Process(target=run_proc, args=('test',)); p.start(); p.join()
import { Child, finish, leaveWithParent, runOptions, sendResult } from '../../../child/child-kit'
import type { ProcessJoinResult, RunProcCall, RunProcEnding } from '../../../shared/scenarios/process-join'

const options = runOptions<{ name: string; workMs: number; exitCode: number }>()
leaveWithParent()

console.log(`Parent process ${process.pid}.`)
console.log('Child process will start.')
const startedAt = Date.now()
const p = new Child<RunProcCall, RunProcEnding>('process-join-child', 'child') // fork() starts it at once
let childEndedAt: number | null = null
p.onMessage((m) => (childEndedAt = m.at))
p.send({ target: 'runProc', args: [options.name, options.workMs, options.exitCode] })

const exit = await p.join() // waits until the child has ended
const joinedAt = Date.now()
const joinedMs = joinedAt - startedAt
console.log(`Child process end. join() returned after ${joinedMs} ms; exit code ${exit.code}.`)

await sendResult<ProcessJoinResult>({
  language: 'node',
  parentPid: process.pid,
  returned: options.exitCode,
  child: { pid: p.pid, startedAt, childEndedAt, joinedAt, joinedMs, exitCode: exit.code },
})
finish(0)
