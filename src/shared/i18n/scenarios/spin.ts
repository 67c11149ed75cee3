// spin (多核CPU): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Multi-core CPU: busy loops, threads vs processes vs one event loop',
  summary:
    "A busy loop keeps one core at 100 %; two loops on two cores show 200 %, and filling N cores takes N loops (per process, 100 % = one core, as htop counts). The seed's Python cannot do it with threads: its GIL lets one thread run at a time, so N threads show about 100 % however many cores there are, while N processes, each with its own GIL, fill the machine. Here the same loop runs as worker threads (real parallel threads: all cores fill), as child processes (likewise), and as tasks on one event loop — JavaScript's analogue of the GIL, one piece of code at a time — which stays near one core. With python3 installed, the seed's own program shows the real GIL. Watch the per-core bars and the host's CPU.",
  option: {
    mode: {
      label: 'Run as',
      choice: {
        threads: 'threads',
        processes: 'processes',
        'event-loop': 'event-loop',
        python: 'python',
        all: 'all',
      },
    },
    count: {
      label: 'Busy loops',
    },
    durationS: {
      label: 'Seconds per mode',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Multi-core CPU: busy loops, threads vs processes vs one event loop',
  summary:
    "A busy loop keeps one core at 100 %; two loops on two cores show 200 %, and filling N cores takes N loops (per process, 100 % = one core, as htop counts). The seed's Python cannot do it with threads: its GIL lets one thread run at a time, so N threads show about 100 % however many cores there are, while N processes, each with its own GIL, fill the machine. Here the same loop runs as worker threads (real parallel threads: all cores fill), as child processes (likewise), and as tasks on one event loop — JavaScript's analogue of the GIL, one piece of code at a time — which stays near one core. With python3 installed, the seed's own program shows the real GIL. Watch the per-core bars and the host's CPU.",
  option: {
    mode: {
      label: 'Run as',
      choice: {
        threads: 'threads',
        processes: 'processes',
        'event-loop': 'event-loop',
        python: 'python',
        all: 'all',
      },
    },
    count: {
      label: 'Busy loops',
    },
    durationS: {
      label: 'Seconds per mode',
    },
  },
}

export const spin: Bilingual<typeof en> = { en, zh }
export const spinMsg = messages('scenario.spin', spin)
