// process-join (multiprocessing (Process)): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'Process and join()',
  summary:
    'The seed starts a child with Process(target=run_proc, args=("test",)), calls start(), then join(), which waits until the child has ended before the parent goes on. Here the parent forks a child, sends it the function name and argument (a function cannot cross a process boundary; multiprocessing pickles a reference to it), and joins it. Watch the child\'s line appear between the parent\'s "will start" and "end" lines, the time join() waited match the child\'s work, and the child\'s exit code reach the parent.',
  option: {
    name: {
      label: 'Argument passed to run_proc',
    },
    workMs: {
      label: 'Child works for (ms)',
    },
    exitCode: {
      label: 'Child exit code',
      help: 'Non-zero makes the child end with an error exit; join() still returns, with that code.',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'Process and join()',
  summary:
    'The seed starts a child with Process(target=run_proc, args=("test",)), calls start(), then join(), which waits until the child has ended before the parent goes on. Here the parent forks a child, sends it the function name and argument (a function cannot cross a process boundary; multiprocessing pickles a reference to it), and joins it. Watch the child\'s line appear between the parent\'s "will start" and "end" lines, the time join() waited match the child\'s work, and the child\'s exit code reach the parent.',
  option: {
    name: {
      label: 'Argument passed to run_proc',
    },
    workMs: {
      label: 'Child works for (ms)',
    },
    exitCode: {
      label: 'Child exit code',
      help: 'Non-zero makes the child end with an error exit; join() still returns, with that code.',
    },
  },
}

export const processJoin: Bilingual<typeof en> = { en, zh }
export const processJoinMsg = messages('scenario.process-join', processJoin)
