// The Python side of the child protocol (src/python/proclab.py) against the
// real bridge: a Python parent forks a child, reports it, and sends its result;
// the child shows in the run with its role and its exit, as a Node child does.
import { afterEach, describe, expect, it } from 'vitest'
import { pythonFile } from '../src/child/entries'
import { runParent } from '../src/core/bridge/host-bridge'
import { findPython, pythonSpec } from '../src/core/bridge/python'
import { hostPlatform } from '../src/core/platform'
import { Supervisor } from '../src/core/supervisor/supervisor'
import { runProcesses } from '../src/core/supervisor/run-processes'
import type { ScenarioContext } from '../src/core/scenarios/types'
import type { LabEvent } from '../src/shared/model'

let sup: Supervisor | undefined
afterEach(async () => {
  await sup?.stopAll(200)
})

const PROGRAM = `
import os, sys, time
sys.path.insert(0, os.path.dirname(${JSON.stringify(pythonFile('proclab'))}))
import proclab
proclab.live({'step': 'forking'})
pid = os.fork()
if pid == 0:
    proclab.say('child %d here' % os.getpid())
    os._exit(3)
# The child speaks before it is reported: the bridge must keep its line until then.
time.sleep(0.2)
proclab.adopt(pid, 'forked child')
_, status = os.waitpid(pid, 0)
proclab.exit_status(pid, status)
proclab.result({'child': pid, 'options': proclab.options()})
`

describe('python kit', () => {
  it('reports a forked child, its output and exit, live state and the result over JSON lines', async () => {
    const python = findPython(hostPlatform())
    if ('missing' in python) throw new Error('python3 is required for this test (CI installs it)')
    sup = new Supervisor()
    const events: LabEvent[] = []
    sup.on('event', (e) => events.push(e))
    const lives: unknown[] = []
    const ctx = {
      ...runProcesses(sup, 'run-py'),
      options: { n: 1 },
      signal: new AbortController().signal,
      setLive: (l: unknown) => lives.push(l),
      setOutcome: () => {},
      info: () => ({}) as never,
    } as unknown as ScenarioContext<'fork'>
    const run = await runParent(ctx, pythonSpec(python, ['-c', PROGRAM, '{"n": 1}']), 'python parent')
    expect(run.exit.code).toBe(0)
    const result = run.result as unknown as { child: number; options: unknown }
    expect(result.options).toEqual({ n: 1 })
    expect(lives).toEqual([{ step: 'forking' }])
    const child = run.bridge.adopted.get(result.child)
    expect(child).toMatchObject({ role: 'forked child', ppid: run.started.pid })
    expect(child?.exit?.code).toBe(3)
    const out = events.filter((e) => e.type === 'output' && e.pid === result.child)
    expect(out.map((e) => (e as { text: string }).text).join('')).toContain(`child ${result.child} here`)
  })
})
