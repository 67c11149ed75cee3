// The distributed scenario's manager key opens the manager to anyone who
// holds it (a pickled put() runs as the user), so it must never reach what
// ProcLab records, shows or exports. A real run of each mode is recorded and
// the recording searched for the key: nothing. The manager still refuses a
// client without the key (the intruder).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Lab } from '../../src/core/lab'
import { readRecording } from '../../src/core/record/session'
import type { LabEvent, RunInfo } from '../../src/shared/model'
import { hostPlatform } from '../../src/core/platform'
import { onLinux, waitFor } from '../helpers/procs'

let dir: string
let lab: Lab | undefined

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-secrets-'))
})
afterEach(async () => {
  await lab?.close()
  lab = undefined
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Records one distributed run from start to end; gives the recording's text and the events seen. */
async function recordRun(
  options: Record<string, unknown>,
  onEvent: (e: LabEvent) => void = () => {},
): Promise<{ text: string; run: RunInfo }> {
  lab = new Lab({ intervalMs: 250, recordingDir: dir }).start()
  lab.on('event', onEvent)
  await lab.startRecording()
  const reply = await lab.invoke('startScenario', ['distributed', options])
  if (!reply.ok) throw new Error(reply.error.message)
  const runId = (reply.value as RunInfo).runId
  const run = await waitFor(async () => {
    const runs = (await lab!.invoke('listRuns', [])) as { ok: true; value: RunInfo[] }
    const r = runs.value.find((x) => x.runId === runId)
    return r?.endedAt && r.outcome ? r : undefined
  }, 60_000)
  const { current } = await lab.stopRecording()
  const bytes = fs.readFileSync(current!.file)
  // It also reads back, every line of a real run passing the recording's type checks.
  expect(readRecording(bytes).events.some((e) => e.type === 'run' && e.run.runId === runId)).toBe(true)
  return { text: zlib.gunzipSync(bytes).toString('utf8'), run }
}

const python = !('missing' in hostPlatform().findPython())

describe.runIf(onLinux && python)('distributed, Python mode', () => {
  it('the manager key is in no line of a recorded run; the intruder without it is refused', async () => {
    // The key as the local workers get it: in their environment (readable only by this user).
    let key: string | undefined
    const workers: number[] = []
    const { text, run } = await recordRun(
      { language: 'python', workers: 2, tasks: 4, taskSec: 0.1, intruder: true },
      (e) => {
        if (e.type === 'spawn' && e.role?.startsWith('local worker')) workers.push(e.pid)
        for (const pid of workers) {
          if (key) break
          try {
            const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
            key = env.find((v) => v.startsWith('TASK_AUTHKEY='))?.slice('TASK_AUTHKEY='.length)
          } catch {
            // Gone already; the next event tries the other.
          }
        }
      },
    )
    expect(key, 'the key was read from a local worker').toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/)
    expect(text.length).toBeGreaterThan(1000)
    // Booleans, not the text: a failure must not print the recording (nor the key) into the log.
    expect(text.includes('"scenarioId":"distributed"'), 'the run is in the recording').toBe(true)
    expect(text.split('\n').filter((l) => l.includes(key!)).length, 'lines of the recording holding the key').toBe(0)
    // The run's live state was recorded (the join command is there), without the key.
    expect(text.includes('"keyFile"'), 'the join command is in the recording').toBe(true)
    expect(run.outcome!.figures).toMatchObject({ refused: 1, servedToRefused: 0, correct: 4 })
  })
})

describe.runIf(process.platform !== 'win32')('distributed, Node mode', () => {
  it('no key (32 random bytes, 64 hex digits, sent to workers over IPC only) in a recorded run; the intruder is refused', async () => {
    const { text, run } = await recordRun({ language: 'node', workers: 2, tasks: 4, taskSec: 0.1, intruder: true })
    expect(text.includes('"scenarioId":"distributed"'), 'the run is in the recording').toBe(true)
    // Neither the master's key nor the intruder's wrong one: no 64-hex-digit run anywhere.
    expect((text.match(/[0-9a-f]{64}/gi) ?? []).length, 'runs of 64 hex digits in the recording').toBe(0)
    expect(run.outcome!.figures).toMatchObject({ refused: 1, correct: 4 })
  })
})
