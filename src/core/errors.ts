/** An error meant for the user: its message is shown as is, its code is stable for tests and tools. */
export class LabError extends Error {
  constructor(
    readonly code: 'EINVAL' | 'ESRCH' | 'EPERM' | 'EREFUSED' | 'ENOENT' | 'EBUSY' | 'EINTERNAL',
    message: string,
  ) {
    super(message)
    this.name = 'LabError'
  }
}

/** Maps a Node system error from process.kill and friends to a LabError with a clear message. */
export function fromSystemError(err: unknown, pid: number): LabError {
  const code = (err as NodeJS.ErrnoException)?.code
  if (code === 'ESRCH') return new LabError('ESRCH', `No process with pid ${pid} (it may have exited already)`)
  if (code === 'EPERM') return new LabError('EPERM', `Permission denied: pid ${pid} belongs to another user`)
  if (err instanceof LabError) return err
  return new LabError('EINTERNAL', err instanceof Error ? err.message : String(err))
}
