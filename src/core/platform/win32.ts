// Windows: no signals (Node maps SIGTERM, SIGINT and SIGKILL to
// TerminateProcess and throws ENOSYS for the rest), no process groups (trees
// are ended from the process table, win32-tree.ts), and no ps: the whole process table, with CPU
// times, working sets and threads, comes from one NtQuerySystemInformation call.
import { coreMsg } from '../../shared/i18n/core'
import { execFile } from 'node:child_process'
import os from 'node:os'
import type { SignalName } from '../../shared/model'
import { isFile, pidExists } from './posix'
import { cachedPython, executableOf, findPythonWindows, startMethodsOf } from './python'
import type { Platform, ThreadReading } from './types'
import { NtSource, ntAvailable, queryProcesses } from './win32-nt'
import { PortableSource } from '../sampler/sources'
import { HOLDINGS_NOTE, unsupportedHoldings } from './holdings'
import { ntThreadState } from './nt-process-info'
import { ntThreadStateReader } from './thread-states'
import { endTree } from './win32-tree'
import { shellCommand, shellProgram, shellQuote } from './shell'

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
      // Asked when read (getPlatform), not at startup: only then is the FFI loaded.
      get timelineWhy() {
        return ntAvailable() ? undefined : coreMsg('platform.winNoTimeline')
      },
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
    // The whole table is one call (there is no cheaper per-process one): about as costly as one
    // sampler pass, 25 times a second, while someone watches the timeline.
    threadStates: (pid) => (ntAvailable() ? ntThreadStateReader(pid, () => queryProcesses(true)) : null),
    startedAt: (start) => (start ? start : undefined),
    // GlobalMemoryStatusEx's ullAvailPhys: already "available", standby cache included.
    memory: () => ({ total: os.totalmem(), available: os.freemem() }),
    owner: () => undefined,
    // Thread ids are not pids here: a pid is always a process.
    threadGroupOf: () => undefined,
    processName: () => undefined,
    commandLine: () => undefined,
    processIo: () => undefined,
    machineIo: () => undefined,
    holdings: (pid) => unsupportedHoldings(pid, HOLDINGS_NOTE.win32),
    // cmd.exe, as Python's subprocess does for shell=True; /s strips the outer quotes.
    shell: (line) => shellCommand(line, 'win32'),
    quoteForShell: (arg) => shellQuote(arg, 'win32'),
    shellProgram: (file) => shellProgram(file, 'win32'),
    processCpuSeconds: (pid) => (ntAvailable() ? queryProcesses()?.find((p) => p.pid === pid)?.cpuSeconds : undefined),
    isRunning: pidExists,
    terminateExitCode: 1,
    // Python on Windows has no signal.SIGKILL (its os.kill knows only CTRL_C/CTRL_BREAK and "terminate").
    pythonMissingSignals: [{ signal: 'SIGKILL', why: coreMsg('platform.winPythonNoSigkill') }],
    // python.exe itself, never py.exe (which would run the program in a child ProcLab does not track).
    startMethods: startMethodsOf('win32'),
    findPython: cachedPython(
      () => findPythonWindows(process.env, { isFile, executableOf }),
      () => `${process.env.PATH ?? ''}|${process.env.PATHEXT ?? ''}`,
    ),
  }
}
