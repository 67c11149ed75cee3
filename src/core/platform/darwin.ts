// macOS: no /proc. The table comes from ps-list and CPU/memory from pidusage
// (both run ps); memory from vm_stat; Python only where it will not open
// Apple's "install developer tools" dialog.
import { coreMsg } from '../../shared/i18n/core'
import { execFile, execFileSync } from 'node:child_process'
import os from 'node:os'
import { createRequire } from 'node:module'
import { PortableSource } from '../sampler/sources'
import { HOLDINGS_NOTE, unsupportedHoldings } from './holdings'
import { cachedPython, executableOf, findPythonPosix, startMethodsOf } from './python'
import { POSIX_SIGNALS, isFile, pidExists, posixSignalling } from './posix'
import type { MemoryReading, Platform } from './types'
import { availableFromVmStat, parseVmStat } from './vm-stat'

/** vm_stat is a spawn: its figure is refreshed at most this often. */
const VM_STAT_MS = 5000

export function darwinPlatform(): Platform {
  let mem: MemoryReading = { total: os.totalmem(), available: os.freemem() }
  let memAt = 0
  const users = new Map<number, string | undefined>()
  const childCpu = childCpuReader()
  return {
    info: {
      os: 'darwin',
      signals: POSIX_SIGNALS,
      missingSignals: [],
      signalNotes: {},
      canSuspend: true,
      threads: false,
      threadsWhy: coreMsg('platform.macNoThreads'),
      timelineWhy: coreMsg('platform.macNoTimeline'),
    },
    ...posixSignalling,
    createSource: () =>
      new PortableSource({
        childCpuSeconds: childCpu,
        userName(uid) {
          if (!users.has(uid)) users.set(uid, idName(uid))
          return users.get(uid)
        },
      }),
    readThreads: () => null,
    threadStates: () => null,
    startedAt: (start) => start,
    memory() {
      if (Date.now() - memAt >= VM_STAT_MS) {
        memAt = Date.now()
        execFile('vm_stat', { encoding: 'utf8', timeout: 2000 }, (err, out) => {
          const v = err ? null : parseVmStat(out)
          const available = v && availableFromVmStat(v)
          if (available !== null && available !== undefined)
            mem = { total: os.totalmem(), available: Math.min(available, os.totalmem()) }
        })
      }
      return mem
    },
    owner: () => undefined,
    // Thread ids are not pids here: a pid is always a process.
    threadGroupOf: () => undefined,
    processName: () => undefined,
    commandLine: () => undefined,
    // No per-process or machine-wide I/O counters without privileges: the columns say "not available".
    processIo: () => undefined,
    machineIo: () => undefined,
    holdings: (pid) => unsupportedHoldings(pid, HOLDINGS_NOTE.darwin),
    // ps per call would cost more than the measurement is worth; scenarios say "not measurable here".
    processCpuSeconds: () => undefined,
    isRunning: pidExists,
    // Looked for once (cachedPython): xcode-select runs only when Apple's stub is all there is.
    startMethods: startMethodsOf('darwin'),
    findPython: cachedPython(
      () =>
        findPythonPosix('darwin', process.env, {
          isFile,
          executableOf,
          developerToolsInstalled() {
            try {
              execFileSync('xcode-select', ['-p'], { stdio: 'ignore', timeout: 3000 })
              return true
            } catch {
              return false
            }
          },
        }),
      () => process.env.PATH ?? '',
    ),
  }
}

/** A user's name from the directory service; `id -un <uid>` answers for local and network accounts alike. */
function idName(uid: number): string | undefined {
  try {
    return execFileSync('id', ['-un', String(uid)], { encoding: 'utf8', timeout: 2000 }).trim() || undefined
  } catch {
    return undefined
  }
}

/**
 * CPU seconds of reaped children: getrusage(RUSAGE_CHILDREN) through koffi
 * (Node exposes RUSAGE_SELF only). struct rusage starts with two timevals of
 * 16 bytes on 64-bit macOS: {long tv_sec; int tv_usec; padding}.
 */
function childCpuReader(): () => number | undefined {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi')
    const getrusage = koffi.load('libSystem.B.dylib').func('int getrusage(int who, _Out_ void *usage)')
    const buf = Buffer.alloc(256)
    const tv = (at: number): number => Number(buf.readBigInt64LE(at)) + buf.readInt32LE(at + 8) / 1e6
    return () => (getrusage(-1, buf) === 0 ? tv(0) + tv(16) : undefined)
  } catch {
    return () => undefined
  }
}
