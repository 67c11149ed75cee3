// A child may print far faster than anyone can read (`yes` writes hundreds of
// megabytes a second). Its output reaches the UI as events of whole lines, at
// most one per FLUSH_MS and MAX_EVENT characters each; what does not fit is
// dropped and counted, and a stream whose backlog passes MAX_BUFFER is paused
// until the next flush, so the child waits on its pipe instead of ProcLab
// filling its memory.
import type { ChildProcess } from 'node:child_process'
import type { OutputStream } from '../../shared/model'
import type { FrameSplitter, SplitLines } from '../../shared/python-protocol'

export const FLUSH_MS = 50
export const MAX_EVENT = 16 * 1024
export const MAX_BUFFER = 256 * 1024
/** A line longer than this is sent without waiting for its end. */
const MAX_LINE = 8192

export class OutputLimiter {
  private buf = ''
  private dropped = 0
  private timer: NodeJS.Timeout | undefined
  private paused = false

  constructor(
    private readonly emit: (text: string) => void,
    private readonly pressure?: (pause: boolean) => void,
  ) {}

  push(chunk: string): void {
    this.buf += chunk
    if (this.buf.length > MAX_BUFFER) {
      if (this.pressure && !this.paused) {
        this.paused = true
        this.pressure(true)
      } else if (!this.pressure) {
        // Nobody to slow down (relayed output): keep the newest part.
        this.dropped += this.buf.length - MAX_BUFFER
        this.buf = this.buf.slice(-MAX_BUFFER)
      }
    }
    this.timer ??= setTimeout(() => this.flush(false), FLUSH_MS)
  }

  /** Sends what is complete (everything, when final). */
  flush(final: boolean): void {
    clearTimeout(this.timer)
    this.timer = undefined
    let end = this.buf.length
    if (!final) {
      const cut = this.buf.lastIndexOf('\n')
      if (cut >= 0) end = cut + 1
      else if (this.buf.length < MAX_LINE) end = 0
    }
    let text = this.buf.slice(0, end)
    this.buf = this.buf.slice(end)
    if (text.endsWith('\n')) text = text.slice(0, -1)
    if (text.length > MAX_EVENT) {
      this.dropped += text.length - MAX_EVENT
      text = text.slice(-MAX_EVENT)
      text = text.slice(text.indexOf('\n') + 1) // start on a line boundary
    }
    if (this.dropped > 0) {
      text = `[… ${this.dropped} characters of output not shown: ProcLab shows at most ${MAX_EVENT / 1024} KiB every ${FLUSH_MS} ms …]\n${text}`
      this.dropped = 0
    }
    if (text) this.emit(text)
    if (this.paused) {
      this.paused = false
      this.pressure?.(false)
    }
    if (!final && this.buf) this.timer = setTimeout(() => this.flush(false), FLUSH_MS)
  }
}

/**
 * Streams a child's stdout and stderr through one limiter each, pausing the
 * pipe under pressure; `onStderr` sees the raw stderr too (its tail explains a
 * failed start).
 */
export function pipeOutput(
  child: ChildProcess,
  onStderr: (chunk: string) => void,
  emit: (stream: OutputStream, text: string) => void,
  frames?: FrameSplitter,
  onMessage?: (m: unknown) => void,
): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    const s = child[stream]
    if (!s) continue
    s.setEncoding('utf8')
    const limiter = new OutputLimiter(
      (text) => emit(stream, text),
      (pause) => (pause ? s.pause() : s.resume()),
    )
    // A program speaking JSON lines: its messages leave stdout here, its own output goes on.
    const split = stream === 'stdout' ? frames : undefined
    const take = (part: SplitLines): void => {
      if (part.text) limiter.push(part.text)
      for (const m of part.messages) onMessage?.(m)
    }
    s.on('data', (chunk: string) => {
      if (stream === 'stderr') onStderr(chunk)
      if (split) take(split.push(chunk))
      else limiter.push(chunk)
    })
    s.on('end', () => {
      if (split) take(split.end())
      limiter.flush(true)
    })
  }
}
