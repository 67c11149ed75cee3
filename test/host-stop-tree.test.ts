// The warden is told of every process of ours where it ends trees one by one
// (Windows); and a thread host asks the core to stop one of its own children with its whole
// tree (thread-kit's 'stop' message): the core stops it the way the Lab's Stop
// does (platform.stopTree, which on Windows ends python.exe's worker processes
// too, checked under Wine by npm run test:wine), and only a pid the host
// reported starting. The host here is a stand-in that speaks the protocol.
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { runHost } from '../src/core/bridge/thread-kit'
import { linuxPlatform } from '../src/core/platform/linux'
import { Supervisor } from '../src/core/supervisor/supervisor'
import type { ScenarioContext } from '../src/core/scenarios/types'
import type { FromHost } from '../src/shared/thread-protocol'

describe("the thread host's stop request", () => {
  it('stops a child the host reported, with the grace it asked for, and refuses any other pid', async () => {
    const host = Object.assign(new EventEmitter(), { connected: true, send: () => true })
    let ended!: (x: { reason: string; code: number; signal: null }) => void
    const exited = new Promise((r) => (ended = r))
    const stops: [number, number | undefined][] = []
    const ctx = {
      runId: 'r1',
      signal: new AbortController().signal,
      spawn: async () => ({ pid: 1000, child: host, exited }),
      stop: async (pid: number, grace?: number) => {
        stops.push([pid, grace])
        if (pid === 1000) ended({ reason: 'clean-exit', code: 0, signal: null })
        return undefined
      },
      adopt: () => {},
      exited: () => undefined,
      setLive: () => {},
      log: () => {},
      platform: linuxPlatform(),
    } as unknown as ScenarioContext<'spin'>
    const run = runHost(ctx, 'thread-spin', {})
    const say = (m: FromHost): boolean => host.emit('message', m)
    await new Promise((r) => setImmediate(r))
    say({ type: 'child', pid: 2000, role: 'python3 spin.py' })
    say({ type: 'stop', pid: 2000, graceMs: 3000 })
    // Not one of the host's: the core's own pid, a stranger's.
    say({ type: 'stop', pid: 1, graceMs: 3000 })
    say({ type: 'stop', pid: 1000, graceMs: 3000 })
    expect(stops).toEqual([[2000, 3000]])
    say({ type: 'child-exit', pid: 2000, code: null, signal: 'SIGTERM' })
    say({ type: 'result', result: {} })
    ended({ reason: 'clean-exit', code: 0, signal: null })
    await run
  })
})

describe('the warden where there are no process groups (Windows)', () => {
  it('is told of every live process of ours, the ones a child reported starting too, as soon as they are known', async () => {
    const sup = new Supervisor({ ...linuxPlatform(), orphanGuard: 'tree' })
    const told: number[][] = []
    sup.on('groups', (pids: number[]) => told.push(pids))
    const started = await sup.start({
      runId: 'r1',
      role: 'parent',
      kind: 'exec',
      file: process.execPath,
      args: ['-e', 'setInterval(() => {}, 1000)'],
    })
    try {
      // A Python program's worker, reported by its parent: nothing would end it with python.exe.
      sup.adopt(started.pid + 100_000, { runId: 'r1', role: 'python worker' })
      expect(told.at(-1)).toEqual([started.pid, started.pid + 100_000])
      sup.recordExit(started.pid + 100_000, 0, null)
      expect(told.at(-1)).toEqual([started.pid])
    } finally {
      await sup.stop(started.pid, 1000)
    }
    expect(told.at(-1)).toEqual([])
  })
})
