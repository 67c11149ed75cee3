// Parser for what NtQuerySystemInformation(SystemProcessInformation) fills in
// on 64-bit Windows: a chain of SYSTEM_PROCESS_INFORMATION records, each
// followed by one SYSTEM_THREAD_INFORMATION per thread, linked by
// NextEntryOffset (0 ends the chain). Pure: a Buffer in, plain rows out, so it
// is tested on any system with a buffer the test builds (win32-nt.ts does the
// call itself, on Windows only). Offsets are those of the x64 structures as
// phnt (Process Hacker's headers) and Windows' own winternl.h lay them out.

/** 100-ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n

export const PROC = {
  nextEntryOffset: 0x00,
  numberOfThreads: 0x04,
  createTime: 0x20,
  userTime: 0x28,
  kernelTime: 0x30,
  imageNameLength: 0x38,
  imageNameBuffer: 0x40,
  uniqueProcessId: 0x50,
  inheritedFromUniqueProcessId: 0x58,
  workingSetSize: 0x90,
  size: 0x100,
} as const

export const THREAD = {
  kernelTime: 0x00,
  userTime: 0x08,
  uniqueThread: 0x30,
  contextSwitches: 0x40,
  threadState: 0x44,
  waitReason: 0x48,
  size: 0x50,
} as const

export interface NtThread {
  readonly tid: number
  /** CPU seconds (user + kernel). */
  readonly seconds: number
  readonly contextSwitches: number
  /** KTHREAD_STATE: 2 running, 5 waiting, ... */
  readonly state: number
  readonly waitReason: number
}

export interface NtProcess {
  readonly pid: number
  readonly ppid: number
  readonly name: string
  readonly threads: number
  /** Working set: Windows' resident memory, what Task Manager shows as "Memory" (bytes). */
  readonly memory: number
  /** CPU seconds (user + kernel), cumulative. */
  readonly cpuSeconds: number
  /** Creation time, ms since 1970; 0 for the Idle and System processes. */
  readonly start: number
  readonly threadList?: readonly NtThread[]
}

const seconds100ns = (v: bigint): number => Number(v) / 1e7

/**
 * Walks the record chain. `base` is the address the kernel saw for buf[0]:
 * ImageName.Buffer is a pointer into the same buffer, so the name's offset is
 * that pointer minus base. withThreads also returns each process's threads.
 */
export function parseSystemProcessInformation(buf: Buffer, base: bigint, withThreads = false): NtProcess[] {
  const out: NtProcess[] = []
  let at = 0
  for (;;) {
    if (at + PROC.size > buf.length) break
    const next = buf.readUInt32LE(at + PROC.nextEntryOffset)
    const threads = buf.readUInt32LE(at + PROC.numberOfThreads)
    const nameBytes = buf.readUInt16LE(at + PROC.imageNameLength)
    const namePtr = buf.readBigUInt64LE(at + PROC.imageNameBuffer)
    const pid = Number(buf.readBigUInt64LE(at + PROC.uniqueProcessId))
    let name = pid === 0 ? 'System Idle Process' : ''
    if (namePtr !== 0n && nameBytes > 0) {
      const off = Number(namePtr - base)
      // A pointer outside the buffer would be a different layout: no name rather than garbage.
      if (off >= 0 && off + nameBytes <= buf.length) name = buf.toString('utf16le', off, off + nameBytes)
    }
    const created = buf.readBigInt64LE(at + PROC.createTime)
    let threadList: NtThread[] | undefined
    if (withThreads) {
      threadList = []
      for (let i = 0, t = at + PROC.size; i < threads && t + THREAD.size <= buf.length; i++, t += THREAD.size) {
        threadList.push({
          tid: Number(buf.readBigUInt64LE(t + THREAD.uniqueThread)),
          seconds: seconds100ns(buf.readBigInt64LE(t + THREAD.kernelTime) + buf.readBigInt64LE(t + THREAD.userTime)),
          contextSwitches: buf.readUInt32LE(t + THREAD.contextSwitches),
          state: buf.readUInt32LE(t + THREAD.threadState),
          waitReason: buf.readUInt32LE(t + THREAD.waitReason),
        })
      }
    }
    out.push({
      pid,
      ppid: Number(buf.readBigUInt64LE(at + PROC.inheritedFromUniqueProcessId)),
      name,
      threads,
      memory: Number(buf.readBigUInt64LE(at + PROC.workingSetSize)),
      cpuSeconds: seconds100ns(buf.readBigInt64LE(at + PROC.userTime) + buf.readBigInt64LE(at + PROC.kernelTime)),
      start: created > 0n ? Number((created - FILETIME_UNIX_EPOCH) / 10_000n) : 0,
      threadList,
    })
    if (next === 0) break
    at += next
  }
  return out
}

/** KTHREAD_STATE to ProcLab's thread states (5 = Waiting; wait reason 5/12 = Suspended). */
export function ntThreadState(
  state: number,
  waitReason: number,
): 'running' | 'sleeping' | 'stopped' | 'zombie' | 'unknown' {
  if (state === 2 || state === 1 || state === 3 || state === 7) return 'running' // Running, Ready, Standby, DeferredReady
  if (state === 5) return waitReason === 5 || waitReason === 12 ? 'stopped' : 'sleeping'
  if (state === 4) return 'zombie' // Terminated
  return 'unknown'
}
