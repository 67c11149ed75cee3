// crash-isolation offers the crashes the OS lets each language make: a Python
// worker on Windows cannot kill itself with SIGKILL (Python's signal module has
// none there), so that kind is refused for it, saying why; a Node worker can
// (TerminateProcess), and Linux and macOS give Python every kind.
import { describe, expect, it } from 'vitest'
import { darwinPlatform } from '../../src/core/platform/darwin'
import { linuxPlatform } from '../../src/core/platform/linux'
import { win32Platform } from '../../src/core/platform/win32'
import { LabError } from '../../src/core/errors'
import { crashChoices, crashKinds } from '../../src/core/scenarios/crash-isolation/kinds'
import { PythonMaster } from '../../src/core/scenarios/crash-isolation/python'
import type { ScenarioContext } from '../../src/core/scenarios/types'
import { CRASHES } from '../../src/shared/scenarios/crash-isolation'
import { english } from '../helpers/outcome'

describe('crash kinds by OS and language', () => {
  it('Windows: Python lacks SIGKILL, and the platform says why; Node has every kind', () => {
    const win = win32Platform()
    const py = crashKinds(win, 'python')
    expect(py.offered).toEqual(CRASHES.filter((c) => c !== 'sigkill'))
    expect(py.missing.map((m) => [m.how, m.why.key])).toEqual([['sigkill', 'core.platform.winPythonNoSigkill']])
    expect(english(py.missing[0].why)).toMatch(/no signal\.SIGKILL/)
    expect(crashKinds(win, 'node')).toEqual({ offered: CRASHES, missing: [] })
    // The action still offers it: a Node run can make it.
    expect(crashChoices(win)).toEqual(CRASHES)
  })

  it('Linux and macOS: every kind in both languages', () => {
    for (const p of [linuxPlatform(), darwinPlatform()]) {
      expect(crashKinds(p, 'python')).toEqual({ offered: CRASHES, missing: [] })
      expect(crashChoices(p)).toEqual(CRASHES)
    }
  })

  it('computed from what the platform lacks, not from its name', () => {
    const why = { key: 'core.platform.noThreads' }
    const odd = { pythonMissingSignals: [{ signal: 'SIGKILL' as const, why }] }
    expect(crashKinds(odd, 'python').missing).toEqual([{ how: 'sigkill', why }])
    expect(crashKinds({ pythonMissingSignals: [] }, 'python').missing).toEqual([])
  })

  it("a Python run refuses a crash its OS lacks, with the platform's reason, before ordering anything", () => {
    const ctx = { options: { mode: 'processes', workers: 3 } } as unknown as ScenarioContext<'crash-isolation'>
    const master = new PythonMaster(ctx, crashKinds(win32Platform(), 'python'))
    let refused: unknown
    try {
      master.crash('sigkill', 1)
    } catch (err) {
      refused = err
    }
    expect(refused).toBeInstanceOf(LabError)
    const m = (refused as LabError).msg
    expect(m.key).toBe('scenario.crash-isolation.error.crashMissing')
    expect(english(m)).toMatch(/Worker 1 cannot crash by SIGKILL in this run: Python on Windows has no signal\.SIGKILL/)
    // Any other kind goes on to the usual checks (here: worker 1 has not started yet).
    expect(() => master.crash('segfault', 1)).toThrow(LabError)
    try {
      master.crash('segfault', 1)
    } catch (err) {
      expect((err as LabError).msg.key).toBe('scenario.crash-isolation.error.notRunning')
    }
  })
})
