// The built app with production dependencies only, as an installer ships it:
// out/ plus `npm ci --omit=dev` in a temporary folder, far from the project's
// node_modules. Its web host serves the same core the Electron shell does; it
// must start, and run every scenario to a finished run through the WebSocket
// API, without tsx, esbuild, TypeScript or any other dev dependency.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ServerFrame } from '../src/shared/channels'
import type { LabEvent, RunInfo, ScenarioInfo } from '../src/shared/model'
import { ROOT, buildApp, productionPackages } from './helpers/packaging'
import { alive, waitFor } from './helpers/procs'

/**
 * One run per scenario (two where a mode starts different entries), with
 * options small enough that the whole set takes well under a minute. A new
 * scenario must be added here: the test names any that is missing.
 */
const RUNS: [id: string, options: Record<string, unknown>][] = [
  ['fork', { language: 'python', holdMs: 200 }],
  ['fork', { language: 'node', holdMs: 200 }],
  ['process-join', { language: 'python', workMs: 200, exitCode: 3 }],
  ['process-join', { language: 'node', workMs: 200, exitCode: 3 }],
  ['pool', { language: 'python', workers: 2, tasks: 3, maxTaskMs: 100 }],
  ['pool', { language: 'node', workers: 2, tasks: 3, maxTaskMs: 100 }],
  ['subprocess', { language: 'python' }],
  ['subprocess', { language: 'node' }],
  ['queue-pair', { language: 'node', maxPauseMs: 50 }],
  ['queue-pair', { language: 'python', maxPauseMs: 50 }],
  ['threads', { language: 'node', count: 2, pauseMs: 50 }],
  ['threads', { language: 'python', count: 2, pauseMs: 50 }],
  ['lock-race', { language: 'node', threads: 2, iterations: 20_000 }],
  ['lock-race', { language: 'python', threads: 2, iterations: 20_000 }],
  ['deadlock', { variant: 'ordered', holdMs: 20 }],
  ['spin', { mode: 'all', count: 1, durationS: 1 }],
  ['thread-local', { language: 'node', students: ['Alice', 'Bob'], pauseMs: 5 }],
  ['thread-local', { language: 'python', students: ['Alice', 'Bob'], pauseMs: 5 }],
  ['crash-isolation', { language: 'node', mode: 'processes', workers: 2, durationSec: 2, taskMs: 50 }],
  ['crash-isolation', { language: 'node', mode: 'threads', workers: 2, durationSec: 2, taskMs: 50 }],
  ['crash-isolation', { language: 'python', mode: 'processes', workers: 2, durationSec: 2, taskMs: 50 }],
  ['distributed', { language: 'node', workers: 1, tasks: 3, intruder: true }],
  ['distributed', { language: 'python', workers: 1, tasks: 3, intruder: true }],
  ['switch-cost', { kind: 'threads', maxCount: 2, workM: 10 }],
  ['switch-cost', { kind: 'processes', maxCount: 2, workM: 10 }],
  ['cpu-vs-io', { maxConcurrency: 2, levelMs: 300, ioDelayMs: 5, taskK: 10 }],
  ['async-io', { connections: 20, threadConnections: 2, durationS: 1, intervalMs: 100 }],
]
const RUN_BOUND_MS = 30_000

let app: string
let host: ChildProcess | undefined
let ws: WebSocket
const events: LabEvent[] = []
let nextId = 1

function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const id = nextId++
  return new Promise((resolve, reject) => {
    const on = (data: WebSocket.RawData): void => {
      const f = JSON.parse(String(data)) as ServerFrame
      if (!('id' in f) || f.id !== id) return
      ws.off('message', on)
      if (f.ok) resolve(f.value as T)
      else reject(new Error(`${method}: ${f.error.message}`))
    }
    ws.on('message', on)
    ws.send(JSON.stringify({ id, method, args }))
  })
}

const npm = (args: string[], cwd: string): ReturnType<typeof spawnSync> =>
  // npm is a .cmd on Windows, which Node only starts through a shell.
  spawnSync('npm', args, { cwd, encoding: 'utf8', shell: process.platform === 'win32', timeout: 180_000 })

beforeAll(async () => {
  buildApp()
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-prod-'))
  fs.cpSync(path.join(ROOT, 'out'), path.join(app, 'out'), { recursive: true })
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(ROOT, f), path.join(app, f))
  const ci = npm(['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], app)
  expect(ci.status, `npm ci --omit=dev failed:\n${ci.stderr}`).toBe(0)

  host = spawn(process.execPath, ['out/main/web.js', '--port', '0'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  host.stderr!.on('data', (d: Buffer) => (stderr += d))
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 15 s; stderr:\n${stderr}`)), 15_000)
    readline.createInterface({ input: host!.stdout! }).on('line', (l) => {
      if (l.startsWith('ProcLab web host: ')) {
        clearTimeout(timer)
        resolve(l.slice('ProcLab web host: '.length))
      }
    })
    host!.once('exit', (code) => reject(new Error(`web host exited with ${code}; stderr:\n${stderr}`)))
  })
  const url = new URL(line)
  ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, { origin: url.origin })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  ws.on('message', (data) => {
    const f = JSON.parse(String(data)) as ServerFrame
    if ('push' in f && f.push === 'event') events.push(f.payload as LabEvent)
  })
}, 240_000)

afterAll(async () => {
  ws?.close()
  if (host && host.exitCode === null && host.signalCode === null) {
    host.kill('SIGTERM')
    const exited = await waitFor(() => host!.exitCode !== null || host!.signalCode !== null, 10_000).catch(() => false)
    if (!exited) host.kill('SIGKILL')
  }
  if (app) fs.rmSync(app, { recursive: true, force: true })
})

describe('the built app with production dependencies only', () => {
  it('installs nothing but the production dependencies', () => {
    const installed = fs
      .readdirSync(path.join(app, 'node_modules'))
      .filter((n) => !n.startsWith('.'))
      .flatMap((n) =>
        n.startsWith('@') ? fs.readdirSync(path.join(app, 'node_modules', n)).map((m) => `${n}/${m}`) : [n],
      )
      .map((n) => `node_modules/${n}`)
      .sort()
    expect(installed).toEqual(productionPackages())
    for (const dev of ['electron', 'tsx', 'esbuild', 'typescript', 'vite', 'electron-vite'])
      expect(installed).not.toContain(`node_modules/${dev}`)
  })

  it(
    'runs every scenario to a finished run through the web host',
    { timeout: RUNS.length * RUN_BOUND_MS },
    async () => {
      const scenarios = await call<ScenarioInfo[]>('listScenarios')
      expect(scenarios.map((s) => s.id).filter((id) => !RUNS.some(([r]) => r === id))).toEqual([])

      const spawned = new Set<number>()
      for (const [id, options] of RUNS) {
        const run = await call<RunInfo>('startScenario', id, options)
        const done = await waitFor(
          () =>
            events.find(
              (e): e is Extract<LabEvent, { type: 'run' }> =>
                e.type === 'run' && e.run.runId === run.runId && e.run.endedAt !== undefined,
            )?.run,
          RUN_BOUND_MS,
          50,
        ).catch(() => {
          throw new Error(`${id} ${JSON.stringify(options)} did not end within ${RUN_BOUND_MS / 1000} s`)
        })
        for (const e of events) if (e.type === 'spawn' && e.runId === run.runId) spawned.add(e.pid)
        expect(done.error, `${id}: ${done.error}`).toBeUndefined()
        expect(done.status, `${id} ${JSON.stringify(options)}`).toBe('finished')
        // Every scenario reports what it measured (sweeps draw series and may check nothing).
        expect(Object.keys(done.outcome?.figures ?? {}).length, `${id} has an outcome`).toBeGreaterThan(0)
      }
      // Processes were really started (fork, pool, workers...), and each has ended.
      expect(spawned.size).toBeGreaterThan(RUNS.length)
      await waitFor(() => [...spawned].every((pid) => !alive(pid)), 5000).catch(() => undefined)
      expect([...spawned].filter((pid) => alive(pid))).toEqual([])
    },
  )
})
