// Per-thread CPU, the one way ProcLab computes it: the change in a thread's
// CPU seconds (as the platform reads them: /proc/<pid>/task on Linux, thread
// times on Windows) over the time since the last read, as a percentage of one
// core. Used by the sampler's thread list and by the thread scenarios' live
// table, which shows the same figure per lab thread.
import type { Msg } from '../../shared/msg'
import type { ThreadInfo } from '../../shared/model'
import { cpuPercent } from '../../shared/procfs-parse'
import type { Platform } from '../platform'
import type { ThreadReading } from '../platform/types'

interface Mark {
  readonly seconds: number
  readonly at: number
}

/** Marks kept before the ones of threads not seen in a read are forgotten. */
const MAX_MARKS = 4096

export interface ThreadCpu {
  readonly thread: ThreadReading
  /** % of one core since the last read of this thread; undefined on its first read. */
  readonly cpu?: number
}

export class ThreadCpuMeter {
  private readonly marks = new Map<number, Mark>()

  constructor(private readonly platform: Platform) {}

  /** The threads of `pid` with their CPU since the last read (none where the platform gives no threads). */
  read(pid: number, now = performance.now()): ThreadCpu[] {
    if (!this.platform.info.threads) return []
    return (this.platform.readThreads(pid) ?? []).map((thread) => {
      const mark = this.marks.get(thread.tid)
      this.marks.set(thread.tid, { seconds: thread.seconds, at: now })
      const cpu =
        mark && now > mark.at
          ? Math.max(0, cpuPercent(thread.seconds - mark.seconds, (now - mark.at) / 1000))
          : undefined
      return { thread, cpu }
    })
  }

  /** CPU by tid for the threads of several processes. */
  byTid(pids: readonly number[]): Map<number, number> {
    const now = performance.now()
    const out = new Map<number, number>()
    const seen = new Set<number>()
    for (const pid of pids) {
      for (const { thread, cpu } of this.read(pid, now)) {
        seen.add(thread.tid)
        if (cpu !== undefined) out.set(thread.tid, cpu)
      }
    }
    this.forgetExcept(seen)
    return out
  }

  /** Forgets threads no longer watched, so the marks cannot grow without bound. */
  forgetExcept(seen: ReadonlySet<number>): void {
    if (this.marks.size > MAX_MARKS) for (const tid of this.marks.keys()) if (!seen.has(tid)) this.marks.delete(tid)
  }
}

/** What the lab's own threads say they are (name, "waiting for lock B" as a message), by tid. */
export interface ThreadLabel {
  readonly name: string
  readonly state: Msg
}

/** The thread list of a process: the OS's threads with CPU, joined with the lab's own account of them. */
export function threadInfos(meter: ThreadCpuMeter, pid: number, lab?: ReadonlyMap<number, ThreadLabel>): ThreadInfo[] {
  const seen = new Set<number>()
  const out = meter.read(pid).map(({ thread: t, cpu }) => {
    seen.add(t.tid)
    const l = lab?.get(t.tid)
    return {
      tid: t.tid,
      name: t.name,
      state: t.state,
      cpu: cpu ?? 0,
      voluntarySwitches: t.voluntary,
      involuntarySwitches: t.involuntary,
      ...(l ? { labName: l.name, labState: l.state } : {}),
    }
  })
  meter.forgetExcept(seen)
  return out
}
