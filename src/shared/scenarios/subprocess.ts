// subprocess: run a program with an argument list (no shell) and optional stdin.
// Python mode: src/python/subprocess_demo.py (Popen + communicate); Node mode: the core spawns it.

/** The argument ProcLab's probe is given: shell syntax that a shell would split, expand and run. */
export const PROBE_ARG = '$HOME; echo injected'

export interface SubprocessLive {
  readonly pid: number
  readonly program: string
  readonly args: readonly string[]
  /** Bytes written to its stdin, or null when nothing was sent. */
  readonly stdinBytes: number | null
}

/** What a fresh interpreter printed of its own arguments, given PROBE_ARG. */
export interface ArgvProbe {
  readonly sent: string
  /** The arguments it received (null if it printed nothing readable). */
  readonly argv: readonly string[] | null
  /** Any other line of its output (a shell running `echo injected` adds one). */
  readonly extra: readonly string[]
}

/** Python mode: the tutorial's subprocess.call(['nslookup', 'www.python.org']), or why it did not run. */
export interface TutorialCall {
  readonly argv: readonly string[]
  /** nslookup is not installed here. */
  readonly missing: boolean
  /** What call() returned: the exit code (null when it was stopped at its time limit). */
  readonly code: number | null
  readonly timedOut: boolean
  readonly ms: number
}

/** What a run found: the probe, and the program's exit and output. */
export interface SubprocessResult {
  readonly language: 'python' | 'node'
  readonly shell: boolean
  /** Python mode, when asked: the tutorial's subprocess.call() example. */
  readonly call?: TutorialCall | null
  readonly probe: ArgvProbe
  readonly pid: number
  readonly argv: readonly string[]
  readonly exitCode: number | null
  readonly signal: string | null
  readonly timedOut: boolean
  /** Python mode: killed because it printed more than ProcLab keeps (256 KB a stream). */
  readonly outputCut?: boolean
  readonly durationMs: number
  readonly stdinBytes: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The Python program's result: what it found, or that the program does not exist. */
export type SubprocessPythonResult =
  | SubprocessResult
  /** Popen found no such program; `blocked`: a folder on PATH that could not be searched. */
  | { readonly language: 'python'; readonly notFound: string; readonly blocked?: string }

export interface SubprocessData {
  /** The head of each stream (a program may print without end). */
  readonly stdout: string
  readonly stderr: string
  readonly argv: readonly string[]
  readonly probe: ArgvProbe
}
