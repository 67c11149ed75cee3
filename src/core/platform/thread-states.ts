// What each thread of one process is doing right now, for the thread timeline
// (core/thread-timeline.ts). Read often (about 25 times a second) for ONE
// process, so the Linux reader keeps a descriptor open per thread file and
// preads it, as the process source does for /proc/<pid>/stat.
//
// Linux: /proc/<pid>/task/<tid>/stat gives the state letter; schedstat the
// thread's cumulative nanoseconds on a CPU and waiting on a run queue (the core
// turns "gained wait time but no run time" into `runnable`); syscall the
// system call a blocked thread sleeps in (futex: lock; read/poll/epoll: io;
// nanosleep: sleep).
//
// Who may read `syscall`: the kernel checks ptrace access in ATTACH mode
// (fs/proc/base.c, lock_trace), so a normal user reads it for their own
// processes (same uid and gid, and the target still dumpable), root for all.
// Under Yama's ptrace_scope = 1 (Ubuntu's default) ATTACH is further limited
// to descendants: ProcLab's own children are, other programs of the same user
// are not. `wchan` needs only READ mode, which Yama does not restrict, so it is
// the fallback: the kernel function the thread sleeps in (futex_do_wait,
// do_epoll_wait, hrtimer_nanosleep, ...), or "0" when that too is denied.
// Checked here: as uid 65534, another user's process gives stat and schedstat,
// EACCES for syscall and "0" for wchan, so its sleeping threads are `other`;
// the same user's own process gives both.
import fs from 'node:fs'
import type { TimelineState } from '../../shared/thread-timeline'
import type { NtProcess } from './nt-process-info'

export interface ThreadStateReading {
  readonly tid: number
  readonly name: string
  /**
   * The state now. `running` where the OS does not tell running from waiting
   * for a CPU (Linux's R); the core refines it with the counters below.
   */
  readonly state: TimelineState
  /** Cumulative ns on a CPU and waiting on a run queue (Linux schedstat), where known. */
  readonly runNs?: number
  readonly waitNs?: number
}

/** Reads one process's threads again and again; close() frees what it holds. */
export interface ThreadStateReader {
  /** Every thread now; null once the process has gone. */
  read(): ThreadStateReading[] | null
  close(): void
}

type Arch = 'x64' | 'arm64'

// Syscall numbers: arch/x86/entry/syscalls/syscall_64.tbl and include/uapi/asm-generic/unistd.h (arm64).
// A 32-bit process on a 64-bit kernel reports its own table's numbers: those read as `other`.
const SYSCALLS: Record<Arch, { lock: number[]; io: number[]; sleep: number[] }> = {
  x64: {
    // futex, futex_waitv
    lock: [202, 449],
    // read, poll, pread64, readv, select, accept, recvfrom, recvmsg, io_getevents, epoll_wait, pselect6, ppoll,
    // epoll_pwait, accept4, preadv, recvmmsg, preadv2, io_uring_enter, epoll_pwait2
    io: [0, 7, 17, 19, 23, 43, 45, 47, 208, 232, 270, 271, 281, 288, 295, 299, 327, 426, 441],
    // nanosleep, clock_nanosleep
    sleep: [35, 230],
  },
  arm64: {
    lock: [98, 449],
    // io_getevents, epoll_pwait, read, readv, pread64, preadv, pselect6, ppoll, accept, recvfrom, recvmsg,
    // accept4, recvmmsg, preadv2, io_uring_enter, epoll_pwait2 (arm64 has no poll, select or epoll_wait)
    io: [4, 22, 63, 65, 67, 69, 72, 73, 202, 207, 212, 242, 243, 286, 426, 441],
    sleep: [101, 115],
  },
}

const BY_NUMBER: Record<Arch, Map<number, TimelineState>> = {
  x64: numberMap(SYSCALLS.x64),
  arm64: numberMap(SYSCALLS.arm64),
}

function numberMap(t: { lock: number[]; io: number[]; sleep: number[] }): Map<number, TimelineState> {
  const m = new Map<number, TimelineState>()
  for (const k of ['lock', 'io', 'sleep'] as const) for (const n of t[k]) m.set(n, k)
  return m
}

/** The state a blocked thread's system call means; undefined where the syscall file says nothing usable. */
export function stateOfSyscall(text: string, arch: string): TimelineState | undefined {
  const first = text.trim().split(' ', 1)[0]
  // "running" (on a CPU while read), or empty: the file said nothing about a wait.
  if (!/^\d+$/.test(first)) return undefined
  const table = BY_NUMBER[arch as Arch]
  if (!table) return undefined
  return table.get(Number(first)) ?? 'other'
}

/** The state a kernel wait function's name means (wchan); undefined for "0" or an empty answer. */
export function stateOfWchan(name: string): TimelineState | undefined {
  const n = name.trim()
  if (n === '' || n === '0') return undefined
  if (n.includes('futex')) return 'lock'
  if (/nanosleep/.test(n)) return 'sleep'
  if (
    /epoll|poll|select|pipe_read|pipe_wait|_recvmsg|sk_wait|wait_woken|tty_read|n_tty|unix_stream|io_uring|read/.test(n)
  )
    return 'io'
  return 'other'
}

/**
 * One thread's state from its stat letter and, for a sleeping thread, what it
 * sleeps in. D (uninterruptible, nearly always disk or network I/O) is `io`.
 */
export function linuxThreadState(
  letter: string,
  syscall: () => string | null,
  wchan: () => string | null,
  arch: string,
): TimelineState {
  switch (letter) {
    case 'R':
      return 'running'
    case 'D':
      return 'io'
    case 'T':
    case 't':
      return 'stopped'
    case 'S': {
      const sc = syscall()
      const bySyscall = sc === null ? undefined : stateOfSyscall(sc, arch)
      if (bySyscall) return bySyscall
      const w = wchan()
      return (w === null ? undefined : stateOfWchan(w)) ?? 'other'
    }
    default:
      // Z, X (exiting), I (an idle kernel thread), P: nothing a timeline can name.
      return 'other'
  }
}

interface TaskFiles {
  readonly tid: number
  stat?: number
  schedstat?: number
  /** null: tried and denied (or gone); not opened again for this thread. */
  syscall?: number | null
  wchan?: number | null
}

/**
 * Linux's reader: one descriptor per (thread, file), pread again each sample
 * (about 20 µs of kernel time per thread for the three files); the list of
 * threads is read again every few samples.
 */
export class ProcThreadStateReader implements ThreadStateReader {
  private tasks = new Map<string, TaskFiles>()
  private reads = 0
  private readonly buf = Buffer.alloc(1024)

  constructor(
    private readonly pid: number,
    private readonly arch: string = process.arch,
    /** Every how many reads the list of threads is read again (new threads show within that many samples). */
    private readonly listEvery = 5,
    private readonly root = '/proc',
  ) {}

  /** The file's text now; null if it cannot be opened or read (the thread has gone, or access is denied). */
  private text(task: TaskFiles, file: 'stat' | 'schedstat' | 'syscall' | 'wchan'): string | null {
    let fd = task[file]
    if (fd === null) return null
    if (fd === undefined) {
      try {
        fd = fs.openSync(`${this.root}/${this.pid}/task/${task.tid}/${file}`, 'r')
      } catch {
        if (file === 'syscall' || file === 'wchan') task[file] = null
        return null
      }
      task[file] = fd
    }
    try {
      const n = fs.readSync(fd, this.buf, 0, this.buf.length, 0)
      return this.buf.toString('latin1', 0, n)
    } catch {
      // ESRCH once the thread has exited; EACCES/EPERM where syscall is denied (see the top of this file).
      closeQuietly(fd)
      if (file === 'syscall' || file === 'wchan') task[file] = null
      else task[file] = undefined
      return null
    }
  }

  private list(): boolean {
    let names: string[]
    try {
      names = fs.readdirSync(`${this.root}/${this.pid}/task`)
    } catch {
      return false
    }
    const next = new Map<string, TaskFiles>()
    for (const name of names) next.set(name, this.tasks.get(name) ?? { tid: Number(name) })
    // Descriptors of threads that have gone are closed.
    for (const [name, task] of this.tasks) if (!next.has(name)) closeTask(task)
    this.tasks = next
    return true
  }

  read(): ThreadStateReading[] | null {
    if ((this.reads++ % this.listEvery === 0 || this.tasks.size === 0) && !this.list()) {
      this.close()
      return null
    }
    const out: ThreadStateReading[] = []
    for (const task of this.tasks.values()) {
      const stat = this.text(task, 'stat')
      if (stat === null) continue
      const open = stat.indexOf('(')
      const close = stat.lastIndexOf(')')
      if (open < 0 || close < open) continue
      const sched = this.text(task, 'schedstat')
      const sp = sched === null ? -1 : sched.indexOf(' ')
      const run = sp < 0 ? NaN : Number(sched!.slice(0, sp))
      const wait = sp < 0 ? NaN : Number(sched!.slice(sp + 1, sched!.indexOf(' ', sp + 1) >>> 0))
      out.push({
        tid: task.tid,
        name: stat.slice(open + 1, close),
        state: linuxThreadState(
          stat.charAt(close + 2),
          () => this.text(task, 'syscall'),
          () => this.text(task, 'wchan'),
          this.arch,
        ),
        runNs: Number.isFinite(run) ? run : undefined,
        waitNs: Number.isFinite(wait) ? wait : undefined,
      })
    }
    if (out.length === 0 && !fs.existsSync(`${this.root}/${this.pid}/task`)) {
      // Every thread gone between the listing and the reads: the process has ended.
      this.close()
      return null
    }
    return out
  }

  close(): void {
    for (const task of this.tasks.values()) closeTask(task)
    this.tasks.clear()
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd)
  } catch {
    // already closed
  }
}

function closeTask(task: TaskFiles): void {
  for (const file of ['stat', 'schedstat', 'syscall', 'wchan'] as const) {
    const fd = task[file]
    if (typeof fd === 'number') closeQuietly(fd)
    task[file] = undefined
  }
}

/**
 * Windows: KTHREAD_STATE and KWAIT_REASON from NtQuerySystemInformation (one
 * record per thread, nt-process-info.ts). Values as in the WDK's _KWAIT_REASON
 * (Windows 10 and 11): 0 Executive, 4 DelayExecution, 5 Suspended, 6 UserRequest,
 * 7 WrExecutive, 11 WrDelayExecution, 12 WrSuspended, 13 WrUserRequest,
 * 15 WrQueue, 21 WrKeyedEvent, 27 WrResource, 28 WrPushLock, 29 WrMutex,
 * 34 WrFastMutex, 35 WrGuardedMutex, 37 WrAlertByThreadId.
 */
export function ntTimelineState(state: number, waitReason: number): TimelineState {
  switch (state) {
    case 2: // Running
      return 'running'
    case 1: // Ready
    case 3: // Standby: chosen to run next on a processor
    case 6: // Transition: ready, its kernel stack paged out
    case 7: // DeferredReady
      return 'runnable'
    case 5: // Waiting
      break
    default:
      // Initialized, Terminated, GateWait...
      return 'other'
  }
  switch (waitReason) {
    case 5:
    case 12:
      return 'stopped'
    case 4:
    case 11:
      // Sleep(), SleepEx(): KeDelayExecutionThread.
      return 'sleep'
    // SRWLocks, critical sections, condition variables and WaitOnAddress park a thread with
    // NtWaitForAlertByThreadId (Windows 8 and later): user-mode locks wait here, as futex on Linux.
    case 37:
    case 21: // keyed events: critical sections before Windows 8
    case 27:
    case 28:
    case 29:
    case 34:
    case 35:
      return 'lock'
    // An I/O completion port (libuv's event loop, the thread pool): waiting for I/O to complete.
    case 15:
      return 'io'
    default:
      // UserRequest is WaitForSingleObject on any handle (an event, a semaphore, a process, a
      // pipe) and Executive any kernel wait, synchronous I/O among others: the OS does not say which.
      return 'other'
  }
}

/** Windows' reader: one process's threads out of the whole table (query: NtQuerySystemInformation, or a test's buffer). */
export function ntThreadStateReader(
  pid: number,
  query: () => readonly NtProcess[] | undefined,
): ThreadStateReader | null {
  const read = (): ThreadStateReading[] | null => {
    const p = query()?.find((x) => x.pid === pid)
    if (!p) return null
    // Windows gives thread names only through a handle to each thread (GetThreadDescription): the row shows the id.
    return (p.threadList ?? []).map((t) => ({ tid: t.tid, name: '', state: ntTimelineState(t.state, t.waitReason) }))
  }
  return read() === null ? null : { read, close: () => {} }
}
