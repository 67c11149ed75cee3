// What each OS's answer means for the thread timeline, from recorded answers:
// Linux's /proc files (laid out in a folder as the kernel lays them out) and
// Windows' thread state and wait reason codes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ProcThreadStateReader,
  linuxThreadState,
  ntTimelineState,
  stateOfSyscall,
  stateOfWchan,
} from '../src/core/platform/thread-states'
import { platformFor } from '../src/core/platform'

describe('Linux: what a blocked thread sleeps in', () => {
  it('reads the syscall number by architecture: futex is a lock, read/poll/epoll io, nanosleep sleep', () => {
    expect(stateOfSyscall('202 0x7f 0x80 0x0 0x0 0x0 0x0 0x7ffd 0x7f12\n', 'x64')).toBe('lock')
    expect(stateOfSyscall('0 0x3 0x7f 0x1 0x0 0x0 0x0 0x7ffd 0x7f12\n', 'x64')).toBe('io')
    expect(stateOfSyscall('281 0x3 0x7f 0x400 0xffffffff 0x0 0x8 0x7ffd 0x7f12', 'x64')).toBe('io')
    expect(stateOfSyscall('230 0x0 0x0 0x7ffd 0x7ffd 0x0 0x0 0x7ffd 0x7f85', 'x64')).toBe('sleep')
    expect(stateOfSyscall('35 0x7ffd 0x0 0x0 0x0 0x0 0x0 0x7ffd 0x7f85', 'x64')).toBe('sleep')
    // wait4: blocked, but in nothing the timeline names.
    expect(stateOfSyscall('61 0xffffffff 0x7ffd 0x0 0x0 0x0 0x0 0x7ffd 0x7f85', 'x64')).toBe('other')
    // arm64 numbers differ: 98 futex, 63 read, 22 epoll_pwait, 115 clock_nanosleep; 202 is accept there.
    expect(stateOfSyscall('98 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0', 'arm64')).toBe('lock')
    expect(stateOfSyscall('63 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0', 'arm64')).toBe('io')
    expect(stateOfSyscall('22 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0', 'arm64')).toBe('io')
    expect(stateOfSyscall('115 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0', 'arm64')).toBe('sleep')
    expect(stateOfSyscall('202 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0', 'arm64')).toBe('io')
    // "running" (read while on a CPU), an unknown architecture: nothing usable.
    expect(stateOfSyscall('running\n', 'x64')).toBeUndefined()
    expect(stateOfSyscall('202 0x0', 'riscv64')).toBeUndefined()
  })

  it('falls back to the kernel wait function (wchan), which says "0" when access is denied', () => {
    expect(stateOfWchan('futex_do_wait')).toBe('lock')
    expect(stateOfWchan('futex_wait_queue')).toBe('lock')
    expect(stateOfWchan('anon_pipe_read')).toBe('io')
    expect(stateOfWchan('pipe_read')).toBe('io')
    expect(stateOfWchan('do_epoll_wait')).toBe('io')
    expect(stateOfWchan('hrtimer_nanosleep')).toBe('sleep')
    expect(stateOfWchan('do_wait')).toBe('other')
    expect(stateOfWchan('0')).toBeUndefined()
    expect(stateOfWchan('')).toBeUndefined()
  })

  it('takes the stat letter first: R running, D io, T/t stopped, Z other; S asks the syscall, then wchan', () => {
    const never = (): string => {
      throw new Error('not asked for a thread that is not sleeping')
    }
    expect(linuxThreadState('R', never, never, 'x64')).toBe('running')
    expect(linuxThreadState('D', never, never, 'x64')).toBe('io')
    expect(linuxThreadState('T', never, never, 'x64')).toBe('stopped')
    expect(linuxThreadState('t', never, never, 'x64')).toBe('stopped')
    expect(linuxThreadState('Z', never, never, 'x64')).toBe('other')
    expect(linuxThreadState('S', () => '202 0x0', never, 'x64')).toBe('lock')
    // syscall denied (another user's process, or Yama): wchan decides; both denied: other.
    expect(
      linuxThreadState(
        'S',
        () => null,
        () => 'hrtimer_nanosleep',
        'x64',
      ),
    ).toBe('sleep')
    expect(
      linuxThreadState(
        'S',
        () => null,
        () => '0',
        'x64',
      ),
    ).toBe('other')
  })
})

describe('Linux: the reader over a /proc laid out by hand', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  function fakeProc(
    threads: Record<string, { stat: string; schedstat: string; syscall?: string; wchan: string }>,
  ): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-proc-'))
    dirs.push(root)
    for (const [tid, files] of Object.entries(threads)) {
      const dir = path.join(root, '100', 'task', tid)
      fs.mkdirSync(dir, { recursive: true })
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text)
    }
    return root
  }

  it('gives each thread its name, state and schedstat counters; a missing syscall file falls back to wchan', () => {
    const root = fakeProc({
      '100': {
        stat: '100 (main) S 1 100 100 0 -1 0 0 0 0 0 5 1 0 0 20 0 3 0 9 0 0',
        schedstat: '500 20 3\n',
        syscall: '7 0x0',
        wchan: 'do_sys_poll',
      },
      '101': {
        stat: '101 (worker one) R 1 100 100 0 -1 0 0 0 0 0 5 1 0 0 20 0 3 0 9 0 0',
        schedstat: '9000 4000 30\n',
        syscall: 'running',
        wchan: '0',
      },
      // syscall unreadable (denied): absent here.
      '102': {
        stat: '102 (waiter) S 1 100 100 0 -1 0 0 0 0 0 5 1 0 0 20 0 3 0 9 0 0',
        schedstat: '10 10 1\n',
        wchan: 'futex_do_wait',
      },
    })
    const r = new ProcThreadStateReader(100, 'x64', 5, root)
    try {
      expect(r.read()).toEqual([
        { tid: 100, name: 'main', state: 'io', runNs: 500, waitNs: 20 },
        { tid: 101, name: 'worker one', state: 'running', runNs: 9000, waitNs: 4000 },
        { tid: 102, name: 'waiter', state: 'lock', runNs: 10, waitNs: 10 },
      ])
      // The process gone: null, and nothing kept open.
      fs.rmSync(path.join(root, '100'), { recursive: true })
      for (let i = 0; i < 5; i++) r.read()
      expect(r.read()).toBeNull()
    } finally {
      r.close()
    }
  })
})

describe('Windows: thread state and wait reason', () => {
  it('maps KTHREAD_STATE and KWAIT_REASON to the timeline states', () => {
    expect(ntTimelineState(2, 0)).toBe('running')
    expect(ntTimelineState(1, 0)).toBe('runnable') // Ready
    expect(ntTimelineState(3, 0)).toBe('runnable') // Standby
    expect(ntTimelineState(7, 0)).toBe('runnable') // DeferredReady
    expect(ntTimelineState(5, 37)).toBe('lock') // WrAlertByThreadId: SRWLock, WaitOnAddress
    expect(ntTimelineState(5, 29)).toBe('lock') // WrMutex
    expect(ntTimelineState(5, 21)).toBe('lock') // WrKeyedEvent
    expect(ntTimelineState(5, 15)).toBe('io') // WrQueue: an I/O completion port
    expect(ntTimelineState(5, 4)).toBe('sleep') // DelayExecution: Sleep()
    expect(ntTimelineState(5, 11)).toBe('sleep') // WrDelayExecution
    expect(ntTimelineState(5, 5)).toBe('stopped') // Suspended
    expect(ntTimelineState(5, 12)).toBe('stopped') // WrSuspended
    expect(ntTimelineState(5, 6)).toBe('other') // UserRequest: a wait on some handle
    expect(ntTimelineState(5, 0)).toBe('other') // Executive
    expect(ntTimelineState(4, 0)).toBe('other') // Terminated
  })
})

describe('macOS: no timeline, and says why', () => {
  it('gives no reader and a reason in the platform info', () => {
    const mac = platformFor('darwin')
    expect(mac.threadStates(process.pid)).toBeNull()
    expect(mac.info.timelineWhy).toMatchObject({ key: 'core.platform.macNoTimeline' })
  })
})
