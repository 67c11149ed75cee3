import type { OutcomeCheck } from '../../../shared/model'
import { entry } from '../../../child/entries'
import { cutShort, runParent } from '../../bridge/host-bridge'

import { defineScenario } from '../types'

export const processJoinScenario = defineScenario({
  info: {
    id: 'process-join',
    title: 'Process and join()',
    section: 'multiprocessing (Process)',
    kind: 'process',
    summary:
      'The seed starts a child with Process(target=run_proc, args=("test",)), calls start(), then join(), which waits until the child has ended before the parent goes on. ' +
      'Here the parent forks a child, sends it the function name and argument (a function cannot cross a process boundary; multiprocessing pickles a reference to it), and joins it. ' +
      'Watch the child\'s line appear between the parent\'s "will start" and "end" lines, the time join() waited match the child\'s work, and the child\'s exit code reach the parent.',
    options: [
      { key: 'name', label: 'Argument passed to run_proc', type: 'string', default: 'test', max: 40 },
      { key: 'workMs', label: 'Child works for (ms)', type: 'integer', default: 1500, min: 0, max: 10_000 },
      {
        key: 'exitCode',
        label: 'Child exit code',
        type: 'integer',
        default: 0,
        min: 0,
        max: 255,
        help: 'Non-zero makes the child end with an error exit; join() still returns, with that code.',
      },
    ],
  },
  sources: ['process-join-parent', 'process-join-child'],
  async run(ctx) {
    const run = await runParent(ctx, entry('process-join-parent'), 'parent')
    const r = run.result
    const parentPid = run.started.pid
    const child = run.bridge.withRole('child')[0]
    if (!r || !child) return cutShort(ctx, run, 'parent', 'its child was joined')
    const workMs = Number(ctx.options.workMs)
    const expected = Number(ctx.options.exitCode)
    const ppid = child.osPpid ?? child.ppid
    const checks: OutcomeCheck[] = [
      {
        label: 'The child ran as a process of its own, under the parent',
        ok: child.pid !== parentPid && ppid === parentPid,
        detail: `child ${child.pid}, ppid ${ppid ?? 'unknown'}${child.osPpid !== undefined ? ' (as the OS reports it)' : ' (as the parent reported it)'}; parent ${parentPid}`,
      },
      {
        label: 'join() waited for the child to finish',
        // Timers may fire a little early relative to performance.now(); 5 ms is far below any real shortfall.
        ok: r.joinedMs + 5 >= workMs && child.exit !== undefined,
        detail: `join() returned after ${r.joinedMs} ms; the child worked ${workMs} ms and ran ${child.exit?.runtimeMs ?? '?'} ms in all`,
      },
      {
        label: "The child's exit code reached the parent",
        ok: r.exit.code === expected,
        detail: `expected ${expected}, join() reported ${r.exit.code}${r.exit.signal ? ` (${r.exit.signal})` : ''}`,
      },
    ]
    return {
      summary: `Parent ${parentPid} started child ${child.pid} with argument "${String(ctx.options.name)}"; join() returned after ${r.joinedMs} ms with exit code ${r.exit.code}.`,
      checks,
      figures: {
        parentPid,
        childPid: child.pid,
        joinedMs: r.joinedMs,
        childRuntimeMs: child.exit?.runtimeMs ?? null,
        exitCode: r.exit.code,
        exitReason: child.exit?.reason ?? null,
      },
    }
  },
})
