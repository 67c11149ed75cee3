// The child of `process-join`: the tutorial's run_proc(name). Python's
// multiprocessing sends a new child a reference to the target function and its
// arguments; Node cannot send a function either, so the parent sends the
// function's name and arguments over the IPC channel and the child looks the
// function up here. In this analogue the function's return value becomes the
// exit code (Python's Process ignores it: the Python mode measures that).
import { finish, leaveWithParent, onParentMessage, toParent } from '../../../child/child-kit'
import { delay } from '../../../shared/delay'
import type { RunProcCall, RunProcEnding } from '../../../shared/scenarios/process-join'

leaveWithParent()

const targets = {
  async runProc(name: string, workMs: number, exitCode: number): Promise<number> {
    console.log(`Run child process ${name} (${process.pid})...`)
    await delay(workMs) // the "work": join() in the parent has to wait for it
    console.log(`Child process ${name} done after ${workMs} ms, exiting with code ${exitCode}.`)
    return exitCode
  },
}

onParentMessage<RunProcCall>(async (m) => {
  const code = await targets[m.target](...m.args)
  await toParent<RunProcEnding>({ type: 'ending', at: Date.now() })
  finish(code)
}, true)
