// What differs between Linux, macOS and Windows, behind one small interface.
// One implementation per system (linux.ts, darwin.ts, win32.ts), chosen once
// at startup by index.ts; the sampler, supervisor, control and lab ask this
// object instead of testing process.platform themselves.
import type { Msg } from '../../shared/msg'
import type { MissingSignal, PlatformInfo, ProcessHoldings, SignalName, ThreadState } from '../../shared/model'
import type { IoReading, MachineIo } from '../sampler/io'
import type { StartMethods } from './python'
import type { ShellCommand } from './shell'
import type { ProcessSource } from '../sampler/sources'
import type { ThreadStateReader } from './thread-states'

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
  /**
   * A reader of every thread's scheduling state in one process, for the thread
   * timeline (sampled about 25 times a second while someone watches); null if
   * the process has gone or this system cannot tell (info.timelineWhy says why).
   */
  threadStates(pid: number): ThreadStateReader | null
  /** Wall-clock start (ms) of a process from its source's `start`, where the source knows it. */
  startedAt(start: number | undefined, now: number): number | undefined
  memory(): MemoryReading
  /** Owner of a process, for refusing another user's; null if it has gone, undefined if this platform cannot tell. */
  owner(pid: number): Owner | null | undefined
  /**
   * The process a pid belongs to when the pid is a thread id (Linux lists
   * threads among pids, and kill() on one signals its whole process); the pid
   * itself for a process; null if it has gone; undefined where thread ids are
   * not pids (macOS, Windows).
   */
  threadGroupOf(pid: number): number | null | undefined
  /** The short name of a process, where one read of it is cheap (Linux); else undefined. */
  processName(pid: number): string | undefined
  /**
   * A process's command line, arguments joined by spaces: null if it has gone
   * or cannot be read, undefined where this platform has no cheap way to read
   * another process's (macOS, Windows: the sampler's table has it, slowly).
   */
  commandLine(pid: number): string | null | undefined
  /** Disk I/O counters of one process; undefined where the platform has none (only Linux counts per process). */
  processIo(pid: number): IoReading | undefined
  /** The machine's disk and network counters; undefined where the platform has none. */
  machineIo(): MachineIo | undefined
  /** Open files, working directory, environment, limits, control groups: each part, or why it is missing. */
  holdings(pid: number): ProcessHoldings
  /** How a `shell=True` command line runs here: the shell, its arguments, and (Windows) that they pass verbatim. */
  shell(line: string): ShellCommand
  /** One argument quoted for that shell, so the program receives exactly `arg` (platform/shell.ts). */
  quoteForShell(arg: string): string
  /** A program's path as the first word of a shell line. */
  shellProgram(file: string): string
  /** CPU seconds a process has used so far, where one process can be read on its own cheaply; else undefined. */
  processCpuSeconds(pid: number): number | undefined
  /** False once a pid has ended (a zombie waiting to be reaped has ended). */
  isRunning(pid: number): boolean
  /** Parent pid as the OS has it now, where one read is cheap (Linux); else the guard uses the sampler's table. */
  parentOf?(pid: number): number | undefined
  spawnOptions(ownGroup: boolean): SpawnOptions
  /** Sends a signal the platform offers (info.signals) to one process, or to the group it leads. */
  signal(pid: number, signal: SignalName, group: boolean): void
  /**
   * Ends a process's whole tree: asked first ('graceful'), then by force. With
   * group, the process leads a group that holds the tree (Unix); without, only
   * the process (Unix) or its tree by parent links (Windows). Never throws for
   * a tree already gone.
   */
  stopTree(pid: number, how: 'graceful' | 'force', group: boolean): void
  /**
   * How the warden ends what ProcLab started if ProcLab dies: by process group
   * (Unix) or by walking each leader's tree (Windows, `taskkill /T /F`).
   */
  readonly orphanGuard: 'group' | 'tree'
  findPython(): PythonCommand
  /** multiprocessing's start methods this system usually has, for when its Python cannot be asked. */
  readonly startMethods: StartMethods
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
