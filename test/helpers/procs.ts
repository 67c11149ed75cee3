// Real processes for tests, always cleaned up: every child started here is
// killed in afterEach even when the test fails.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { afterEach } from 'vitest'
import { hostPlatform } from '../../src/core/platform'
import type { ThreadReading } from '../../src/core/platform/types'
import { queryProcesses } from '../../src/core/platform/win32-nt'

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

/** Linux only: tests that read /proc say so with describe.runIf(onLinux) and this reason. */
export const onLinux = process.platform === 'linux'
export const onWindows = process.platform === 'win32'

/** A child that just waits, on every system (no `sleep` binary on Windows). */
export function startSleeper(seconds = 30): ChildProcess {
  return startChild(process.execPath, ['-e', `setTimeout(() => {}, ${seconds * 1000})`])
}

/** Arguments for a sleeper started through the supervisor. */
export const sleeperArgs = (seconds = 30): string[] => ['-e', `setTimeout(() => {}, ${seconds * 1000})`]

export function alive(pid: number): boolean {
  if (!onLinux) {
    // Without /proc: kill(pid, 0). Node reaps its children, so a zombie does not linger here.
    try {
      process.kill(pid, 0)
      return true
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM'
    }
  }
  // A zombie still answers kill(pid, 0); read its state instead.
  const st = procState(pid)
  return st !== null && st !== 'Z' && st !== 'X'
}

/**
 * The parent of a live process as the OS has it, on each system, read at once:
 * /proc (Linux), ps (macOS), the NT process table (Windows). undefined if the
 * process has gone. Tests compare the parent ProcLab reports with this.
 */
export function osParentOf(pid: number): number | undefined {
  if (onLinux) {
    try {
      const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1])
    } catch {
      return undefined
    }
  }
  if (onWindows) return queryProcesses()?.find((p) => p.pid === pid)?.ppid
  const r = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 })
  const ppid = Number(r.stdout?.trim())
  return r.status === 0 && Number.isInteger(ppid) && ppid > 0 ? ppid : undefined
}

/**
 * A process's command line as any user on the machine can read it: /proc
 * (Linux), ps (macOS); '' where it has gone. Windows gives another process's
 * command line only through its PEB: null, the caller says it cannot check.
 */
export function osCommandLine(pid: number): string | null {
  if (onLinux) {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
    } catch {
      return ''
    }
  }
  if (onWindows) return null
  const r = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 })
  return r.status === 0 ? r.stdout.trim() : ''
}

/** The one-letter state of a process from /proc (R, S, T, Z...), or null if gone. Linux only. */
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

/**
 * Why a test that needs every core to itself cannot judge right now, or
 * undefined when the cores are free: other programs' CPU measured over half a
 * second (os.cpus(), on every system), not the load average, which lags a
 * minute behind and would still count the test run's own earlier work.
 */
export async function coresBusyElsewhere(needFree = 0.8): Promise<string | undefined> {
  const idle = (): number[] => os.cpus().map((c) => c.times.idle)
  const total = (): number[] => os.cpus().map((c) => Object.values(c.times).reduce((a, b) => a + b, 0))
  const [i0, t0] = [idle(), total()]
  await sleep(500)
  const [i1, t1] = [idle(), total()]
  const free = i1.reduce((a, v, k) => a + (v - i0[k]) / Math.max(1, t1[k] - t0[k]), 0)
  const cores = i1.length
  return free >= cores * needFree
    ? undefined
    : `other programs are using the cores (${free.toFixed(1)} of ${cores} idle over 0.5 s)`
}

/** The threads of a process as the platform reads them (tid, name, state, CPU seconds); null if gone or none here. */
export function osThreads(pid: number): ThreadReading[] | null {
  return host.readThreads(pid)
}
const host = hostPlatform()
