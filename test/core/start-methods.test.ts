// multiprocessing's start methods as the option offers them: the Python that
// will run is asked (its version decides Linux's default), with each system's
// usual set where it cannot be.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { findPython, pythonStartMethods } from '../../src/core/bridge/python'
import { parseStartMethods, startMethodsOf } from '../../src/core/platform/python'
import { hostPlatform } from '../../src/core/platform'
import { withLanguageDefault } from '../../src/core/scenarios/options'
import { processJoinScenario } from '../../src/core/scenarios/process-join'

describe('start methods', () => {
  it("each system's usual set: Windows spawn only; macOS spawn by default; Linux fork by default", () => {
    expect(startMethodsOf('win32')).toEqual({ available: ['spawn'], default: 'spawn' })
    expect(startMethodsOf('darwin').default).toBe('spawn')
    expect(startMethodsOf('darwin').available).toContain('fork')
    expect(startMethodsOf('linux')).toEqual({ available: ['fork', 'spawn', 'forkserver'], default: 'fork' })
  })

  it("reads the probe's answer, and refuses one that is not a start method set", () => {
    expect(parseStartMethods('[["fork", "spawn", "forkserver"], "forkserver"]\n')).toEqual({
      available: ['fork', 'spawn', 'forkserver'],
      default: 'forkserver',
    })
    expect(parseStartMethods('[["spawn"], "fork"]')).toBeUndefined()
    expect(parseStartMethods('[["spawn", "thread"], "spawn"]')).toBeUndefined()
    expect(parseStartMethods('Traceback (most recent call last):')).toBeUndefined()
  })

  it("the option lists this Python's methods with its own default preselected", () => {
    // The Lab settles the option with its platform; the scenario's own declaration is only its shape.
    const platform = hostPlatform()
    const python = findPython(platform)
    const o = withLanguageDefault(processJoinScenario, platform).info.options.find((x) => x.key === 'startMethod')!
    expect(o.type).toBe('choice')
    if ('missing' in python) {
      expect(o.default).toBe(platform.startMethods.default)
      return
    }
    const asked = spawnSync(python.file, [
      ...python.args,
      '-c',
      'import json, multiprocessing as m; print(json.dumps([m.get_all_start_methods(), m.get_start_method()]))',
    ])
    const [available, dflt] = JSON.parse(asked.stdout.toString()) as [string[], string]
    expect(o.choices).toEqual(available)
    expect(o.default).toBe(dflt)
    expect(pythonStartMethods(platform)).toBe(pythonStartMethods(platform)) // asked once, cached
  })
})
