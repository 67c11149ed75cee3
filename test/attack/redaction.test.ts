// A token on a client's command line (`curl ...?token=...`, `--token X`) is in
// the process table for as long as the client runs; a recording or an export
// would keep it for good. What ProcLab stores or exports of a command line
// (recordings, CSV and JSON exports, a report's options) has it redacted.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { Lab } from '../../src/core/lab'
import type { RunInfo, Snapshot } from '../../src/shared/model'
import { redactCommandLine } from '../../src/shared/redact'
import { reportHtml } from '../../src/renderer/src/lib/report'
import { processesCsv, processesJson } from '../../src/renderer/src/lib/table-export'
import { startChild, waitFor } from '../helpers/procs'

const SECRET = 'Zq7TokenValue0xC0FFEE'
const SECRET2 = 'Second9Secret8Value'

describe('redactCommandLine', () => {
  it.each([
    [`curl http://127.0.0.1:8910/metrics?token=${SECRET}`, 'curl http://127.0.0.1:8910/metrics?token=[redacted]'],
    [`curl 'http://h/?a=1&token=${SECRET}&b=2'`, `curl 'http://h/?a=1&token=[redacted]&b=2'`],
    [`proclab-client --token ${SECRET} --port 1`, 'proclab-client --token [redacted] --port 1'],
    [`node web.js --token=${SECRET}`, 'node web.js --token=[redacted]'],
    [`env PROCLAB_TOKEN=${SECRET} node x`, 'env PROCLAB_TOKEN=[redacted] node x'],
    [`curl -H 'Authorization: Bearer ${SECRET}' http://h/`, `curl -H 'Authorization: Bearer [redacted]' http://h/`],
    [`git clone https://me:${SECRET}@example.org/r.git`, 'git clone https://me:[redacted]@example.org/r.git'],
    [`tool --api-key ${SECRET} --access_token=${SECRET2}`, 'tool --api-key [redacted] --access_token=[redacted]'],
    [`curl --oauth2-bearer ${SECRET} http://h/`, 'curl --oauth2-bearer [redacted] http://h/'],
  ])('%s', (cmd, redacted) => {
    expect(redactCommandLine(cmd)).toBe(redacted)
  })

  it('leaves command lines without secrets as they are', () => {
    for (const cmd of [
      'node out/main/web.js --port 0',
      'python3 tokenizer.py --tokens 5 --max-tokens 10',
      '/usr/lib/chromium --password-store=basic --use-mock-keychain',
      'sleep 30',
    ])
      expect(redactCommandLine(cmd)).toBe(cmd)
  })
})

describe('a real client with a token on its command line', () => {
  let dir: string | undefined
  let lab: Lab | undefined
  afterEach(async () => {
    await lab?.close()
    lab = undefined
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('is recorded without the token', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-redact-'))
    // A stand-in for `curl ...?token=` that stays long enough to be sampled.
    const client = startChild(process.execPath, [
      '-e',
      'setTimeout(() => {}, 30000)',
      `http://127.0.0.1:1/?token=${SECRET}`,
      '--token',
      SECRET2,
    ])
    lab = new Lab({ intervalMs: 250, recordingDir: dir }).start()
    await lab.startRecording()
    await waitFor(async () => (await lab!.getSnapshot()).processes.some((p) => p.pid === client.pid && p.cmd), 10_000)
    const seen = (await lab.getSnapshot()).processes.find((p) => p.pid === client.pid)!
    // The live table shows the process (its command line is the OS's to show); the file keeps no secret.
    expect(seen.cmd).toContain('token=')
    const seq = (await lab.getSnapshot()).seq
    await waitFor(async () => (await lab!.getSnapshot()).seq > seq + 1, 10_000)
    const { current } = await lab.stopRecording()
    const text = zlib.gunzipSync(fs.readFileSync(current!.file)).toString('utf8')
    expect(text.includes(`"pid":${client.pid}`), 'the client is in the recording').toBe(true)
    expect(text.includes(SECRET), 'the ?token= value is in the recording').toBe(false)
    expect(text.includes(SECRET2), 'the --token value is in the recording').toBe(false)
    expect(text).toContain('?token=[redacted] --token [redacted]')
  })
})

describe('exports', () => {
  const snapshot = {
    takenAt: 1000,
    seq: 1,
    platform: 'linux',
    processes: [{ pid: 7, ppid: 1, name: 'curl', cpu: 0, memory: 1, cmd: `curl http://h/?token=${SECRET}` }],
  } as unknown as Snapshot

  it('CSV and JSON of the process table carry no token', () => {
    for (const out of [processesCsv(snapshot), processesJson(snapshot)]) {
      expect(out).not.toContain(SECRET)
      expect(out).toContain('token=[redacted]')
    }
  })

  it('a report of a subprocess run shows and embeds its command line without the token', () => {
    const run = {
      runId: 'subprocess-1',
      scenarioId: 'subprocess',
      title: 'subprocess',
      status: 'finished',
      startedAt: 1000,
      endedAt: 2000,
      options: { command: 'curl', args: ['-H', `Authorization: Bearer ${SECRET}`, `http://h/?token=${SECRET2}`] },
      pids: [],
    } as unknown as RunInfo
    const html = reportHtml({ run, processes: [], output: [], lifecycle: [] })
    expect(html).not.toContain(SECRET)
    expect(html).not.toContain(SECRET2)
    expect(html).toContain('Bearer [redacted]')
  })
})
