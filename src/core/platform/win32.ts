// Windows: no signals (Node maps SIGTERM, SIGINT and SIGKILL to
// TerminateProcess and throws ENOSYS for the rest), no process groups (trees
// are ended from the process table, win32-tree.ts), and no ps: the whole process table, with CPU
// times, working sets and threads, comes from one NtQuerySystemInformation call.
import { coreMsg } from '../../shared/i18n/core'
import { execFile } from 'node:child_process'
import os from 'node:os'
import type { SignalName } from '../../shared/model'
import { isFile, pidExists } from './posix'
import { findPythonWindows } from './python'
import type { Platform, ThreadReading } from './types'
import { NtSource, ntAvailable, queryProcesses } from './win32-nt'
import { PortableSource } from '../sampler/sources'
import { ntThreadState } from './nt-process-info'
import { endTree } from './win32-tree'

/**
 * Ends a process and everything it started: from the process table where the
 * FFI loads, else (an architecture koffi has no binary for) with taskkill.
 */
export function stopWindowsTree(pid: number): void {
  const ended = ntAvailable()
    ? endTree(pid, {
        table: () => queryProcesses(),
        terminate: (p) => process.kill(p, 'SIGKILL'),
      })
    : undefined
  if (ended === undefined)
    execFile('taskkill', ['/T', '/F', '/PID', String(pid)], { windowsHide: true, timeout: 5000 }, () => {
      // A tree already gone makes taskkill fail: the outcome we wanted.
    })
}

const TERMINATE = coreMsg('platform.winTerminate')

export function win32Platform(): Platform {
  return {
    info: {
      os: 'win32',
      signals: ['SIGTERM', 'SIGINT', 'SIGKILL'],
      missingSignals: [
        { signal: 'SIGHUP', why: coreMsg('platform.winNoSighup') },
        { signal: 'SIGSTOP', why: coreMsg('platform.winNoSigstop') },
        { signal: 'SIGCONT', why: coreMsg('platform.winNoSigcont') },
      ],
      signalNotes: { SIGTERM: TERMINATE, SIGINT: TERMINATE, SIGKILL: TERMINATE },
      stopNote: coreMsg('platform.winStop'),
      canSuspend: false,
      suspendWhy: coreMsg('platform.winNoSuspend'),
      threads: true,
    },
    orphanGuard: 'tree',
    // detached on Windows would give each child a console of its own; there are no groups to lead anyway.
    spawnOptions: () => ({ detached: false, windowsHide: true }),
    signal(pid: number, signal: SignalName): void {
      process.kill(pid, signal)
    },
    // 'graceful' ends the tree at once too: Windows cannot ask a console program to exit (taskkill
    // without /F only closes windows), so waiting would only delay the same end; stopNote says so.
    stopTree(pid: number): void {
      stopWindowsTree(pid)
    },
    // Without the FFI (an architecture koffi has no binary for) the table still works, through
    // ps-list and pidusage, slowly: partial data beats no data.
    createSource: () => (ntAvailable() ? new NtSource() : new PortableSource()),
    readThreads(pid: number): ThreadReading[] | null {
      if (!ntAvailable()) return null
      const p = queryProcesses(true)?.find((x) => x.pid === pid)
      if (!p) return null
      return (p.threadList ?? []).map((t) => ({
        tid: t.tid,
        name: '',
        state: ntThreadState(t.state, t.waitReason),
        seconds: t.seconds,
        voluntary: t.contextSwitches,
      }))
    },
    startedAt: (start) => (start ? start : undefined),
    // GlobalMemoryStatusEx's ullAvailPhys: already "available", standby cache included.
    memory: () => ({ total: os.totalmem(), available: os.freemem() }),
    owner: () => undefined,
    processCpuSeconds: (pid) => (ntAvailable() ? queryProcesses()?.find((p) => p.pid === pid)?.cpuSeconds : undefined),
    isRunning: pidExists,
    terminateExitCode: 1,
    findPython: () =>
      findPythonWindows(process.env, {
        isFile,
      }),
  }
}
