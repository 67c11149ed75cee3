// No orphans: whether ProcLab's host is killed outright (SIGKILL: no code of
// its own runs) or asked to quit, every process it started, grandchildren
// included, is gone within a few seconds, as the OS sees it.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import psList from 'ps-list'
import { alive, onWindows, waitFor } from './helpers/procs'

const HOST = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'no-orphans-host.ts')

interface Ready {
  host: number
  warden?: number
  pids: Record<string, string>
}

let host: ChildProcess | undefined
let seen: number[] = []
let hostStderr = ''

afterEach(() => {
  // Whatever the test found, leave nothing running.
  for (const pid of [...seen, host?.pid].filter((p): p is number => p !== undefined)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
  seen = []
  host = undefined
})

async function startHost(): Promise<Ready> {
  host = spawn(process.execPath, ['--import', 'tsx', HOST], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  hostStderr = ''
  host.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString()
    hostStderr += d.toString()
  })
  const lines = readline.createInterface({ input: host.stdout! })
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host not ready in 25 s: ${stderr}`)), 25_000)
    host!.once('exit', (code) => reject(new Error(`host exited early (${code}): ${stderr}`)))
    lines.on('line', (line) => {
      if (!line.startsWith('READY ')) return
      clearTimeout(timer)
      resolve(JSON.parse(line.slice(6)) as Ready)
    })
  })
  seen = Object.keys(ready.pids).map(Number)
  if (ready.warden) seen.push(ready.warden)
  return ready
}

async function checkTree(ready: Ready): Promise<void> {
  const roles = Object.values(ready.pids)
  for (const role of [
    'pool parent',
    'pool worker 1',
    'pool worker 2',
    'writer',
    'reader',
    'worker 1',
    'worker 2',
    'thread host',
  ]) {
    expect(
      roles.some((r) => r.endsWith(` ${role}`)),
      role,
    ).toBe(true)
  }
  for (const pid of seen) expect(alive(pid), `pid ${pid} (${ready.pids[pid] ?? 'warden'}) runs`).toBe(true)
  // Grandchildren too: the pool's workers and the queue's pair are children of their scenario's parent, not of the host.
  // Parents as the OS has them, on every system (ps-list: ps, or fastlist on Windows).
  const parents = new Map((await psList()).map((p) => [p.pid, p.ppid]))
  const grandchildren = Object.keys(ready.pids)
    .map(Number)
    .filter((pid) => parents.get(pid) !== ready.host)
  expect(grandchildren.length).toBeGreaterThanOrEqual(4)
}

describe('no orphans', () => {
  it('SIGKILL to the host: every process it started is gone within 5 s', async () => {
    const ready = await startHost()
    await checkTree(ready)
    const t0 = Date.now()
    host!.kill('SIGKILL')
    const left = await waitFor(() => {
      const still = seen.filter(alive)
      return still.length === 0 ? [] : null
    }, 5000).catch(() => seen.filter(alive).map((pid) => `${pid} ${ready.pids[pid] ?? 'warden'}`))
    expect(left).toEqual([])
    expect(Date.now() - t0).toBeLessThan(5000)
  })

  // Windows delivers no SIGTERM (Node ends the process with TerminateProcess): there a normal quit is
  // Electron's before-quit, which the packaged-app smoke spec checks in the CI workflow.
  it.skipIf(onWindows)(
    'SIGTERM to the host (a normal quit): it ends every run and process before exiting',
    async () => {
      const ready = await startHost()
      await checkTree(ready)
      const exited = new Promise<string>((r) =>
        host!.once('exit', (code, signal) => r(signal ? `killed by ${signal}` : `code ${code}`)),
      )
      host!.kill('SIGTERM')
      expect(await exited, `host stderr: ${hostStderr}`).toBe('code 0')
      await waitFor(() => seen.every((pid) => !alive(pid)), 5000)
    },
  )
})
