// Real processes for tests, always cleaned up: every child started here is
// killed in afterEach even when the test fails.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { afterEach } from 'vitest'

const started = new Set<ChildProcess>()

afterEach(() => {
  for (const c of started) {
    try {
      c.kill('SIGKILL')
    } catch {
      // gone already
    }
  }
  started.clear()
})

export function startChild(cmd: string, args: string[], opts: { uid?: number } = {}): ChildProcess {
  const c = spawn(cmd, args, { stdio: 'ignore', ...opts })
  started.add(c)
  return c
}

export function alive(pid: number): boolean {
  // A zombie still answers kill(pid, 0); read its state instead.
  const st = procState(pid)
  return st !== null && st !== 'Z' && st !== 'X'
}

/** The one-letter state of a process from /proc (R, S, T, Z...), or null if gone. */
export function procState(pid: number): string | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3)
  } catch {
    return null
  }
}

/** Polls until fn returns something truthy, and returns it. */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5000, stepMs = 50): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v) return v as NonNullable<T>
    } catch (err) {
      last = err
    }
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, stepMs))
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
