// queue-pair (进程间通信 (Queue)): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Queue: a writer and a reader',
  summary:
    'Processes do not share memory, so they talk through the OS. In the seed the parent creates a Queue and two children: a writer that puts A, B, C with random pauses, and a reader that gets forever. The parent join()s the writer, then has to terminate() the reader, whose loop never ends. Watch every put and get with the pid that made it, the queue filling and emptying, the writer exit with code 0 and the reader end by SIGTERM.',
  option: {
    values: {
      label: 'Values to put',
    },
    maxPauseMs: {
      label: 'Longest pause after a put (ms)',
      help: 'The seed: time.sleep(random.random()), up to 1 s.',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Queue: a writer and a reader',
  summary:
    'Processes do not share memory, so they talk through the OS. In the seed the parent creates a Queue and two children: a writer that puts A, B, C with random pauses, and a reader that gets forever. The parent join()s the writer, then has to terminate() the reader, whose loop never ends. Watch every put and get with the pid that made it, the queue filling and emptying, the writer exit with code 0 and the reader end by SIGTERM.',
  option: {
    values: {
      label: 'Values to put',
    },
    maxPauseMs: {
      label: 'Longest pause after a put (ms)',
      help: 'The seed: time.sleep(random.random()), up to 1 s.',
    },
  },
}

export const queuePair: Bilingual<typeof en> = { en, zh }
export const queuePairMsg = messages('scenario.queue-pair', queuePair)
