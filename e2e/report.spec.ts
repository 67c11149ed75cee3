// Exports from the dashboard: a pool run's HTML report opens in Chromium with
// the network cut and every request routed (none may leave the file itself),
// and shows its timeline, checks, claim, processes and raw data; the process
// table downloads as CSV and JSON.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, startFromLab, test } from './fixtures'

test('a pool run exports a report that opens offline with its timeline and checks', async ({
  dashboard: page,
  browser,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-report-'))
  try {
    await startFromLab(page, 'pool', { workers: '2', tasks: '5', maxTaskMs: '600' })
    const panel = page.getByTestId('run-panel')
    // No report while it runs: only a finished run has its outcome.
    await expect(panel.getByTestId('run-status')).toHaveText('running')
    await expect(panel.getByTestId('export-report')).toHaveCount(0)
    await expect(panel.getByTestId('run-status')).toHaveText('finished', { timeout: 20_000 })
    const checksShown = await panel.getByTestId('outcome').getByTestId('outcome-check').count()
    // The pool's first-wave check is measured, not arranged, and may fail on a busy machine: the
    // report must say what the dashboard says, verdict for verdict.
    const verdictsShown = await panel
      .getByTestId('outcome')
      .getByTestId('outcome-check')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')))
    const runId = await panel.getAttribute('data-run')

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('export-report').click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^proclab-${runId}-.*\\.html$`))
    const file = path.join(dir, download.suggestedFilename())
    await download.saveAs(file)

    // A fresh context with no network at all; every request is seen and only the file itself is let through.
    const context = await browser.newContext({ offline: true, acceptDownloads: true })
    const requests: string[] = []
    const fileUrl = `file://${file}`
    await context.route('**/*', (route) => {
      requests.push(route.request().url())
      return route.request().url() === fileUrl ? route.continue() : route.abort()
    })
    const report = await context.newPage()
    report.on('request', (r) => requests.push(r.url()))
    const errors: string[] = []
    report.on('pageerror', (e) => errors.push(e.message))
    report.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await report.goto(fileUrl)
    await report.waitForLoadState('load')

    await expect(report.locator('h1')).toHaveText('Pool: N workers, more tasks')
    await expect(report.getByTestId('report-claim')).toContainText(/pool/i)
    await expect(report.getByTestId('report-options').locator('tr', { hasText: 'workers' })).toContainText('2')
    // The timeline: one lane per worker, one bar per task.
    const timeline = report.getByTestId('report-timeline')
    await expect(timeline.locator('figcaption')).toHaveText('Tasks per worker process')
    await expect(timeline.locator('rect.bar')).toHaveCount(5)
    await expect(timeline.locator('text.lane')).toHaveCount(2)
    // The same checks as the dashboard, with the same verdicts.
    const checks = report.getByTestId('report-checks').locator('li')
    await expect(checks).toHaveCount(checksShown)
    expect(await checks.evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')))).toEqual(verdictsShown)
    await expect(report.getByTestId('report-processes')).toContainText('pool parent')
    await expect(report.getByTestId('report-processes')).toContainText('pool worker')
    await expect(report.getByTestId('report-figures')).toBeVisible()

    // The raw data is in the page and saves as JSON from it.
    const raw = JSON.parse((await report.locator('#proclab-data').textContent()) ?? '{}')
    expect(raw).toMatchObject({
      format: 'proclab-run-report',
      run: { runId, scenarioId: 'pool', status: 'finished', options: { workers: 2, tasks: 5 } },
    })
    expect(raw.run.outcome.data.timeline).toHaveLength(5)
    const [data] = await Promise.all([report.waitForEvent('download'), report.locator('#save-data').click()])
    const saved = path.join(dir, 'data.json')
    await data.saveAs(saved)
    expect(JSON.parse(fs.readFileSync(saved, 'utf8')).run.runId).toBe(runId)

    expect(errors).toEqual([])
    // Only the report itself was ever requested (blob: downloads are not requests).
    expect(new Set(requests.filter((u) => !u.startsWith('blob:')))).toEqual(new Set([fileUrl]))
    await context.close()
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('the process table exports as CSV and JSON', async ({ dashboard: page, host }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-table-'))
  try {
    const get = async (id: string): Promise<string> => {
      await page.getByTestId('export-table').click()
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()])
      const f = path.join(dir, d.suggestedFilename())
      await d.saveAs(f)
      return fs.readFileSync(f, 'utf8')
    }
    const csv = await get('export-csv')
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe('pid,ppid,name,user,cpu_percent_of_one_core,memory_rss_bytes,threads,runId,role,cmd')
    const self = lines.find((l) => l.startsWith(`${host.pid},`))
    expect(self).toBeDefined()
    // The command line is there too, quoted where it needs to be.
    expect(self).toContain('web.js')
    expect(lines.length).toBeGreaterThan(10)
    const json = JSON.parse(await get('export-json'))
    expect(json.cpuConvention).toBe('percent of one core')
    expect(json.processes.find((p: { pid: number }) => p.pid === host.pid)).toMatchObject({
      pid: host.pid,
      name: 'node',
    })
    expect(Math.abs(json.processes.length - (lines.length - 1))).toBeLessThan(50)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
