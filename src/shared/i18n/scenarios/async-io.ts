// async-io (异步IO): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Async I/O: one thread, thousands of connections',
  summary:
    "A thread blocked on one socket can serve only that socket, so the classic server needs a thread (or process) per connection, and thousands of connections mean thousands of threads to create, schedule and keep in memory. The seed's alternative is the event-driven model (Nginx, Node, Python's coroutines): one thread asks the OS which sockets are ready and serves them in turn. Here a load client process opens thousands of loopback connections to one event-loop thread, each pinging every second; then, for comparison, a smaller number of connections each get a thread of their own. Compare the host's threads, its memory per connection and its CPU. (A Node worker thread carries a whole JavaScript engine, so it costs more than a bare OS thread; the trend is the point.)",
  option: {
    variant: {
      label: 'Serve with',
      choice: {
        both: 'both',
        'event-loop': 'event-loop',
        'thread-per-connection': 'thread-per-connection',
      },
    },
    connections: {
      label: 'Connections (event loop)',
    },
    threadConnections: {
      label: 'Connections (thread each)',
    },
    durationS: {
      label: 'Hold for (s)',
    },
    intervalMs: {
      label: 'Each connection pings every (ms)',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Async I/O: one thread, thousands of connections',
  summary:
    "A thread blocked on one socket can serve only that socket, so the classic server needs a thread (or process) per connection, and thousands of connections mean thousands of threads to create, schedule and keep in memory. The seed's alternative is the event-driven model (Nginx, Node, Python's coroutines): one thread asks the OS which sockets are ready and serves them in turn. Here a load client process opens thousands of loopback connections to one event-loop thread, each pinging every second; then, for comparison, a smaller number of connections each get a thread of their own. Compare the host's threads, its memory per connection and its CPU. (A Node worker thread carries a whole JavaScript engine, so it costs more than a bare OS thread; the trend is the point.)",
  option: {
    variant: {
      label: 'Serve with',
      choice: {
        both: 'both',
        'event-loop': 'event-loop',
        'thread-per-connection': 'thread-per-connection',
      },
    },
    connections: {
      label: 'Connections (event loop)',
    },
    threadConnections: {
      label: 'Connections (thread each)',
    },
    durationS: {
      label: 'Hold for (s)',
    },
    intervalMs: {
      label: 'Each connection pings every (ms)',
    },
  },
}

export const asyncIo: Bilingual<typeof en> = { en, zh }
export const asyncIoMsg = messages('scenario.async-io', asyncIo)
