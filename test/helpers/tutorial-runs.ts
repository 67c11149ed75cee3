// What a learner sees in a run of the tutorial's programs, the same in both
// languages: the queue pair's processes and ops, LoopThread's lines. Shared by
// the Node.js and the Python tests of those scenarios.
import { expect } from 'vitest'
import { runOf, type RunInfo } from '../../src/shared/model'
import { alive, waitFor } from './procs'
import { byRole, exitOf, expectAllChecksOk, outputOf, type Spawn, type Watched } from './scenario-runs'

/**
 * A finished queue-pair run: every check holds; both children under the
 * parent by the OS's count; the writer exited 0, the reader killed by SIGTERM;
 * A, B, C put by the writer and got by the reader, in order.
 */
export function expectQueuePair(w: Watched, run: RunInfo): { writer: Spawn; reader: Spawn } {
  expect(run.status).toBe('finished')
  expectAllChecksOk(run)
  const parent = byRole(w, 'parent')[0]
  const writer = byRole(w, 'writer')[0]
  const reader = byRole(w, 'reader')[0]
  expect(writer.osPpid).toBe(parent.pid)
  expect(reader.osPpid).toBe(parent.pid)
  expect(exitOf(w, writer.pid)).toMatchObject({ code: 0, reason: 'clean-exit' })
  expect(exitOf(w, reader.pid)).toMatchObject({ signal: 'SIGTERM', reason: 'killed' })
  const ops = runOf(run, 'queue-pair')!.outcome!.data!.ops
  const byOp = (op: string, pid: number): string[] =>
    ops.filter((o) => o.op === op).map((o) => `${o.value}@${o.pid === pid ? 'ok' : o.pid}`)
  expect(byOp('put', writer.pid)).toEqual(['A@ok', 'B@ok', 'C@ok'])
  expect(byOp('get', reader.pid)).toEqual(['A@ok', 'B@ok', 'C@ok'])
  expect(outputOf(w, writer.pid)).toContain('Put C to queue...')
  return { writer, reader }
}

/** Stops a queue-pair run whose writer is still pausing: nothing may be left behind. */
export async function expectQueuePairStops(
  start: (id: string, options: Record<string, unknown>) => Promise<Watched>,
  call: (method: string, ...args: unknown[]) => Promise<unknown>,
  language: 'python' | 'node',
): Promise<RunInfo> {
  const w = await start('queue-pair', { language, maxPauseMs: 5000, values: ['A', 'B', 'C', 'D', 'E', 'F'] })
  await waitFor(() => byRole(w, 'reader')[0] && byRole(w, 'writer')[0], 8000)
  const pids = w.spawns.map((s) => s.pid)
  expect(pids).toHaveLength(3)
  await call('stopScenario', w.run.runId)
  const run = await w.ended
  expect(run.status).toBe('stopped')
  await waitFor(() => pids.every((p) => !alive(p)), 4000)
  return run
}

/** What the tutorial's LoopThread program prints, counting to `count`. */
export const loopThreadLines = (count: number): string[] => [
  'thread MainThread is running...',
  'thread LoopThread is running...',
  ...Array.from({ length: count }, (_, i) => `thread LoopThread >>> ${i + 1}`),
  'thread LoopThread ended.',
  'thread MainThread ended.',
]
