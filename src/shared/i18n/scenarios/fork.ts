// fork (多进程 (os.fork)): its title, summary, options, checks and outcome, in English and 简体中文.
import { messages, type Bilingual, type SameShape } from '../../msg'

const en = {
  title: 'fork: a parent and its child',
  summary:
    "The seed calls os.fork(): the OS copies the running process, and the copy (the child) continues from the same line with its own pid, its parent being the original. Node has no os.fork(): child_process.fork() starts a NEW Node interpreter that runs the file from the top, so nothing in the parent's memory reaches the child. Watch the child appear under the parent in the process tree, both print their pids, and the child's module-level marker differ from the parent's. The time from fork() to the child's first message is the cost of starting an interpreter, far more than os.fork() takes to copy a process.",
  option: {
    holdMs: {
      label: 'Child stays alive (ms)',
      help: 'How long the child lingers before it exits, so both can be seen in the tree.',
    },
  },
} as const

const zh: SameShape<typeof en> = {
  title: 'fork: a parent and its child',
  summary:
    "The seed calls os.fork(): the OS copies the running process, and the copy (the child) continues from the same line with its own pid, its parent being the original. Node has no os.fork(): child_process.fork() starts a NEW Node interpreter that runs the file from the top, so nothing in the parent's memory reaches the child. Watch the child appear under the parent in the process tree, both print their pids, and the child's module-level marker differ from the parent's. The time from fork() to the child's first message is the cost of starting an interpreter, far more than os.fork() takes to copy a process.",
  option: {
    holdMs: {
      label: 'Child stays alive (ms)',
      help: 'How long the child lingers before it exits, so both can be seen in the tree.',
    },
  },
}

export const fork: Bilingual<typeof en> = { en, zh }
export const forkMsg = messages('scenario.fork', fork)
