// The parent of `process-join`: the seed's multiprocessing.Process example.
//   p = Process(target=run_proc, args=('test',)); p.start(); p.join()
import { Child, finish, leaveWithParent, runOptions, sendResult } from '../../../child/child-kit'
import type { ProcessJoinResult, RunProcCall } from '../../../shared/scenarios/process-join'

const options = runOptions<{ name: string; workMs: number; exitCode: number }>()
leaveWithParent()

console.log(`Parent process ${process.pid}.`)
console.log('Child process will start.')
const startedAt = performance.now()
const p = new Child<RunProcCall>('process-join-child', 'child') // fork() starts it at once
p.send({ target: 'runProc', args: [options.name, options.workMs, options.exitCode] })

const exit = await p.join() // waits until the child has ended
const joinedMs = Math.round(performance.now() - startedAt)
console.log(`Child process end. join() returned after ${joinedMs} ms; exit code ${exit.code}.`)

await sendResult<ProcessJoinResult>({ parentPid: process.pid, childPid: p.pid, joinedMs, exit })
finish(0)
