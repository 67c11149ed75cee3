// A thread scenario's Python mode, inside the scenario host: one of ProcLab's
// Python programs (src/python/<name>.py) runs as a child of the host. Its
// threads, named with proclab.thread(), join the run's thread list (the host
// does that); its live state is passed on as the run's; its result is the
// driver's result. Stopping the run ends it.
import type { Host } from './scenario-host'

/** Python 3 as the core's platform layer found it (passed in the driver's options as `python`). */
export interface PythonCommand {
  readonly file: string
  readonly args: readonly string[]
}

export interface PythonRun<R> {
  readonly pid: number
  readonly result: R | undefined
  readonly code: number | null
  readonly signal: string | null
}

export interface PythonRunOptions {
  /** Its role in the run's tree. */
  readonly role?: string
  /**
   * The program's messages other than its result (its own progress reports):
   * without it, {type:'live'} messages pass on as the run's live state.
   */
  readonly onMessage?: (m: { readonly type?: string } & Record<string, unknown>) => void
  /** How a stop of the run ends it: SIGKILL for a program busy in a loop that would not see SIGTERM soon. */
  readonly stopSignal?: 'SIGTERM' | 'SIGKILL'
}

export async function runPythonProgram<R>(
  host: Host,
  python: PythonCommand,
  program: string,
  options: Record<string, unknown>,
  how: PythonRunOptions = {},
): Promise<PythonRun<R>> {
  const c = host.spawnPython(python, program, options, how.role ?? 'python3')
  let result: R | undefined
  c.onMessage((raw) => {
    const m = raw as { type?: string; live?: Record<string, unknown>; result?: R } | null
    if (m?.type === 'result') result = m.result
    else if (how.onMessage) how.onMessage(m as { type?: string } & Record<string, unknown>)
    else if (m?.type === 'live' && m.live) host.live(m.live)
  })
  const stop = (): void => {
    // In words first (its stdin), for a program that listens; then the signal, as ever.
    c.send({ type: 'stop' })
    c.child.kill(how.stopSignal ?? 'SIGTERM')
  }
  if (host.signal.aborted) stop()
  host.signal.addEventListener('abort', stop, { once: true })
  const exit = await c.exited
  host.signal.removeEventListener('abort', stop)
  return { pid: c.pid, result, ...exit }
}
