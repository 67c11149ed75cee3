import type { OutcomeCheck } from '../../../shared/model'
import { entry } from '../../../child/entries'
import { cutShort, runParent } from '../../bridge/host-bridge'

import { defineScenario } from '../types'

export const queuePairScenario = defineScenario({
  info: {
    id: 'queue-pair',
    title: 'Queue: a writer and a reader',
    section: '进程间通信 (Queue)',
    kind: 'process',
    summary:
      'Processes do not share memory, so they talk through the OS. In the seed the parent creates a Queue and two children: a writer that puts A, B, C with random pauses, ' +
      'and a reader that gets forever. The parent join()s the writer, then has to terminate() the reader, whose loop never ends. ' +
      'Watch every put and get with the pid that made it, the queue filling and emptying, the writer exit with code 0 and the reader end by SIGTERM.',
    options: [
      { key: 'values', label: 'Values to put', type: 'string-list', default: ['A', 'B', 'C'], max: 20 },
      {
        key: 'maxPauseMs',
        label: 'Longest pause after a put (ms)',
        type: 'integer',
        default: 1000,
        min: 0,
        max: 5000,
        help: 'The seed: time.sleep(random.random()), up to 1 s.',
      },
    ],
  },
  sources: ['queue-parent', 'queue-writer', 'queue-reader'],
  async run(ctx) {
    const run = await runParent(ctx, entry('queue-parent'), 'parent')
    const parentPid = run.started.pid
    const r = run.result
    if (!r) return cutShort(ctx, run, 'parent', 'the writer was joined')
    const values = ctx.options.values as readonly string[]
    const puts = r.ops.filter((o) => o.op === 'put')
    const gets = r.ops.filter((o) => o.op === 'get')
    const children = run.bridge.withRole('writer').concat(run.bridge.withRole('reader'))
    const underParent = children.filter((c) => (c.osPpid ?? c.ppid) === parentPid).length
    // Both ends as the core recorded them, on one clock, in the order the parent reported them.
    const writerEnd = run.bridge.adopted.get(r.writerPid)?.exit?.endedAt
    const readerEnd = run.bridge.adopted.get(r.readerPid)?.exit?.endedAt
    const checks: OutcomeCheck[] = [
      {
        label: 'Writer and reader are two processes under the parent',
        ok: children.length === 2 && underParent === 2 && r.writerPid !== r.readerPid,
        detail: `writer ${r.writerPid}, reader ${r.readerPid}, ${underParent} of 2 with ppid ${parentPid}${children.every((c) => c.osPpid !== undefined) ? ' (as the OS reports it)' : ' (as the parent reported it)'}`,
      },
      {
        label: 'Every put came from the writer, every get went to the reader',
        ok: puts.every((o) => o.pid === r.writerPid) && gets.every((o) => o.pid === r.readerPid),
        detail: `${puts.length} puts by ${[...new Set(puts.map((o) => o.pid))].join(', ')}, ${gets.length} gets by ${[...new Set(gets.map((o) => o.pid))].join(', ')}`,
      },
      {
        label: `The reader got ${values.join(', ')} in the order they were put`,
        ok:
          gets.map((o) => o.value).join('\u0000') === values.join('\u0000') &&
          puts.map((o) => o.value).join('\u0000') === values.join('\u0000'),
        detail: `put ${puts.map((o) => o.value).join(', ')}; got ${gets.map((o) => o.value).join(', ')}`,
      },
      {
        label: 'No get came before its put',
        ok: gets.every((g, i) => puts[i] !== undefined && g.at >= puts[i].at),
        detail: gets.map((g, i) => `${g.value} waited ${puts[i] ? g.at - puts[i].at : '?'} ms`).join(', '),
      },
      {
        label: 'The writer was joined: it ended by itself with code 0',
        ok: r.writerExit.code === 0,
        detail: `code ${r.writerExit.code}${r.writerExit.signal ? `, ${r.writerExit.signal}` : ''}`,
      },
      {
        label: 'The reader never ended by itself: terminate() stopped it after the writer was joined',
        ok:
          r.readerExit.signal === 'SIGTERM' &&
          (writerEnd === undefined || readerEnd === undefined || readerEnd >= writerEnd),
        detail:
          `reader ended by ${r.readerExit.signal ?? `code ${r.readerExit.code}`} ${writerEnd && readerEnd ? `${readerEnd - writerEnd} ms after the writer ended` : ''}`.trim(),
      },
      {
        label: 'The queue is empty at the end',
        ok: r.left.length === 0,
        detail: r.left.length ? `left: ${r.left.join(', ')}` : 'empty',
      },
    ]
    return {
      summary: `Writer ${r.writerPid} put ${puts.length} values, reader ${r.readerPid} got ${gets.length}; the parent joined the writer and terminated the reader.`,
      checks,
      figures: {
        parentPid,
        writerPid: r.writerPid,
        readerPid: r.readerPid,
        puts: puts.length,
        gets: gets.length,
        left: r.left.length,
        writerExitCode: r.writerExit.code,
        readerSignal: r.readerExit.signal,
      },
      data: { ops: r.ops },
    }
  },
})
