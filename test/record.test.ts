// Recording and reading back a session against the real sampler: the file
// decodes to exactly the snapshots and events the lab emitted; the size bound
// stops the recording with a message and nothing else; damaged, foreign and
// old-version files are told apart; a replay-only lab refuses every action.
import { english } from './helpers/outcome'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Lab } from '../src/core/lab'
import { readRecording } from '../src/core/record/session'
import type { LabEvent, Snapshot } from '../src/shared/model'
import { redactSnapshot } from '../src/shared/redact'
import { startChild, waitFor } from './helpers/procs'
import { coreCatalog } from '../src/shared/i18n'
import { renderPlain } from '../src/shared/msg'
import type { LabError } from '../src/core/errors'

let dir: string
let lab: Lab | undefined

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-rec-'))
})

afterEach(async () => {
  await lab?.close()
  lab = undefined
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('recording', () => {
  it('writes a gzip file that reads back as the very snapshots and events the lab emitted', async () => {
    lab = new Lab({ intervalMs: 250, recordingDir: dir }).start()
    await lab.getSnapshot()
    const seen: Snapshot[] = []
    const events: LabEvent[] = []
    lab.on('snapshot', (s) => seen.push(s))
    lab.on('event', (e) => events.push(e))
    const info = await lab.startRecording()
    expect(info.recording).toBe(true)
    // Processes come and go while recording, so deltas carry additions and removals.
    // Seen in a snapshot, then seen gone: the sampler finds a new outside process on its next whole-table
    // pass (every few seconds), so a fixed number of snapshots may miss it on a busy machine.
    const sleeper = startChild('sleep', ['30'])
    const has = (snap: Snapshot | undefined): boolean => !!snap?.processes.some((p) => p.pid === sleeper.pid)
    await waitFor(() => seen.length >= 4 && has(seen.at(-1)), 20_000)
    sleeper.kill('SIGKILL')
    await waitFor(() => !has(seen.at(-1)), 20_000)
    await lab.invoke('startScenario', ['fork', {}])
    await waitFor(() => events.some((e) => e.type === 'run' && e.run.endedAt), 15_000)
    await waitFor(() => seen.length >= 10, 10_000)
    const done = await lab.stopRecording()
    expect(done.recording).toBe(false)
    const file = done.current!.file
    expect(path.dirname(file)).toBe(dir)

    const bytes = fs.readFileSync(file)
    expect(bytes[0]).toBe(0x1f)
    const header = JSON.parse(zlib.gunzipSync(bytes).toString().split('\n')[0])
    expect(header).toMatchObject({ format: 'proclab-recording', version: 1 })
    expect(header.scenarios.map((s: { id: string }) => s.id)).toContain('fork')
    const rec = readRecording(bytes)
    // Listeners registered before the recorder see the same sequence; the recording may stop one short.
    const recorded = rec.snapshots.map((s) => s.seq)
    const first = seen.findIndex((s) => s.seq === recorded[0])
    expect(first).toBeGreaterThanOrEqual(0)
    for (let i = 0; i < rec.snapshots.length; i++)
      // As emitted, but for secrets on command lines (`?token=`), which a recording never keeps.
      expect(rec.snapshots[i]).toEqual(JSON.parse(JSON.stringify(redactSnapshot(seen[first + i]))))
    expect(rec.snapshots.some((s, i) => i > 0 && s.processes.length !== rec.snapshots[i - 1].processes.length)).toBe(
      true,
    )
    const kinds = new Set(rec.events.map((e) => e.type))
    for (const k of ['run', 'spawn', 'exit', 'output']) expect(kinds).toContain(k)
    expect(rec.events.filter((e) => e.type === 'run').at(-1)).toMatchObject({
      run: { scenarioId: 'fork', status: 'finished' },
    })
    expect(rec.endReason).toBe('stopped')
    // Only changes are written: the file is much smaller than the snapshots as JSON.
    const plain = rec.snapshots.reduce((n, s) => n + JSON.stringify(s).length, 0)
    expect(zlib.gunzipSync(bytes).length).toBeLessThan(plain / 2)
    expect((await lab.getRecordingFile('last'))!.base64).toBe(bytes.toString('base64'))
  })

  it('stops at its size bound with a message, and the lab carries on', async () => {
    lab = new Lab({ intervalMs: 250, recordingDir: dir, recordingMaxBytes: 6000 }).start()
    const events: LabEvent[] = []
    lab.on('event', (e) => events.push(e))
    await lab.startRecording()
    const warn = await waitFor(
      () => events.find((e) => e.type === 'log' && e.level === 'warn' && /Recording stopped/.test(english(e.text))),
      20_000,
    )
    expect(warn?.type === 'log' && english(warn.text)).toMatch(/reached its limit of 0\.01 MB/)
    const info = await lab.getRecording()
    expect(info.recording).toBe(false)
    expect(info.current).toMatchObject({ stopReason: 'limit' })
    const file = info.current!.file
    const rec = readRecording(fs.readFileSync(file))
    // Bounded: it stops at the first snapshot that takes it past the bound, so the file exceeds
    // the bound by at most one snapshot (compressed on its own here, which is an upper bound).
    const largest = Math.max(...rec.snapshots.map((s) => zlib.gzipSync(JSON.stringify(s)).length))
    expect(fs.statSync(file).size).toBeLessThan(6000 + largest + 1000)
    expect(rec.endReason).toBe('limit')
    // Sampling goes on; a new recording can start.
    const before = (await lab.getSnapshot()).seq
    await waitFor(async () => (await lab!.getSnapshot()).seq > before + 1, 5000)
    expect((await lab.startRecording()).recording).toBe(true)
  })

  it('refuses a truncated file, a random file and a foreign gzip with a clear message', async () => {
    lab = new Lab({ intervalMs: 250, recordingDir: dir }).start()
    await lab.startRecording()
    await waitFor(
      async () => (await lab!.getRecording()).current!.bytes > 0 || (await lab!.getSnapshot()).seq > 4,
      10_000,
    )
    const { current } = await lab.stopRecording()
    const good = fs.readFileSync(current!.file)
    expect(() => readRecording(good.subarray(0, Math.floor(good.length * 0.6)))).toThrow(
      'The recording is damaged: the compressed data ends early or is corrupt (was the file cut short?)',
    )
    expect(() => readRecording(crypto.randomBytes(4096))).toThrow('This is not a ProcLab recording (not a gzip file)')
    expect(() => readRecording(zlib.gzipSync('hello\nworld\n'))).toThrow(
      'This is not a ProcLab recording (no recording header)',
    )
    const newer = zlib.gzipSync(
      JSON.stringify({ format: 'proclab-recording', version: 99, startedAt: 0, platform: 'linux' }) + '\n',
    )
    expect(() => readRecording(newer)).toThrow(/newer ProcLab/)
  })

  it('never overwrites a file: recording to an existing one is refused at once', async () => {
    lab = new Lab({ recordingDir: dir })
    const file = path.join(dir, 'taken.proclab.gz')
    fs.writeFileSync(file, 'keep me')
    expect(() => lab!.recordings.start(file)).toThrow(/Cannot record to .*taken\.proclab\.gz: EEXIST/)
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me')
    expect((await lab.getRecording()).recording).toBe(false)
  })

  it('opens a version-0 recording through the migration path', () => {
    const rec = readRecording(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'recording-v0.proclab.gz')))
    expect(rec.fileVersion).toBe(0)
    expect(rec.snapshots.map((s) => s.processes.map((p) => p.pid))).toEqual([[1], [1, 200], [1]])
    expect(rec.snapshots[1].processes[1]).toMatchObject({ role: 'parent', cpu: 99.5 })
    expect(rec.events.map((e) => e.type)).toEqual(['spawn', 'run'])
    expect(rec.endedAt - rec.startedAt).toBe(2000)
  })

  it('a replay-only lab refuses to start, stop, signal or join, with the reason', async () => {
    lab = new Lab({ recordingDir: dir })
    lab.recordings.replay = { name: 'x.proclab.gz', bytes: Buffer.from('') }
    const sleeper = startChild('sleep', ['30'])
    for (const [method, args] of [
      ['kill', [sleeper.pid, 'SIGKILL']],
      ['startScenario', ['fork']],
      ['stopScenario', ['fork-1']],
      ['join', [sleeper.pid, 10]],
      ['startRecording', []],
    ] as const) {
      const reply = await lab.invoke(method, [...args])
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'EREFUSED',
          message: 'This is a recording: nothing can be killed or started in a replay',
          msg: { key: 'core.error.replay' },
        },
      })
    }
    await new Promise((r) => setTimeout(r, 200))
    expect(sleeper.exitCode).toBe(null)
    expect(sleeper.signalCode).toBe(null)
    expect(await lab.invoke('getRecording', [])).toMatchObject({ ok: true, value: { replayOnly: 'x.proclab.gz' } })
  })
})

describe('a refused recording, in the user’s language', () => {
  it('says why as a message: the same reasons in Chinese, with the line that is damaged', () => {
    const zh = coreCatalog('zh')
    const refused = (bytes: Uint8Array): LabError => {
      try {
        readRecording(bytes)
      } catch (err) {
        return err as LabError
      }
      throw new Error('the recording was accepted')
    }
    expect(renderPlain(zh, refused(crypto.randomBytes(64)).msg)).toBe('这不是 ProcLab 录制文件（不是 gzip 文件）')
    const header = JSON.stringify({ format: 'proclab-recording', version: 1, startedAt: 1, platform: 'linux' })
    const bad = refused(zlib.gzipSync(`${header}\nnot json\n`))
    expect(renderPlain(zh, bad.msg)).toBe('录制文件已损坏：第 2 行不是有效的 JSON（文件是不是被截断了？）')
    expect(bad.message).toBe('The recording is damaged: line 2 is not valid JSON (was the file cut short?)')
  })
})
