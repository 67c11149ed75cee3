// The thread timeline against real threads and the real /proc: a Python
// process and a Node.js process, each with threads held in known states
// (spinning, waiting on a lock, sleeping, blocked reading a pipe). What the
// timeline shows for each thread must be that state for at least 80 % of the
// time it was watched.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { hostPlatform } from '../src/core/platform'
import { ThreadTimelines, merged } from '../src/core/thread-timeline'
import { Lab } from '../src/core/lab'
import type { ThreadTimeline, TimelineState } from '../src/shared/thread-timeline'
import { describeWith, hasProcfs, needs, type Capability } from './helpers/capability'

const FIXTURES = path.join(__dirname, 'fixtures')
/** How long each process is watched before its timeline is judged. */
const WATCH_MS = 1500
/** How often the loop test repeats each language (the brief: ten times or more, to see flicker). */
const REPEAT = Number(process.env.TIMELINE_REPEAT ?? 1)

const children = new Set<ChildProcess>()
const timelines = new Set<ThreadTimelines>()
afterEach(() => {
  for (const t of timelines) t.close()
  timelines.clear()
  for (const c of children) c.kill('SIGKILL')
  children.clear()
})

/** Starts the fixture and waits for its line naming each role's thread id. */
async function startFixture(cmd: string, args: string[]): Promise<Record<string, number>> {
  const c = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] })
  children.add(c)
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: c.stdout! })
    rl.once('line', resolve)
    c.once('exit', (code) => reject(new Error(`${cmd} exited (${code}) before naming its threads`)))
    setTimeout(() => reject(new Error(`${cmd} named no threads within 15 s`)), 15_000).unref()
  })
  return JSON.parse(line) as Record<string, number>
}

/** Share of the watched time each state took in one thread's row. */
function shares(t: ThreadTimeline, tid: number): Partial<Record<TimelineState, number>> {
  const row = t.threads.find((r) => r.tid === tid)
  expect(row, `thread ${tid} has a row`).toBeDefined()
  const out: Partial<Record<TimelineState, number>> = {}
  let total = 0
  for (const s of row!.segments) {
    out[s.state] = (out[s.state] ?? 0) + (s.to - s.from)
    total += s.to - s.from
  }
  expect(total, `thread ${tid} was watched`).toBeGreaterThan(WATCH_MS * 0.5)
  for (const k of Object.keys(out) as TimelineState[]) out[k] = out[k]! / total
  return out
}

async function watch(pid: number): Promise<ThreadTimeline> {
  const tl = new ThreadTimelines(hostPlatform())
  timelines.add(tl)
  tl.get(pid)
  await new Promise((r) => setTimeout(r, WATCH_MS))
  return tl.get(pid, 60)
}

function expectMostly(t: ThreadTimeline, tid: number, role: string, states: TimelineState[]): void {
  const s = shares(t, tid)
  const share = states.reduce((n, k) => n + (s[k] ?? 0), 0)
  expect(
    share,
    `${role} (tid ${tid}) is ${states.join('|')} for ≥ 80 % of the time: ${JSON.stringify(s)}`,
  ).toBeGreaterThanOrEqual(0.8)
}

const python = hostPlatform().findPython()
const hasPython: Capability =
  'file' in python
    ? { name: 'python', ok: true, root: false, why: '' }
    : { name: 'python', ok: false, root: false, why: 'no Python 3 found on this machine' }

describeWith(hasProcfs())('thread timeline on real threads (Linux /proc)', () => {
  it.for(Array.from({ length: REPEAT }, (_, i) => i + 1))(
    'Python: spinning, lock, time.sleep and pipe-read threads show running|runnable, lock, sleep, io (round %i)',
    { timeout: 20_000 },
    async (_round, ctx) => {
      needs(ctx, hasPython)
      if (!('file' in python)) return
      const ids = await startFixture(python.file, [...python.args, '-B', path.join(FIXTURES, 'thread_states.py')])
      const t = await watch(ids.pid)
      expectMostly(t, ids.spinner, 'spinner', ['running', 'runnable'])
      expectMostly(t, ids.locked, 'locked', ['lock'])
      expectMostly(t, ids.sleeper, 'sleeper', ['sleep'])
      expectMostly(t, ids.reader, 'reader', ['io'])
      // The fixture names its threads (Python 3.14 does so itself): the rows carry the OS's names.
      expect(t.threads.find((r) => r.tid === ids.locked)?.name).toBe('locked')
    },
  )

  it.for(Array.from({ length: REPEAT }, (_, i) => i + 1))(
    'Node.js workers: spin, Atomics.wait, Atomics.wait with a timeout and fs.readSync show running|runnable, lock, lock, io (round %i)',
    { timeout: 20_000 },
    async () => {
      const ids = await startFixture(process.execPath, [path.join(FIXTURES, 'thread-states-workers.mjs')])
      const t = await watch(ids.pid)
      expectMostly(t, ids.spinner, 'spinner', ['running', 'runnable'])
      expectMostly(t, ids.locked, 'locked', ['lock'])
      // Atomics.wait with a timeout is a futex wait too: Node has no other way for a worker to sleep.
      expectMostly(t, ids.timed, 'timed', ['lock'])
      expectMostly(t, ids.reader, 'reader', ['io'])
    },
  )

  it('through the API: validated, a gone pid is ESRCH, and the first ask returns every thread at once', async () => {
    const lab = new Lab()
    try {
      const ids = await startFixture(process.execPath, [path.join(FIXTURES, 'thread-states-workers.mjs')])
      const first = await lab.invoke('getThreadTimeline', [ids.pid])
      expect(first.ok).toBe(true)
      const tl = (first as { value: ThreadTimeline }).value
      expect(tl.pid).toBe(ids.pid)
      for (const role of ['spinner', 'locked', 'timed', 'reader'])
        expect(tl.threads.map((r) => r.tid)).toContain(ids[role])
      expect(lab.timelines.watched).toEqual([ids.pid])
      expect(await lab.invoke('getThreadTimeline', [ids.pid, 0])).toMatchObject({
        ok: false,
        error: { code: 'EINVAL' },
      })
      expect(await lab.invoke('getThreadTimeline', [ids.pid, 61])).toMatchObject({
        ok: false,
        error: { code: 'EINVAL' },
      })
      expect(await lab.invoke('getThreadTimeline', [1.5])).toMatchObject({ ok: false, error: { code: 'EINVAL' } })
      // A pid that is no process (pid_max is far below this).
      expect(await lab.invoke('getThreadTimeline', [4_000_000])).toMatchObject({ ok: false, error: { code: 'ESRCH' } })
    } finally {
      await lab.close()
    }
  }, 20_000)

  it('stops sampling a process nobody asks about, and keeps an ended process’s rows', async () => {
    const ids = await startFixture(process.execPath, [path.join(FIXTURES, 'thread-states-workers.mjs')])
    const tl = new ThreadTimelines(hostPlatform(), { idleMs: 300 })
    timelines.add(tl)
    tl.get(ids.pid)
    expect(tl.watched).toEqual([ids.pid])
    await new Promise((r) => setTimeout(r, 800))
    expect(tl.watched).toEqual([])

    tl.get(ids.pid)
    await new Promise((r) => setTimeout(r, 200))
    for (const c of children) c.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 250))
    const after = tl.get(ids.pid)
    expect(tl.watched).toEqual([])
    expect(after.threads.map((r) => r.tid)).toContain(ids.spinner)
  }, 20_000)
})

describe('merging runs for a bounded reply', () => {
  it('folds runs shorter than the limit into the run before, and joins equal neighbours', () => {
    const m = merged(
      [
        { from: 0, to: 100, state: 'running' },
        { from: 100, to: 110, state: 'lock' },
        { from: 110, to: 200, state: 'running' },
        { from: 200, to: 400, state: 'sleep' },
      ],
      50,
    )
    expect(m).toEqual([
      { from: 0, to: 200, state: 'running' },
      { from: 200, to: 400, state: 'sleep' },
    ])
  })
})
