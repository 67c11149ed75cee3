// How ProcLab talks with its Python programs (src/python/proclab.py is the
// other end): JSON lines over the plain stdio pipes, the same on every OS.
//
// Not Node's IPC channel: on Windows libuv frames that channel with a header
// of its own, and Node documents it as unsupported with non-Node children.
// Not a dedicated extra pipe (stdio[3]) either: on Windows Node can hand an
// extra pipe to a child only through the C runtime's lpReserved2 block, an
// undocumented convention between C runtimes that Python does not promise to
// honour (nor the interpreters it starts in turn), and nothing on this
// project's machines can test. Every OS gives every program stdin, stdout and
// stderr, so:
//
// - core → program: one JSON object per line on its stdin (orders: stop, a
//   scenario's actions). The program reads stdin only when it takes orders.
// - program → core: on its stdout, each message is one line that starts with
//   RS (U+001E) and a random marker chosen for this start, then the JSON.
//   Every other byte on stdout is the program's own output (print()), shown
//   as its output. A printed line that looks like JSON, or even like a
//   frame of another run, is still output: it lacks this start's marker.
//   The marker reaches the program in PROTOCOL_ENV, which the kit removes from
//   its environment at once, so processes it starts (multiprocessing's
//   spawn and forkserver workers, subprocesses) run disconnected: they cannot
//   write a message by accident, and report through their parent instead.
//
// The kit writes whole lines under one lock, and a printed line and a frame
// from two threads (or a forked child sharing the pipe) can still meet on one
// line when a program flushes half a line; a frame is therefore found anywhere
// in a line, and the text before it stays output.

/** The environment variable carrying the marker; its presence means "run by ProcLab". */
export const PROTOCOL_ENV = 'PROCLAB_PROTOCOL'

/** Record separator: no program prints it by chance. */
const RS = '\u001e'

/** A frame of the given marker: what the kit writes for one message (without its newline). */
export function frameOf(marker: string, message: unknown): string {
  return `${RS}${marker}${JSON.stringify(message)}`
}

/** The longest line kept while waiting for its end; a longer one is passed on as output. */
const MAX_PENDING = 8 * 1024 * 1024

export interface SplitLines {
  /** The program's own output, in order (whole lines, each ending in a newline). */
  readonly text: string
  readonly messages: readonly unknown[]
}

/**
 * Splits a program's stdout into its output and its messages. Lines are held
 * until their newline (a frame is only whole at the end of its line); the
 * output limiter behind it holds partial lines the same way.
 */
export class FrameSplitter {
  private pending = ''
  private readonly start: string

  constructor(marker: string) {
    this.start = RS + marker
  }

  push(chunk: string): SplitLines {
    this.pending += chunk
    const cut = this.pending.lastIndexOf('\n')
    if (cut < 0) {
      if (this.pending.length <= MAX_PENDING) return { text: '', messages: [] }
      const text = this.pending
      this.pending = ''
      return { text, messages: [] }
    }
    const whole = this.pending.slice(0, cut)
    this.pending = this.pending.slice(cut + 1)
    return this.lines(whole.split('\n'))
  }

  /** The end of the stream: what is left is output (or a last frame without its newline). */
  end(): SplitLines {
    const rest = this.pending
    this.pending = ''
    return rest ? this.lines([rest]) : { text: '', messages: [] }
  }

  private lines(lines: readonly string[]): SplitLines {
    let text = ''
    const messages: unknown[] = []
    for (const line of lines) {
      const at = line.indexOf(this.start)
      if (at < 0) {
        text += line + '\n'
        continue
      }
      if (at > 0) text += line.slice(0, at) + '\n'
      const json = line.slice(at + this.start.length).replace(/\r$/, '')
      try {
        messages.push(JSON.parse(json))
      } catch {
        // Only a frame cut by a write of another process could fail: show it rather than lose it silently.
        text += json + '\n'
      }
    }
    return { text, messages }
  }
}

/** What a Python program of ProcLab's needs on its command line, before the script's own arguments. */
export const PYTHON_FLAGS = [
  // -B: no __pycache__ written next to the programs (inside an installed, maybe signed, app).
  '-B',
  // -u: unbuffered, so output and messages arrive as they happen rather than at exit.
  '-u',
] as const

/** The environment of a Python program started with `marker` (see PROTOCOL_ENV). */
export function pythonEnv(base: Readonly<Record<string, string | undefined>>, marker: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v
  // -B's twin, for interpreters the program itself starts (multiprocessing's spawn workers).
  env.PYTHONDONTWRITEBYTECODE = '1'
  // UTF-8 on the pipes on every OS (Windows would use the ANSI code page); the core reads UTF-8.
  env.PYTHONIOENCODING = 'utf-8'
  env[PROTOCOL_ENV] = marker
  return env
}
