// The thread list agrees with the run: each process's threads under it (the
// Node host's MainThread is not Python's), and a finished run shows no thread
// still running or waiting for a lock.
import { describe, expect, it } from 'vitest'
import { coreMsg } from '../../src/shared/i18n/core'
import type { LabThread } from '../../src/shared/thread-lab'
import { stateCounts, threadGroups } from '../../src/renderer/src/lib/thread-groups'
import { plainText } from '../../src/renderer/src/lib/report'

const th = (pid: number, tid: number, name: string, state = coreMsg('thread.running')): LabThread => ({
  pid,
  tid,
  name,
  state,
  since: 0,
  progress: 0,
})

const en = plainText('en')
const zh = plainText('zh')

describe('thread groups', () => {
  const threads = [
    th(100, 100, 'MainThread'),
    th(200, 200, 'MainThread'),
    th(100, 101, 'spin-1'),
    th(200, 201, 'Thread-1', coreMsg('thread.waiting', { lock: 'B' })),
    th(100, 102, 'spin-2', coreMsg('thread.done')),
  ]
  const processes = [
    { pid: 100, role: 'scenario host' },
    { pid: 200, role: 'python' },
  ]

  it('puts each thread under its own process, with the process role', () => {
    const groups = threadGroups(threads, processes, false)
    expect(groups.map((g) => [g.pid, g.role, g.rows.map((r) => r.thread.name)])).toEqual([
      [100, 'scenario host', ['MainThread', 'spin-1', 'spin-2']],
      [200, 'python', ['MainThread', 'Thread-1']],
    ])
  })

  it('while running, shows each thread as it says', () => {
    const rows = threadGroups(threads, processes, false).flatMap((g) => g.rows)
    expect(rows.map((r) => [r.id, r.kind])).toEqual([
      ['running', 'running'],
      ['running', 'running'],
      ['done', 'ended'],
      ['running', 'running'],
      ['waiting', 'blocked'],
    ])
    const counts = stateCounts(threadGroups(threads, processes, false)).map((c) => [c.n, en.tm(c.state)])
    expect(counts).toEqual([
      [3, 'running'],
      [1, 'done'],
      [1, 'waiting for lock B'],
    ])
  })

  it('after the run, no thread is running or waiting: it ended with its process, and says what it was doing', () => {
    const groups = threadGroups(threads, processes, true)
    const rows = groups.flatMap((g) => g.rows)
    expect(rows.every((r) => r.kind === 'ended')).toBe(true)
    expect(rows.map((r) => r.id)).toEqual(['ended', 'ended', 'done', 'ended', 'ended'])
    const deadlocked = rows.find((r) => r.thread.name === 'Thread-1')!
    expect(en.tm(deadlocked.state)).toBe('ended with its process (was: waiting for lock B)')
    expect(zh.tm(deadlocked.state)).toBe('随进程结束（当时：等待锁 B）')
    expect(deadlocked.lastId).toBe('waiting')
    // The summary agrees: "4 ended, 1 done", not "2 running".
    expect(stateCounts(groups).map((c) => [c.n, en.tm(c.state)])).toEqual([
      [4, 'ended'],
      [1, 'done'],
    ])
  })
})
