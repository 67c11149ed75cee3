// async-io (异步IO): one event-loop thread serving thousands of loopback
// connections, next to a thread per connection; memory and CPU of each.
import type { ThreadOutcomeData } from '../../../shared/thread-lab'
import type { ServeVariant } from '../../../shared/scenarios/async-io'
import { num, runHost, str } from '../../bridge/thread-kit'
import { defineScenario } from '../types'

const MB = 1024 * 1024
const perConn = (v: ServeVariant): number => Math.max(0, v.rss - v.rssBefore) / Math.max(1, v.connections)
const kb = (bytes: number): number => Math.round(bytes / 102.4) / 10
const LABEL = { 'event-loop': 'one thread, event loop', 'thread-per-connection': 'a thread per connection' } as const

export const asyncIoScenario = defineScenario({
  info: {
    id: 'async-io',
    title: 'Async I/O: one thread, thousands of connections',
    section: '异步IO',
    kind: 'thread',
    summary:
      "A thread blocked on one socket can serve only that socket, so the classic server needs a thread (or process) per connection, and thousands of connections mean thousands of threads to create, schedule and keep in memory. The seed's alternative is the event-driven model (Nginx, Node, Python's coroutines): one thread asks the OS which sockets are ready and serves them in turn. Here a load client process opens thousands of loopback connections to one event-loop thread, each pinging every second; then, for comparison, a smaller number of connections each get a thread of their own. Compare the host's threads, its memory per connection and its CPU. (A Node worker thread carries a whole JavaScript engine, so it costs more than a bare OS thread; the trend is the point.)",
    options: [
      {
        key: 'variant',
        label: 'Serve with',
        type: 'choice',
        default: 'both',
        choices: ['both', 'event-loop', 'thread-per-connection'],
      },
      { key: 'connections', label: 'Connections (event loop)', type: 'integer', default: 2000, min: 10, max: 10_000 },
      { key: 'threadConnections', label: 'Connections (thread each)', type: 'integer', default: 100, min: 1, max: 256 },
      { key: 'durationS', label: 'Hold for (s)', type: 'integer', default: 5, min: 1, max: 30 },
      {
        key: 'intervalMs',
        label: 'Each connection pings every (ms)',
        type: 'integer',
        default: 1000,
        min: 50,
        max: 10_000,
      },
    ],
  },
  sources: ['thread-async-io'],
  async run(ctx) {
    const run = await runHost(ctx, 'thread-async-io', {
      variant: str(ctx.options, 'variant'),
      connections: num(ctx.options, 'connections'),
      threadConnections: num(ctx.options, 'threadConnections'),
      durationS: num(ctx.options, 'durationS'),
      intervalMs: num(ctx.options, 'intervalMs'),
    })
    const vs = run.result?.variants ?? []
    const ev = vs.find((v) => v.id === 'event-loop')
    const th = vs.find((v) => v.id === 'thread-per-connection')
    const checks = vs.map((v) => ({
      label: `${LABEL[v.id]}: all ${v.connections} connections held`,
      ok: v.held === v.connections && v.errors === 0,
      detail: `${v.held} open at the end, ${v.roundTrips} round trips, median ${v.p50} ms, p99 ${v.p99} ms`,
    }))
    if (ev) {
      const label = `One thread served ${ev.connections} connections: no thread was added`
      checks.push(
        ev.threads === null || ev.threadsBefore === null
          ? { label, ok: false, detail: "not measurable here: this platform does not report a process's thread count" }
          : {
              label,
              ok: ev.threads <= ev.threadsBefore,
              detail: `host threads ${ev.threadsBefore} before, ${ev.threads} while holding`,
            },
      )
    }
    if (ev && th) {
      checks.push({
        label: 'A connection costs far less memory on the event loop than with its own thread',
        ok: perConn(ev) * 5 < perConn(th),
        detail: `${kb(perConn(ev))} KB vs ${kb(perConn(th))} KB per connection`,
      })
    }
    const data: ThreadOutcomeData = {
      threads: run.view.threads.slice(0, 4),
      table: {
        columns: [
          'served by',
          'connections',
          'held',
          'host threads',
          'host memory (MB)',
          'KB per connection',
          'CPU (% of one core)',
          'median RTT (ms)',
        ],
        rows: vs.map((v) => [
          LABEL[v.id],
          v.connections,
          v.held,
          `${v.threadsBefore} → ${v.threads}`,
          Math.round(v.rss / MB),
          kb(perConn(v)),
          v.cpu,
          v.p50,
        ]),
      },
    }
    return {
      summary: vs.length
        ? vs
            .map(
              (v) =>
                `${LABEL[v.id]}: ${v.held}/${v.connections} connections held with ${v.threads} host threads, +${Math.round((v.rss - v.rssBefore) / MB)} MB (${kb(perConn(v))} KB each), ${v.cpu}% CPU`,
            )
            .join('; ') + '.'
        : 'Stopped before a variant finished.',
      checks,
      figures: Object.fromEntries(
        vs.flatMap((v) => [
          [`${v.id}.held`, v.held],
          [`${v.id}.threads`, v.threads],
          [`${v.id}.kbPerConnection`, kb(perConn(v))],
          [`${v.id}.cpu`, v.cpu],
          [`${v.id}.p50`, v.p50],
        ]),
      ),
      data,
    }
  },
})
