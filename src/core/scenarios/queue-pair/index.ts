// queue-pair (进程间通信): a writer and a reader process and a queue between
// them; the parent joins the writer and terminates the reader. In Python, the
// tutorial's program with multiprocessing.Queue.
import { entry } from '../../../child/entries'
import { queuePairMsg as m } from '../../../shared/i18n/scenarios/queue-pair'
import type { RunOutcome } from '../../../shared/model'
import type { QueueData, QueueEnd, QueueOp, QueueReport, QueueResult } from '../../../shared/scenarios/queue-pair'
import { coreMsg } from '../../../shared/i18n/core'
import { cutShort, runParent, type ParentRun } from '../../bridge/host-bridge'
import { pythonNotRun, runPythonParent } from '../../bridge/python'
import { languageOption } from '../options'
import { stoppedBefore } from '../python-mode'
import { defineScenario, type ScenarioContext } from '../types'
import { queueOutcome } from './outcome'

const CHECKS = [
  m('check.processes'),
  m('check.pids'),
  m('check.sequence'),
  m('check.allRead', { values: 'A, B, C' }),
  m('check.writerJoined'),
  m('check.readerTerminated'),
]

export const queuePairScenario = defineScenario({
  info: {
    id: 'queue-pair',
    section: '进程间通信 (Queue)',
    kind: 'process',
    options: [
      languageOption(),
      { key: 'values', type: 'string-list', default: ['A', 'B', 'C'], max: 20 },
      { key: 'maxPauseMs', type: 'integer', default: 1000, min: 0, max: 5000 },
    ],
  },
  sources: ['queue_pair.py', 'queue-parent', 'queue-writer', 'queue-reader'],
  async run(ctx) {
    const values = ctx.options.values as readonly string[]
    let run: ParentRun<QueueResult>
    let ops: readonly QueueOp[]
    if (ctx.options.language === 'python') {
      const py = pythonParent(ctx)
      const started = await runPythonParent(ctx, 'queue_pair', 'parent', py.onMessage)
      if ('missing' in started) return pythonNotRun(started.missing, CHECKS)
      run = started
      ops = py.ops
    } else {
      const node = await runParent(ctx, entry('queue-parent'), 'parent')
      run = node
      ops = node.result?.ops ?? []
    }
    const r = run.result
    if (!r) return stopped(ctx, run)
    return queueOutcome({
      result: r,
      ops,
      values,
      parentPid: run.started.pid,
      children: run.bridge.withRole('writer').concat(run.bridge.withRole('reader')),
    })
  },
})

/** The parent ended without its result: stopped by the user, or (otherwise) the run fails saying how. */
function stopped(ctx: ScenarioContext, run: ParentRun<unknown>): RunOutcome<QueueData> {
  if (!ctx.signal.aborted) cutShort(ctx, run, 'parent', coreMsg('before.writerJoined'))
  return stoppedBefore(m('outcome.stopped'))
}

/**
 * The Python program's children report their own puts and gets, and the
 * parent how each child ended: the queue's live state is built from those
 * reports (nobody can look inside a multiprocessing.Queue).
 */
function pythonParent(ctx: ScenarioContext<'queue-pair'>): {
  ops: QueueOp[]
  onMessage: (msg: unknown) => void
} {
  const ops: QueueOp[] = []
  const ends: { writer: QueueEnd; reader: QueueEnd } = {
    writer: { pid: 0, state: 'running' },
    reader: { pid: 0, state: 'running' },
  }
  const publish = (): void => {
    const put = ops.filter((o) => o.op === 'put')
    const got = ops.filter((o) => o.op === 'get').length
    ctx.setLive({
      queue: put.slice(got).map((o) => o.value),
      ops: [...ops],
      writer: ends.writer,
      reader: ends.reader,
    })
  }
  const onMessage = (msg: unknown): void => {
    const rep = msg as QueueReport
    if (rep?.type === 'op') {
      ops.push({ op: rep.op, value: String(rep.value), pid: rep.pid, at: rep.at })
      publish()
    } else if (rep?.type === 'state') {
      ends[rep.role] = rep.state
      publish()
    }
  }
  return { ops, onMessage }
}
