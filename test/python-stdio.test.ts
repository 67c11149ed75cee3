// How the core and a Python program talk, on every OS: JSON lines over plain
// stdio (src/shared/python-protocol.ts, src/python/proclab.py), never Node's
// IPC channel. A program's own prints stay its output even when they look like
// messages; the interpreters it starts (multiprocessing's spawn) cannot speak
// on the channel by accident; "stop" on stdin lets a program end its own
// workers (the only way on Windows); and no __pycache__ is written.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hostPlatform } from '../src/core/platform'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { pythonFile } from '../src/child/entries'
import { Host } from '../src/child/scenario-host'
import { runParent } from '../src/core/bridge/host-bridge'
import { findPython, pythonSpec } from '../src/core/bridge/python'
import type { ScenarioContext } from '../src/core/scenarios/types'
import { runProcesses } from '../src/core/supervisor/run-processes'
import { Supervisor, type Started } from '../src/core/supervisor/supervisor'
import type { LabEvent } from '../src/shared/model'
import { FrameSplitter, frameOf } from '../src/shared/python-protocol'
import { alive, onWindows } from './helpers/procs'

describe('frames on stdout', () => {
  it('only lines carrying this start’s marker are messages; JSON and other markers stay output', () => {
    const f = new FrameSplitter('m1')
    const out = f.push(
      [
        '{"type": "result", "result": 666}',
        frameOf('other', { type: 'result', result: 7 }),
        frameOf('m1', { type: 'live', live: 1 }),
        `half a line${frameOf('m1', { lab: 'exit', pid: 3, code: 0, signal: null })}`,
        'not yet ended',
      ].join('\n'),
    )
    expect(out.messages).toEqual([
      { type: 'live', live: 1 },
      { lab: 'exit', pid: 3, code: 0, signal: null },
    ])
    expect(out.text).toBe(
      `{"type": "result", "result": 666}\n${frameOf('other', { type: 'result', result: 7 })}\nhalf a line\n`,
    )
    // A line is judged once it has ended: a frame may arrive in pieces.
    const piece = frameOf('m1', { type: 'result', result: 1 })
    expect(f.push(`\n${piece.slice(0, 5)}`)).toEqual({ text: 'not yet ended\n', messages: [] })
    expect(f.push(`${piece.slice(5)}\n`)).toEqual({ text: '', messages: [{ type: 'result', result: 1 }] })
    expect(f.push('last words')).toEqual({ text: '', messages: [] })
    expect(f.end()).toEqual({ text: 'last words\n', messages: [] })
  })
})

const python = findPython(hostPlatform())
const pyDir = path.dirname(pythonFile('proclab'))
const cache = path.join(pyDir, '__pycache__')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-py-stdio-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

let sup: Supervisor | undefined
afterEach(async () => {
  await sup?.stopAll(200)
  sup = undefined
})

/** A context as a scenario's run has it, over a fresh supervisor whose events are kept. */
function context(onStart: (s: Started) => void = () => {}): {
  ctx: ScenarioContext<'fork'>
  events: LabEvent[]
  started: () => Started
} {
  sup = new Supervisor()
  const events: LabEvent[] = []
  sup.on('event', (e) => events.push(e))
  const procs = runProcesses(sup, 'run-py-stdio')
  let started: Started | undefined
  const ctx = {
    ...procs,
    spawn: async (spec: Parameters<typeof procs.spawn>[0]) => {
      started = await procs.spawn(spec)
      onStart(started)
      return started
    },
    options: {},
    signal: new AbortController().signal,
    setLive: () => {},
    setOutcome: () => {},
    info: () => ({}) as never,
  } as unknown as ScenarioContext<'fork'>
  return { ctx, events, started: () => started! }
}

const stderrOf = (events: LabEvent[], pid: number): string =>
  events
    .filter(
      (e): e is Extract<LabEvent, { type: 'output' }> => e.type === 'output' && e.pid === pid && e.stream === 'stderr',
    )
    .map((e) => e.text)
    .join('\n')

const textOf = (events: LabEvent[], pid: number): string =>
  events
    .filter((e): e is Extract<LabEvent, { type: 'output' }> => e.type === 'output' && e.pid === pid)
    .map((e) => e.text)
    .join('\n')

// A program whose own prints look like the protocol, and a worker started by
// multiprocessing's spawn (a fresh interpreter, as on Windows and macOS) that
// tries to send a result of its own.
// (forkserver too, where there is one.)
const PROGRAM = `
import json, multiprocessing as mp, os, sys
sys.path.insert(0, ${JSON.stringify(pyDir)})
import proclab

def worker():
    print("worker: connected=%s marker=%s" % (proclab.connected(), "PROCLAB_PROTOCOL" in os.environ), flush=True)
    proclab.send({"type": "result", "result": "from the worker"})
    print(json.dumps({"type": "result", "result": "printed by the worker"}), flush=True)

if __name__ == "__main__":
    print(json.dumps({"type": "result", "result": "printed"}))
    print(json.dumps({"lab": "adopt", "pid": 1, "ppid": 0, "role": "fake", "name": "x", "startedAt": 0}))
    print("env: NODE_CHANNEL_FD=%s marker=%s" % ("NODE_CHANNEL_FD" in os.environ, "PROCLAB_PROTOCOL" in os.environ))
    # spawn (Windows, macOS) and forkserver (Linux's default from Python 3.14) start fresh interpreters.
    for method in [m for m in ("spawn", "forkserver") if m in mp.get_all_start_methods()]:
        p = mp.get_context(method).Process(target=worker)
        p.start()
        proclab.adopt(p.pid, "%s worker" % method)
        p.join()
        proclab.exited(p.pid, p.exitcode)
    proclab.result({"from": "the parent", "connected": proclab.connected()})
`

describe('a Python program over stdio', () => {
  if ('missing' in python) throw new Error('python3 is required for these tests (CI installs it)')
  const py = python

  it('has no Node IPC channel; its JSON-looking prints are output; a spawned worker only reports its own lines', async () => {
    const file = path.join(tmp, 'looks_like_json.py')
    fs.writeFileSync(file, PROGRAM)
    const { ctx, events, started } = context()
    const spec = pythonSpec(py, [file])
    expect(spec).not.toHaveProperty('ipc')
    expect(spec.env?.NODE_CHANNEL_FD).toBeUndefined()
    const run = await runParent(ctx, spec, 'python parent')
    const child = started().child
    // Node opened no channel: three plain pipes.
    expect(child.channel).toBeUndefined()
    expect(child.stdio).toHaveLength(3)

    expect(run.exit.code).toBe(0)
    expect(run.result).toEqual({ from: 'the parent', connected: true })
    const out = textOf(events, run.started.pid)
    expect(out).toContain('{"type": "result", "result": "printed"}')
    expect(out).toContain('"role": "fake"')
    // The program saw no Node channel, and took the marker out of its environment.
    expect(out).toContain('env: NODE_CHANNEL_FD=False marker=False')
    // Only what the kit sent became a report: the workers, not the printed "fake".
    const roles = [...run.bridge.adopted.values()].map((a) => a.role)
    expect(roles[0]).toBe('spawn worker')
    if (!onWindows) expect(roles).toEqual(['spawn worker', 'forkserver worker'])
    expect(events.some((e) => e.type === 'spawn' && e.role === 'fake')).toBe(false)
    for (const a of run.bridge.adopted.values()) {
      expect(a.exit?.code, a.role).toBe(0)
      // The spawned worker ran disconnected (its send was dropped: no result from it), but its prints
      // are its own: shown under its pid, not the parent's, JSON-looking ones included.
      const said = textOf(events, a.pid)
      expect(said, a.role).toContain('worker: connected=False marker=False')
      expect(said, a.role).toContain('"printed by the worker"')
    }
    expect(out).not.toContain('worker: connected')
  })

  it('"stop" on stdin: spin.py ends its worker processes and itself, with no signal sent', async () => {
    let spun: (pids: number[]) => void = () => {}
    const pids = new Promise<number[]>((resolve) => (spun = resolve))
    const { ctx, started, events } = context((s) =>
      s.onMessage((m) => {
        const msg = m as { type?: string; pids?: number[] }
        if (msg.type === 'spinning' && msg.pids) spun(msg.pids)
      }),
    )
    const running = runParent(
      ctx,
      pythonSpec(py, [pythonFile('spin'), JSON.stringify({ mode: 'processes', count: 2, seconds: 60 })]),
      'spin',
    )
    // Ended before it spun (it should not): say how, rather than wait for the test's timeout.
    const spinning = await Promise.race([
      pids,
      running.then((r) => {
        throw new Error(
          `spin.py ended before spinning: ${JSON.stringify(r.exit)}; stderr: ${stderrOf(events, r.started.pid)}`,
        )
      }),
    ])
    expect(spinning).toHaveLength(3)
    const sentAt = Date.now()
    expect(started().send({ type: 'stop' })).toBe(true)
    const run = await running
    // Ended on its own well before its 60 s, by exiting, not by a signal.
    expect(Date.now() - sentAt).toBeLessThan(10_000)
    expect(run.exit).toMatchObject({ code: 0, signal: null })
    for (const pid of spinning) expect(alive(pid), `pid ${pid}`).toBe(false)
  })

  it('from the thread host too: no IPC channel, messages by marker, the program’s lines under its own pid', async () => {
    const sent: { type?: string; pid?: number; text?: string }[] = []
    const host = new Host((m) => sent.push(m as (typeof sent)[number]))
    try {
      const c = host.spawnPython(py, 'loop_thread', { count: 2, pauseMs: 10 }, 'python3 loop_thread.py')
      expect(c.child.channel).toBeUndefined()
      expect(c.child.stdio).toHaveLength(3)
      expect(c.child.spawnargs).toContain('-B')
      const messages: unknown[] = []
      c.onMessage((m) => messages.push(m))
      const exit = await c.exited
      expect(exit).toEqual({ code: 0, signal: null })
      expect(messages.some((m) => (m as { type?: string }).type === 'result')).toBe(true)
      // Its threads, named over the protocol, joined the host's list (MainThread of the host, then its two).
      expect(host.threadCount()).toBe(3)
      // Its lines go to the core as its own (child-output under python3's pid), never as the host's.
      const lines = sent.filter((m) => m.type === 'child-output')
      expect(lines.map((m) => m.text)).toContain('thread LoopThread >>> 2')
      expect(new Set(lines.map((m) => m.pid))).toEqual(new Set([c.pid]))
      expect(lines.some((m) => m.text?.includes('\u001e'))).toBe(false)
    } finally {
      await host.shutdown()
    }
  })

  it('writes no __pycache__ beside the programs, nor does the worker it spawns', async () => {
    fs.rmSync(cache, { recursive: true, force: true })
    const file = path.join(tmp, 'imports_the_kit.py')
    fs.writeFileSync(file, PROGRAM)
    const { ctx } = context()
    // Not what this shell may have set already (some CI images export it): ProcLab must ask on its own.
    const env = { ...process.env }
    delete env.PYTHONDONTWRITEBYTECODE
    const run = await runParent(ctx, pythonSpec(py, [file], env), 'python parent')
    expect(run.exit.code).toBe(0)
    expect(fs.existsSync(cache)).toBe(false)
  })
})
