// What differs between Linux, macOS and Windows, behind one small interface.
// One implementation per system (linux.ts, darwin.ts, win32.ts), chosen once
// at startup by index.ts; the sampler, supervisor, control and lab ask this
// object instead of testing process.platform themselves.
import type { Msg } from '../../shared/msg'
import type { MissingSignal, PlatformInfo, SignalName, ThreadState } from '../../shared/model'
import type { ProcessSource } from '../sampler/sources'

export interface ThreadReading {
  readonly tid: number
  readonly name: string
  readonly state: ThreadState
  /** CPU seconds this thread has used so far. */
  readonly seconds: number
  readonly voluntary?: number
  readonly involuntary?: number
}

export interface MemoryReading {
  readonly total: number
  /** What programs can still get without swapping (not only the free pages). */
  readonly available: number
}

/** How to run Python 3 here: a program and the arguments that come before the script's own. */
/** How to run Python 3, or why it cannot be run (a message the UI shows, see src/shared/i18n/core.ts). */
export type PythonCommand = { readonly file: string; readonly args: readonly string[] } | { readonly missing: Msg }

/** Options every child gets: its own process group where there are groups, never a console window. */
export interface SpawnOptions {
  readonly detached: boolean
  readonly windowsHide: true
}

export interface Owner {
  readonly uid: number
  readonly user: string
}

export interface Platform {
  readonly info: PlatformInfo
  /** The process table and CPU source. */
  createSource(): ProcessSource
  /** The threads of one process; null if it has gone or the platform gives none (info.threadsWhy says why). */
  readThreads(pid: number): ThreadReading[] | null
  /** Wall-clock start (ms) of a process from its source's `start`, where the source knows it. */
  startedAt(start: number | undefined, now: number): number | undefined
  memory(): MemoryReading
  /** Owner of a process, for refusing another user's; null if it has gone, undefined if this platform cannot tell. */
  owner(pid: number): Owner | null | undefined
  /** CPU seconds a process has used so far, where one process can be read on its own cheaply; else undefined. */
  processCpuSeconds(pid: number): number | undefined
  /** False once a pid has ended (a zombie waiting to be reaped has ended). */
  isRunning(pid: number): boolean
  /** Parent pid as the OS has it now, where one read is cheap (Linux); else the guard uses the sampler's table. */
  parentOf?(pid: number): number | undefined
  spawnOptions(ownGroup: boolean): SpawnOptions
  /** Sends a signal the platform offers (info.signals) to one process, or to the group it leads. */
  signal(pid: number, signal: SignalName, group: boolean): void
  /** Ends a child's whole tree: asked first ('graceful'), then by force. Never throws for a tree already gone. */
  stopTree(pid: number, how: 'graceful' | 'force', group: boolean): void
  /**
   * How the warden ends what ProcLab started if ProcLab dies: by process group
   * (Unix) or by walking each leader's tree (Windows, `taskkill /T /F`).
   */
  readonly orphanGuard: 'group' | 'tree'
  findPython(): PythonCommand
  /**
   * Signals Python's own `signal` module lacks here, so a Python program
   * cannot send them (crash-isolation's Python workers offer only the crashes
   * the OS has), each with why. None where Python has every signal ProcLab names.
   */
  readonly pythonMissingSignals?: readonly MissingSignal[]
  /**
   * An exit code that means "ended by TerminateProcess" after ProcLab itself
   * signalled the process (Windows reports no signal, only this code).
   */
  readonly terminateExitCode?: number
}
