// The verdicts of `distributed`, fed a good run and then a run broken in one
// way at a time: each check holds on the first and fails on its own breakage.
import { describe, expect, it } from 'vitest'
import { distributedOutcome, type DistributedInput } from '../../src/core/scenarios/distributed/checks'
import type { DistributedResult } from '../../src/shared/scenarios/distributed'
import { checkOf, english } from '../helpers/outcome'

const MASTER = 1000
const SERVER = 1001
const tasks = [
  { id: 0, n: 3 },
  { id: 1, n: 5 },
  { id: 2, n: 7 },
]
const result = (id: number, pid: number, n = tasks[id].n) => ({
  id,
  n,
  square: n * n,
  text: `${n} * ${n} = ${n * n}`,
  pid,
  host: 'vm',
})
const exit0 = (pid: number) => ({ pid, code: 0, signal: null })

function python(over: Partial<DistributedResult> = {}, input: Partial<DistributedInput> = {}): DistributedInput {
  const r: DistributedResult = {
    language: 'python',
    masterPid: MASTER,
    serverPid: SERVER,
    serverExit: exit0(SERVER),
    masterListeners: [],
    hostname: 'vm',
    address: { address: '127.0.0.1', family: 'IPv4', port: 4000 },
    listeners: ['127.0.0.1:4000'],
    tasks,
    results: [result(0, 2001), result(1, 2002), result(2, 3000)],
    timedOut: false,
    workersConnected: 3,
    workers: [
      { role: 'local worker 1', pid: 2001, exit: exit0(2001) },
      { role: 'local worker 2', pid: 2002, exit: exit0(2002) },
    ],
    known: [
      { host: 'vm', pid: 2001, kind: 'local', done: 1, state: 'gone', greeted: true },
      { host: 'vm', pid: 2002, kind: 'local', done: 1, state: 'gone', greeted: true },
      { host: 'vm', pid: 3000, kind: 'hand', done: 1, state: 'gone', greeted: true },
    ],
    intruder: {
      pid: 2003,
      exit: { pid: 2003, code: 1, signal: null },
      view: { refused: 'AuthenticationError', received: 0 },
    },
    connections: [],
    startedAt: 0,
    tasksPutAt: 10,
    collectedAt: 1010,
    closedAt: 1100,
    ...over,
  }
  return {
    language: 'python',
    masterPid: MASTER,
    workers: 2,
    tasks: 3,
    bind: '127.0.0.1',
    allowRemote: false,
    result: r,
    adopted: [
      { pid: SERVER, role: 'manager server', ppid: MASTER, osPpid: MASTER },
      { pid: 2001, role: 'local worker 1', ppid: MASTER, osPpid: MASTER },
      { pid: 2002, role: 'local worker 2', ppid: MASTER, osPpid: MASTER },
      { pid: 2003, role: 'intruder', ppid: MASTER, osPpid: MASTER },
    ],
    keyScan: { keyKnown: true, lines: 40, inOutput: 0, argvRead: 5, inArgv: 0 },
    series: [
      { at: 0, task: 3, result: 0 },
      { at: 500, task: 1, result: 1 },
    ],
    ...input,
  }
}

function node(over: Partial<DistributedResult> = {}): DistributedInput {
  const base = python()
  return {
    ...base,
    language: 'node',
    keyScan: undefined,
    adopted: [
      { pid: 2001, role: 'worker 1', ppid: MASTER, osPpid: MASTER },
      { pid: 2002, role: 'worker 2', ppid: MASTER, osPpid: MASTER },
      { pid: 2003, role: 'intruder', ppid: MASTER, osPpid: MASTER },
    ],
    result: {
      ...base.result,
      language: 'node',
      serverPid: undefined,
      known: undefined,
      results: [result(0, 2001), result(1, 2002), result(2, 2001)],
      workers: [
        { role: 'worker 1', pid: 2001, exit: exit0(2001) },
        { role: 'worker 2', pid: 2002, exit: exit0(2002) },
      ],
      intruder: { pid: 2003, view: { refused: 'wrong key', received: 0 } },
      connections: [
        { n: 1, state: 'closed', served: 2, ignored: 0 },
        { n: 2, state: 'closed', served: 1, ignored: 0 },
        { n: 3, state: 'refused', served: 0, ignored: 1 },
      ],
      ...over,
    },
  }
}

const verdict = (input: DistributedInput, key: string) => checkOf(distributedOutcome(input), key)

describe('distributed checks, Python mode', () => {
  it('a good run: every check holds, with the hand-started worker counted', () => {
    const o = distributedOutcome(python())
    for (const c of o.checks) expect(c.ok, `${english(c.label)}: ${english(c.detail)}`).toBe(true)
    expect(o.figures).toMatchObject({ handWorkers: 1, remoteWorkers: 0, workerPids: 3, keyLeaks: 0, serverPid: SERVER })
    expect(english(checkOf(o, 'check.workersPython').detail)).toMatch(/started by hand: 1 .*results they computed: 1/)
    // What ProcLab changed in the tutorial's programs is said: the lambdas, the missing import, the proxy.
    expect(o.facts!.map((f) => f.label.key)).toEqual([
      'scenario.distributed.fact.managers',
      'scenario.distributed.fact.importQueue',
      'scenario.distributed.fact.originalPitfall',
      'scenario.distributed.fact.keyTransport',
    ])
  })

  it("the tutorial's pitfall (put into the original task_queue): holds when no worker saw a task, fails otherwise", () => {
    const input = (original: DistributedResult['original'], results = [] as DistributedResult['results']) =>
      python({ original, results, timedOut: true }, { putInto: 'original' })
    const ok = distributedOutcome(input({ localQueued: 3, serverQueued: 0 }))
    expect(checkOf(ok, 'check.originalUnseen').ok).toBe(true)
    expect(ok.checks.map((c) => c.label.key)).not.toContain('scenario.distributed.check.allAnswered')
    expect(english(checkOf(ok, 'check.originalUnseen').detail)).toBe(
      '3 of 3 tasks still sat in task_master’s own queue; the server’s queue, which the workers read, held 0; 0 results came back',
    )
    expect(ok.facts!.map((f) => f.label.key)).toContain('scenario.distributed.fact.originalRun')
    // The tasks did reach the server (a shared queue after all), or a worker answered one: the claim is false.
    expect(verdict(input({ localQueued: 0, serverQueued: 3 }), 'check.originalUnseen').ok).toBe(false)
    expect(verdict(input({ localQueued: 3, serverQueued: 0 }, [result(0, 2001)]), 'check.originalUnseen').ok).toBe(
      false,
    )
    expect(verdict(input(null), 'check.originalUnseen').ok).toBe(false)
  })

  it('allAnswered fails on a wrong square, a missing result, a duplicate, or a timeout', () => {
    const wrong = python({ results: [result(0, 2001), result(1, 2002), { ...result(2, 3000), square: 50 }] })
    expect(verdict(wrong, 'check.allAnswered').ok).toBe(false)
    expect(verdict(python({ results: [result(0, 2001), result(1, 2002)] }), 'check.allAnswered').ok).toBe(false)
    const dup = python({ results: [result(0, 2001), result(0, 2002), result(2, 3000)] })
    expect(verdict(dup, 'check.allAnswered').ok).toBe(false)
    expect(verdict(python({ timedOut: true }), 'check.allAnswered').ok).toBe(false)
  })

  it('workersPython fails on a result from a process that never said hello, or a local worker not the master\u2019s child', () => {
    const stranger = python({ results: [result(0, 2001), result(1, 2002), result(2, 4242)] })
    expect(verdict(stranger, 'check.workersPython').ok).toBe(false)
    expect(english(verdict(stranger, 'check.workersPython').detail)).toMatch(/results from unknown pids: 4242/)
    // Known only by its results (it never said hello with the key): still a stranger.
    const base0 = python({ results: [result(0, 2001), result(1, 2002), result(2, 4242)] })
    const seenOnly = {
      ...base0,
      result: {
        ...base0.result,
        known: [
          ...base0.result.known!,
          { host: '?', pid: 4242, kind: 'remote' as const, done: 1, state: 'working' as const, greeted: false },
        ],
      },
    }
    expect(verdict(seenOnly, 'check.workersPython').ok).toBe(false)
    const base = python()
    const orphan = { ...base, adopted: base.adopted.map((a) => (a.pid === 2002 ? { ...a, osPpid: 1 } : a)) }
    expect(verdict(orphan, 'check.workersPython').ok).toBe(false)
  })

  it('wrongKey fails when the intruder got in, computed results, or was never refused', () => {
    const gotIn = python({
      intruder: { pid: 2003, exit: { pid: 2003, code: 0, signal: null }, view: { refused: null, received: 2 } },
    })
    expect(verdict(gotIn, 'check.wrongKey').ok).toBe(false)
    const worked = python({
      intruder: {
        pid: 2003,
        exit: { pid: 2003, code: 1, signal: null },
        view: { refused: 'AuthenticationError', received: 1 },
      },
    })
    expect(verdict(worked, 'check.wrongKey').ok).toBe(false)
  })

  it('the bind check fails when the kernel lists another address, or a non-loopback bind came without the opt-in', () => {
    expect(verdict(python({ listeners: ['0.0.0.0:4000'] }), 'check.loopback').ok).toBe(false)
    expect(verdict(python({ listeners: [] }), 'check.loopback').ok).toBe(false)
    const all = python(
      { address: { address: '0.0.0.0', family: 'IPv4', port: 4000 }, listeners: ['0.0.0.0:4000'] },
      { bind: '0.0.0.0', allowRemote: true },
    )
    expect(verdict(all, 'check.boundAsAsked').ok).toBe(true)
    expect(verdict({ ...all, allowRemote: false }, 'check.boundAsAsked').ok).toBe(false)
  })

  it('serverProcess fails when the master itself listens, the server is no child of it, or it did not end cleanly', () => {
    expect(verdict(python({ masterListeners: ['127.0.0.1:4000'] }), 'check.serverProcess').ok).toBe(false)
    expect(verdict(python({ serverPid: MASTER }), 'check.serverProcess').ok).toBe(false)
    const base = python()
    const adrift = { ...base, adopted: base.adopted.map((a) => (a.pid === SERVER ? { ...a, osPpid: 1 } : a)) }
    expect(verdict(adrift, 'check.serverProcess').ok).toBe(false)
    expect(
      verdict(python({ serverExit: { pid: SERVER, code: null, signal: 'SIGKILL' } }), 'check.serverProcess').ok,
    ).toBe(false)
  })

  it('workersExited fails when a local worker ended badly', () => {
    const bad = python({
      workers: [
        { role: 'local worker 1', pid: 2001, exit: exit0(2001) },
        { role: 'local worker 2', pid: 2002, exit: { pid: 2002, code: null, signal: 'SIGKILL' } },
      ],
    })
    expect(verdict(bad, 'check.workersExited').ok).toBe(false)
    expect(english(verdict(bad, 'check.workersExited').detail)).toMatch(/pid 2002: SIGKILL/)
  })

  it('keyHidden fails when the key is seen in output or a command line, or was never known', () => {
    const scan = python().keyScan!
    expect(verdict(python({}, { keyScan: { ...scan, inOutput: 1 } }), 'check.keyHidden').ok).toBe(false)
    expect(verdict(python({}, { keyScan: { ...scan, inArgv: 1 } }), 'check.keyHidden').ok).toBe(false)
    expect(verdict(python({}, { keyScan: { ...scan, keyKnown: false } }), 'check.keyHidden').ok).toBe(false)
  })
})

describe('distributed checks, Node mode', () => {
  it('a good run holds every check, with the same figure keys as Python mode', () => {
    const o = distributedOutcome(node())
    for (const c of o.checks) expect(c.ok, `${english(c.label)}: ${english(c.detail)}`).toBe(true)
    const py = distributedOutcome(python())
    expect(Object.keys(o.figures).sort()).toEqual(Object.keys(py.figures).sort())
  })

  it('workersNode fails when one worker did all the work, or a result came from elsewhere', () => {
    const oneDid = node({ results: [result(0, 2001), result(1, 2001), result(2, 2001)] })
    expect(verdict(oneDid, 'check.workersNode').ok).toBe(false)
    const stranger = node({ results: [result(0, 2001), result(1, 2002), result(2, 9999)] })
    expect(verdict(stranger, 'check.workersNode').ok).toBe(false)
  })

  it('wrongKey fails when the server served a refused client', () => {
    const served = node({
      connections: [
        { n: 1, state: 'closed', served: 2, ignored: 0 },
        { n: 2, state: 'closed', served: 1, ignored: 0 },
        { n: 3, state: 'refused', served: 1, ignored: 0 },
      ],
    })
    expect(verdict(served, 'check.wrongKey').ok).toBe(false)
  })
})
