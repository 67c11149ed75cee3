// Linux: /proc read directly (the fast path: one pread per process per pass on
// a cached descriptor, see sampler/sources.ts), threads from /proc/<pid>/task.
import os from 'node:os'
import { ProcfsSource } from './procfs-source'
import { procfsHoldings } from './holdings'
import {
  clockTicks,
  readCmdline,
  readIo,
  readMachineIo,
  readOwner,
  readStat,
  readTgid,
  readThreads,
  bootTimeMs,
  userName,
} from './procfs'
import { cachedPython, executableOf, findPythonPosix, startMethodsOf } from './python'
import { POSIX_SIGNALS, isFile, posixSignalling } from './posix'
import type { Platform, ThreadReading } from './types'
import { ProcThreadStateReader } from './thread-states'

export function linuxPlatform(): Platform {
  return {
    info: { os: 'linux', signals: POSIX_SIGNALS, missingSignals: [], signalNotes: {}, canSuspend: true, threads: true },
    ...posixSignalling,
    createSource: () => new ProcfsSource(),
    readThreads(pid: number): ThreadReading[] | null {
      const raw = readThreads(pid)
      if (!raw) return null
      const tick = clockTicks()
      return raw.map((t) => ({
        tid: t.tid,
        name: t.name,
        state: t.state,
        seconds: t.ticks / tick,
        voluntary: t.voluntary,
        involuntary: t.involuntary,
      }))
    },
    threadStates: (pid) => (readTgid(pid) === pid ? new ProcThreadStateReader(pid) : null),
    // Boot time (read once) plus the start ticks: cheap enough for every row of every snapshot.
    startedAt: (start) => (start === undefined ? undefined : Math.round(bootTimeMs() + (start / clockTicks()) * 1000)),
    // libuv's free memory on Linux is MemAvailable, which already counts reclaimable cache.
    memory: () => ({ total: os.totalmem(), available: os.freemem() }),
    owner(pid: number) {
      const uid = readOwner(pid)
      return uid === undefined ? null : { uid, user: userName(uid) ?? String(uid) }
    },
    threadGroupOf: (pid) => readTgid(pid) ?? null,
    processName: (pid) => readStat(pid)?.name,
    commandLine: (pid) => readCmdline(pid) ?? null,
    processIo: readIo,
    machineIo: readMachineIo,
    holdings: (pid) => procfsHoldings(pid),
    parentOf: (pid) => readStat(pid)?.ppid,
    processCpuSeconds(pid) {
      const s = readStat(pid)
      return s ? s.ticks / clockTicks() : undefined
    },
    isRunning(pid) {
      const s = readStat(pid)
      return s !== null && s.state !== 'zombie'
    },
    startMethods: startMethodsOf('linux'),
    findPython: cachedPython(
      () => findPythonPosix('linux', process.env, { isFile, executableOf }),
      () => process.env.PATH ?? '',
    ),
  }
}
