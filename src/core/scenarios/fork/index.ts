import type { ExitInfo, OutcomeCheck, RunOutcome } from '../../../shared/model'
import { entry } from '../../../child/entries'
import { cutShort, runParent } from '../../bridge/host-bridge'
import type { ForkResult } from '../../../shared/scenarios/fork'
import { defineScenario } from '../types'

export const forkScenario = defineScenario({
  info: {
    id: 'fork',
    title: 'fork: a parent and its child',
    section: '多进程 (os.fork)',
    kind: 'process',
    summary:
      'The seed calls os.fork(): the OS copies the running process, and the copy (the child) continues from the same line with its own pid, its parent being the original. ' +
      "Node has no os.fork(): child_process.fork() starts a NEW Node interpreter that runs the file from the top, so nothing in the parent's memory reaches the child. " +
      "Watch the child appear under the parent in the process tree, both print their pids, and the child's module-level marker differ from the parent's. " +
      "The time from fork() to the child's first message is the cost of starting an interpreter, far more than os.fork() takes to copy a process.",
    options: [
      {
        key: 'holdMs',
        label: 'Child stays alive (ms)',
        type: 'integer',
        default: 3000,
        min: 0,
        max: 60_000,
        help: 'How long the child lingers before it exits, so both can be seen in the tree.',
      },
    ],
  },
  sources: ['fork-process'],
  async run(ctx) {
    const run = await runParent(ctx, entry('fork-process'), 'parent')
    if (!run.result) return cutShort(ctx, run, 'parent', 'its child reported back')
    return forkOutcome(run.started.pid, run.exit, run.result, run.bridge.withRole('child')[0]?.osPpid)
  },
})

function forkOutcome(
  parentPid: number,
  parentExit: ExitInfo,
  r: ForkResult,
  osPpid: number | undefined,
): RunOutcome<never> {
  // The OS's word where the platform gives it; else what the child said of itself.
  const childPpid = osPpid ?? r.hello?.ppid
  const checks: OutcomeCheck[] = [
    {
      label: "The child runs under the parent (its ppid is the parent's pid)",
      ok: childPpid === parentPid,
      detail: `child ${r.childPid} has ppid ${childPpid ?? 'unknown'} (${osPpid !== undefined ? 'as the OS reports it' : 'as the child reported'}); parent is ${parentPid}`,
    },
    {
      label: 'Parent and child each printed their own pid',
      ok: r.hello?.pid === r.childPid && r.hello?.ppid === parentPid && r.parentPid === parentPid,
      detail: `parent ${r.parentPid}, child ${r.hello?.pid ?? '?'} (says its parent is ${r.hello?.ppid ?? '?'})`,
    },
    {
      label: "Nothing was copied: the child's marker differs from the parent's",
      ok: r.hello !== undefined && r.hello.marker !== r.parentMarker,
      detail: `parent ${r.parentMarker}, child ${r.hello?.marker ?? '?'}`,
    },
    {
      label: 'Both exited cleanly',
      ok: r.childExit.code === 0 && parentExit.code === 0,
      detail: `child code ${r.childExit.code}${r.childExit.signal ? ` (${r.childExit.signal})` : ''}, parent code ${parentExit.code}${parentExit.signal ? ` (${parentExit.signal})` : ''}`,
    },
  ]
  const startMs = r.hello ? Math.round(r.hello.afterMs) : null
  return {
    summary:
      `Parent ${parentPid} forked child ${r.childPid}` +
      (startMs !== null
        ? `; the child's first message arrived ${startMs} ms after fork(): the cost of a fresh interpreter.`
        : '.'),
    checks,
    figures: {
      parentPid,
      childPid: r.childPid,
      childPpid: childPpid ?? null,
      forkToFirstMessageMs: startMs,
      parentMarker: r.parentMarker,
      childMarker: r.hello?.marker ?? null,
      childExitCode: r.childExit.code,
    },
  }
}
