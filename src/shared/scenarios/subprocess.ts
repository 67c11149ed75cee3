// subprocess: run a program with an argument list (no shell) and optional stdin.

export interface SubprocessLive {
  readonly pid: number
  readonly program: string
  readonly args: readonly string[]
  /** Bytes written to its stdin, or null when nothing was sent. */
  readonly stdinBytes: number | null
}

export interface SubprocessData {
  /** The head of each stream (a program may print without end). */
  readonly stdout: string
  readonly stderr: string
  readonly argv: readonly string[]
}
