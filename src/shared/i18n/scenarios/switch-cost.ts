// switch-cost (线程切换): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Switching cost: the same work over more and more threads',
  summary:
    "Switching from one task to another costs the OS time: it saves one task's registers and memory context and restores another's. The seed warns that with too many tasks the machine spends its time switching rather than working. Here a fixed amount of CPU work is split evenly over 1, 2, 4, ... threads (or processes) and timed. Up to the core count, throughput rises; beyond it, nothing can run faster, the OS starts taking threads off the CPU while they still want it (involuntary context switches, read from /proc), and throughput flattens or falls. Starting them costs time too, and processes cost more than threads.",
  option: {
    kind: {
      label: 'Split over',
      choice: {
        threads: 'threads',
        processes: 'processes',
      },
    },
    maxCount: {
      label: 'Up to',
    },
    workM: {
      label: 'Total work (million steps)',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Switching cost: the same work over more and more threads',
  summary:
    "Switching from one task to another costs the OS time: it saves one task's registers and memory context and restores another's. The seed warns that with too many tasks the machine spends its time switching rather than working. Here a fixed amount of CPU work is split evenly over 1, 2, 4, ... threads (or processes) and timed. Up to the core count, throughput rises; beyond it, nothing can run faster, the OS starts taking threads off the CPU while they still want it (involuntary context switches, read from /proc), and throughput flattens or falls. Starting them costs time too, and processes cost more than threads.",
  option: {
    kind: {
      label: 'Split over',
      choice: {
        threads: 'threads',
        processes: 'processes',
      },
    },
    maxCount: {
      label: 'Up to',
    },
    workM: {
      label: 'Total work (million steps)',
    },
  },
}

export const switchCost: Bilingual<typeof en> = { en, zh }
export const switchCostMsg = messages('scenario.switch-cost', switchCost)
