// Shared fixtures for the end-to-end specs.
//
// - `host` (worker-scoped): the web host started from the built app
//   (`node <PROCLAB_OUT or out>/main/web.js --port 0`), with the URL, origin and
//   token it printed; stopped with SIGTERM (then SIGKILL) when the worker ends.
// - `dashboard`: a page with the dashboard open and its first snapshot drawn.
// - `spawnSleep` / `spawnGroup`: start processes that are always killed after
//   the test, even when it fails. The sleeper is a Node program (sleeper.cjs),
//   so it runs on every system; spawnGroup needs a Unix shell (its one user,
//   ui-perf.spec.ts, is Linux only).
import { test as base, expect, type Page } from '@playwright/test'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'

export const OUT_DIR = path.resolve(process.env.PROCLAB_OUT ?? 'out')

/** The sleeper spawnSleep starts, as ProcLab shows it: its process name and the end of its command line. */
export const SLEEPER = {
  file: path.resolve('e2e', 'sleeper.cjs'),
  /** Windows names a process by its image file; Linux by its 15-character comm; macOS by its executable. */
  name: process.platform === 'win32' ? path.basename(process.execPath) : path.basename(process.execPath).slice(0, 15),
  command: (seconds: number): string => `sleeper.cjs ${seconds}`,
}

/** How a process ended when ProcLab's default kill (Terminate) reached it: SIGTERM, or on Windows TerminateProcess's exit code 1. */
export const TERMINATED: { code: number | null; signal: NodeJS.Signals | null } =
  process.platform === 'win32' ? { code: 1, signal: null } : { code: null, signal: 'SIGTERM' }

export interface ProcLabHost {
  /** The URL the host printed, token included. */
  readonly url: string
  /** http://127.0.0.1:PORT */
  readonly origin: string
  readonly token: string
  readonly port: number
  /** ws://127.0.0.1:PORT/ws (add ?token=...). */
  readonly wsUrl: string
  /** pid of the web host process. */
  readonly pid: number
}

/** A process a test started; `pid` is always set. */
export type Started = ChildProcess & { readonly pid: number }

export interface Fixtures {
  dashboard: Page
  /**
   * Starts the sleeper for `seconds` (default 300), killed after the test; `extra`
   * arguments go to it ("spin" to keep a core busy, then a tag to find it by).
   */
  spawnSleep: (seconds?: number, ...extra: string[]) => Promise<Started>
  /**
   * Runs a shell command as the leader of its own process group; the whole
   * group is killed after the test.
   */
  spawnGroup: (command: string) => Promise<Started>
}

export interface WorkerFixtures {
  host: ProcLabHost
}

/** Starts a web host from the built app; extra arguments go to it (e.g. --record FILE). */
export async function startHost(args: readonly string[] = []): Promise<{ host: ProcLabHost; child: ChildProcess }> {
  const entry = path.join(OUT_DIR, 'main', 'web.js')
  if (!fs.existsSync(entry))
    throw new Error(`${entry} does not exist: build first (npx electron-vite build), or set PROCLAB_OUT`)
  const child = spawn(process.execPath, [entry, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const lines = readline.createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host printed no URL within 15 s. stderr:\n${stderr}`)), 15_000)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`web host exited (code ${code}, signal ${signal}) before printing its URL. stderr:\n${stderr}`))
    })
    lines.on('line', (line) => {
      const m = /ProcLab web host: (\S+)/.exec(line)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
  })
  const u = new URL(url)
  const host: ProcLabHost = {
    url,
    origin: u.origin,
    token: u.searchParams.get('token') ?? '',
    port: Number(u.port),
    wsUrl: `ws://${u.host}/ws`,
    pid: child.pid!,
  }
  return { host, child }
}

export async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  host: [
    async ({}, use) => {
      const { host, child } = await startHost()
      try {
        await use(host)
      } finally {
        await stopProcess(child)
      }
    },
    { scope: 'worker', timeout: 30_000 },
  ],

  dashboard: async ({ page, host }, use) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(host.url)
    await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
    await use(page)
    expect(errors, 'uncaught errors in the page').toEqual([])
  },

  spawnSleep: async ({}, use) => {
    const started: Started[] = []
    await use(async (seconds = 300, ...extra: string[]) => {
      const child = spawn(process.execPath, [SLEEPER.file, String(seconds), ...extra], { stdio: 'ignore' })
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve)
        child.once('error', reject)
      })
      started.push(child as Started)
      return child as Started
    })
    for (const c of started) {
      // A stopped process still dies of SIGKILL.
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    }
  },

  spawnGroup: async ({}, use) => {
    const started: Started[] = []
    await use(async (command: string) => {
      const child = spawn('bash', ['-c', command], { stdio: 'ignore', detached: true })
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve)
        child.once('error', reject)
      })
      started.push(child as Started)
      return child as Started
    })
    for (const c of started) killGroup(c.pid)
  },
})

export { expect }

/**
 * The state letter of a process (R, S, T, Z...), or undefined once the pid is
 * gone: /proc/<pid>/stat on Linux, ps elsewhere on Unix; Windows has no such
 * letter (undefined: the specs that use it run on Unix only).
 */
export function procState(pid: number): string | undefined {
  if (process.platform === 'linux') {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      // The name in parentheses may contain spaces; the state follows the last ')'.
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
    } catch {
      return undefined
    }
  }
  if (process.platform === 'win32') return undefined
  const r = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' })
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim()[0] : undefined
}

/** True while the pid exists (a zombie counts as gone: it no longer runs). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    // EPERM: it exists, but belongs to someone else (pid 1 for a normal user).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  // Windows has no zombies: an ended process's pid no longer answers.
  if (process.platform === 'win32') return true
  const s = procState(pid)
  return s !== undefined && s !== 'Z' && s !== 'X'
}

/** Resolves once the child has exited, with how it ended. */
export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

/** Filters the tree down to one pid and selects its row. */
export async function selectPid(page: Page, pid: number): Promise<void> {
  await page.getByTestId('filter').fill(String(pid))
  const row = page.locator(`[role=treeitem][data-pid="${pid}"]`)
  await expect(row).toBeVisible()
  await row.click()
  await expect(page.getByTestId('details')).toContainText(`pid ${pid}`)
}

/** Opens a scenario in the Lab, sets the given options (by key) and starts it from the UI. */
export async function startFromLab(page: Page, id: string, options: Record<string, string> = {}): Promise<void> {
  await page.getByTestId('tab-lab').click()
  await page.locator(`[data-testid=scenario-item][data-id=${id}]`).click()
  for (const [key, value] of Object.entries(options)) await setOption(page, key, value)
  await page.getByTestId('start-run').click()
}

/** Sets a scenario option in the form: a choice is a select, anything else an input. */
export async function setOption(page: Page, key: string, value: string): Promise<void> {
  const field = page.getByTestId(`option-${key}`)
  if ((await field.locator('select').count()) > 0) await field.locator('select').selectOption(value)
  else await field.locator('input').fill(value)
}
