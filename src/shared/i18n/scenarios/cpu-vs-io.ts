// cpu-vs-io (计算密集型 vs IO密集型): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'CPU-bound vs I/O-bound: how many tasks at once?',
  summary:
    "The seed's rule: for CPU-bound work, run as many tasks at once as there are cores — more only adds switching; for I/O-bound work, which spends its time waiting, more tasks keep paying off up to a limit. The sweep runs 1, 2, 4, ... tasks at once of each kind and counts how many finish per second. CPU-bound tasks are worker threads doing arithmetic: the curve flattens at the core count and CPU use sits at the machine's maximum. I/O-bound tasks are requests to a loopback server that answers after a fixed delay: the curve keeps climbing almost in proportion while the CPU stays nearly idle.",
  option: {
    maxConcurrency: {
      label: 'Up to (tasks at once)',
    },
    levelMs: {
      label: 'Time per level (ms)',
    },
    ioDelayMs: {
      label: 'I/O wait per request (ms)',
    },
    taskK: {
      label: 'CPU task size (thousand steps)',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'CPU-bound vs I/O-bound: how many tasks at once?',
  summary:
    "The seed's rule: for CPU-bound work, run as many tasks at once as there are cores — more only adds switching; for I/O-bound work, which spends its time waiting, more tasks keep paying off up to a limit. The sweep runs 1, 2, 4, ... tasks at once of each kind and counts how many finish per second. CPU-bound tasks are worker threads doing arithmetic: the curve flattens at the core count and CPU use sits at the machine's maximum. I/O-bound tasks are requests to a loopback server that answers after a fixed delay: the curve keeps climbing almost in proportion while the CPU stays nearly idle.",
  option: {
    maxConcurrency: {
      label: 'Up to (tasks at once)',
    },
    levelMs: {
      label: 'Time per level (ms)',
    },
    ioDelayMs: {
      label: 'I/O wait per request (ms)',
    },
    taskK: {
      label: 'CPU task size (thousand steps)',
    },
  },
}

export const cpuVsIo: Bilingual<typeof en> = { en, zh }
export const cpuVsIoMsg = messages('scenario.cpu-vs-io', cpuVsIo)
