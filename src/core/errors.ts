// Errors that reach the user carry a message (Msg) the dashboard renders in
// the user's language, and its English text (Error.message) for API clients,
// logs and tests.
import { coreCatalog } from '../shared/i18n'
import { coreMsg } from '../shared/i18n/core'
import { renderPlain, type Msg } from '../shared/msg'

let en: ReturnType<typeof coreCatalog> | undefined

/** A message in English, as a log line or an API client reads it. */
export function englishOf(msg: Msg | string): string {
  if (typeof msg === 'string') return msg
  en ??= coreCatalog('en')
  return renderPlain(en, msg)
}

/** A text that has no message key (a system's own words, e.g. Node's error message), as a message. */
export const plainMsg = (text: string): Msg => coreMsg('error.text', { text })

/** An error meant for the user: what the dashboard shows (msg) and its English (message). */
export class LabError extends Error {
  readonly msg: Msg
  constructor(
    readonly code: 'EINVAL' | 'ESRCH' | 'EPERM' | 'EREFUSED' | 'ENOENT' | 'EBUSY' | 'EINTERNAL',
    /**
     * A message, never a bare string: text the user reads travels as a key
     * and parameters. A system's own words (an errno's text) go in as
     * plainMsg, which says so where it is written.
     */
    msg: Msg,
  ) {
    super(englishOf(msg))
    this.msg = msg
    this.name = 'LabError'
  }
}

/** Any error as a LabError (an unexpected one is internal, with its own words). */
export function toLabError(err: unknown): LabError {
  return err instanceof LabError
    ? err
    : new LabError('EINTERNAL', plainMsg(err instanceof Error ? err.message : String(err)))
}

/** Maps a Node system error from process.kill and friends to a LabError with a clear message. */
export function fromSystemError(err: unknown, pid: number): LabError {
  const code = (err as NodeJS.ErrnoException)?.code
  if (code === 'ESRCH') return new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
  if (code === 'EPERM') return new LabError('EPERM', coreMsg('error.anotherUser', { pid }))
  return toLabError(err)
}
