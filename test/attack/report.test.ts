// A crafted recording against the HTML report: values that should be numbers
// (pid, ppid, tid) or plain text (check values, roles, names) carrying markup
// or a `</script>`. A file whose numbers are not numbers is refused when it is
// read, naming the line; whatever text reaches a report is escaped; and the
// report's CSP runs only its own script and style (by hash), so even markup
// that slipped through could not run. Checked on the HTML, and in Chromium
// where it is installed.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunInfo } from '../../src/shared/model'
import { parseRecording, RecordingError } from '../../src/shared/recording/format'
import { englishOf } from '../../src/core/errors'
import {
  REPORT_CSP,
  REPORT_CSS,
  REPORT_SCRIPT,
  reportHtml,
  SCRIPT_HASH,
  STYLE_HASH,
  type ReportInput,
} from '../../src/renderer/src/lib/report'

const PAYLOAD = '<img src=x onerror="window.pwned=1">'
const CLOSE = '</script><script>window.pwned=2</script>'

const header = { format: 'proclab-recording', version: 1, startedAt: 1000, platform: 'linux' }
const process1 = { pid: 1, ppid: 0, name: 'init', cpu: 0, memory: 1 }
const snap = (processes: unknown[]) => ({
  k: 'snap',
  s: {
    takenAt: 1000,
    seq: 1,
    cpus: [],
    cpuTotal: 0,
    memory: {},
    processes,
    runs: [],
    sampling: {},
    platform: 'linux',
    selfPid: 2,
  },
})
const file = (...lines: unknown[]): string => [header, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n'
const refusal = (text: string): string => {
  try {
    parseRecording(text)
  } catch (err) {
    if (err instanceof RecordingError) return englishOf(err.msg)
    throw err
  }
  throw new Error('the recording was accepted')
}

const run: RunInfo = {
  runId: 'fork-1',
  scenarioId: 'fork',
  title: 'fork',
  status: 'finished',
  startedAt: 1000,
  endedAt: 3000,
  options: {},
  pids: [42],
}

describe('a recording whose numbers are markup is refused when read, with its line', () => {
  it('a process whose ppid is markup', () => {
    expect(refusal(file(snap([process1, { ...process1, pid: 42, ppid: PAYLOAD }])))).toBe(
      'The recording is damaged: line 2: s.processes.1.ppid: Invalid input: expected number, received string',
    )
  })

  it('a spawn event whose pid is markup, on line 3', () => {
    const spawn = { k: 'event', e: { type: 'spawn', at: 1100, pid: PAYLOAD, ppid: 1, name: 'sh' } }
    expect(refusal(file(snap([process1]), spawn))).toMatch(
      /^The recording is damaged: line 3: e\.pid: .*expected number/,
    )
  })

  it("a run whose thread's tid is markup, and a check whose ok is markup", () => {
    const threads = {
      ...run,
      scenarioId: 'threads',
      live: { threads: [{ pid: 42, tid: PAYLOAD, name: 't', state: 'x' }] },
    }
    expect(refusal(file(snap([process1]), { k: 'event', e: { type: 'run', at: 1200, run: threads } }))).toMatch(
      /^The recording is damaged: line 3: e\.run\.live\.threads\.0\.tid: /,
    )
    const checked = { ...run, outcome: { summary: 's', checks: [{ label: 'l', ok: PAYLOAD }], figures: {} } }
    expect(refusal(file(snap([process1]), { k: 'event', e: { type: 'run', at: 1200, run: checked } }))).toMatch(
      /^The recording is damaged: line 3: e\.run\.outcome\.checks\.0\.ok: /,
    )
  })

  it('a well-formed recording still reads', () => {
    expect(parseRecording(file(snap([process1]))).snapshots).toHaveLength(1)
  })
})

/** A report from values as a crafted file would carry them, past any parse (the report must hold on its own). */
function craftedReport(): string {
  const evilRun = {
    ...run,
    scenarioId: 'threads',
    live: { threads: [{ pid: PAYLOAD, tid: CLOSE, name: PAYLOAD, state: CLOSE }] },
    outcome: {
      summary: CLOSE,
      checks: [{ label: PAYLOAD, ok: `" onmouseover="window.pwned=3` }],
      figures: { n: PAYLOAD },
    },
  } as unknown as RunInfo
  const input = {
    run: evilRun,
    processes: [{ pid: PAYLOAD, ppid: CLOSE, role: PAYLOAD, name: CLOSE, startedAt: 1500 }],
    output: [{ at: 2000, pid: 42, role: PAYLOAD, stream: 'stdout', text: CLOSE }],
    lifecycle: [{ at: 2000, kind: 'info', pid: PAYLOAD, role: CLOSE, text: PAYLOAD }],
  } as unknown as ReportInput
  return reportHtml(input)
}

describe('the report renders crafted values inert', () => {
  it('escapes pid, ppid, tid and check values: no tag, no attribute, no script of theirs', () => {
    const html = craftedReport()
    expect(html).not.toContain('<img')
    expect(html).not.toContain('onerror="')
    expect(html).not.toContain('onmouseover="')
    expect(html).toContain('&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;')
    // Exactly the report's own two scripts: the data block and the save button's handler.
    expect(html.match(/<script/g)).toHaveLength(2)
    expect(html.match(/<\/script>/g)).toHaveLength(2)
  })

  it("has a CSP that runs only the report's own script and style, by hash (no 'unsafe-inline')", () => {
    const sha = (t: string): string => `sha256-${crypto.createHash('sha256').update(t, 'utf8').digest('base64')}`
    expect(SCRIPT_HASH).toBe(sha(REPORT_SCRIPT))
    expect(STYLE_HASH).toBe(sha(REPORT_CSS))
    const html = craftedReport()
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]
    expect(csp).toBe(REPORT_CSP)
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toContain(`script-src '${SCRIPT_HASH}'`)
    expect(html).toContain(`<script>${REPORT_SCRIPT}</script>`)
    expect(html).toContain(`<style>${REPORT_CSS}</style>`)
  })
})

const CHROMIUM = process.env.PROCLAB_CHROMIUM ?? '/usr/bin/chromium'
const haveChromium = fs.existsSync(CHROMIUM)
if (!haveChromium) console.log(`skipped the browser check: no Chromium at ${CHROMIUM} (set PROCLAB_CHROMIUM)`)

describe.runIf(haveChromium)('the crafted report in Chromium', () => {
  let browser: Awaited<ReturnType<typeof chromium.launch>>
  let dir: string
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM })
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-report-'))
  })
  afterAll(async () => {
    await browser?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it("runs none of the recording's script, and the report's own still works", async () => {
    const file = path.join(dir, 'report.html')
    fs.writeFileSync(file, craftedReport())
    const page = await browser.newPage({ acceptDownloads: true })
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
    })
    await page.goto(`file://${file}`)
    await page.locator('li.check').hover()
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined()
    expect(await page.locator('img').count()).toBe(0)
    // The hashed script runs: the save button downloads the embedded data.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#save-data').click()])
    expect(download.suggestedFilename()).toBe('fork-1.json')
    // The style sheet applied too (its hash matched): the body's font is the report's.
    expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('960px')
    expect(violations).toEqual([])
    await page.close()
  }, 30_000)
})
