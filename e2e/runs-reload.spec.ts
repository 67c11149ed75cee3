// A finished run survives a reload of the page: its process table, lifecycle
// and output come back from the record the core keeps, and its report has its
// processes and output, not empty sections.
import fs from 'node:fs'
import { expect, startFromLab, test } from './fixtures'

test('a finished fork run keeps its processes, lifecycle, output and report after a reload', async ({
  dashboard: page,
}) => {
  await startFromLab(page, 'fork', { language: 'node', holdMs: '0' })
  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', { timeout: 30_000 })
  const runId = (await panel.getAttribute('data-run'))!
  const rows = panel.getByTestId('run-processes').locator('tbody tr')
  await expect(rows).toHaveCount(2)
  const before = {
    rows: await rows.allInnerTexts(),
    output: await panel.getByTestId('run-output').locator('.line').count(),
    lifecycle: await panel.getByTestId('run-lifecycle').locator('.item').count(),
  }
  expect(before.output).toBeGreaterThan(0)

  await page.reload()
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  await page.getByTestId('tab-lab').click()
  await page.locator('[data-testid=scenario-item][data-id=fork]').click()
  await page.locator(`[data-testid=run-tabs] [data-run="${runId}"]`).click()
  await expect(panel).toHaveAttribute('data-run', runId)
  await expect(panel.getByTestId('run-processes-none')).toHaveCount(0)
  // The same rows (role, pid, parent, how it ended), the same output, the same lifecycle.
  await expect(rows).toHaveCount(2)
  expect(await rows.allInnerTexts()).toEqual(before.rows)
  await expect(panel.getByTestId('run-output').locator('.line')).toHaveCount(before.output)
  await expect(panel.getByTestId('run-lifecycle').locator('.item')).toHaveCount(before.lifecycle)
  await expect(panel.getByTestId('run-lifecycle')).toContainText('finished')

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('export-report').click()])
  const html = fs.readFileSync((await download.path())!, 'utf8')
  expect(html).toContain('data-testid="report-processes"')
  expect(html).toContain('<td>parent</td>')
  expect(html).toContain('data-testid="report-output"')
  expect(html).toContain('data-testid="report-lifecycle"')
  expect(html).not.toContain('data-testid="report-incomplete"')
})

test('a deadlock run stopped while stuck shows no thread still waiting, before and after a reload', async ({
  dashboard: page,
}) => {
  await startFromLab(page, 'deadlock', { language: 'node' })
  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('waitfor-graph')).toHaveAttribute('data-cycle', 'true', { timeout: 20_000 })
  await expect(panel.locator('[data-testid=thread-row][data-state=waiting]')).toHaveCount(2)
  const runId = (await panel.getAttribute('data-run'))!
  await panel.getByTestId('stop-run').click()
  await expect(panel.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped', { timeout: 20_000 })
  const ended = async (): Promise<void> => {
    await expect(panel.locator('[data-testid=thread-row][data-name^=Thread-]')).toHaveCount(2)
    await expect(panel.locator('[data-testid=thread-row][data-state=waiting]')).toHaveCount(0)
    await expect(panel.locator('[data-testid=thread-row]:not(.ended)')).toHaveCount(0)
    await expect(panel.getByTestId('thread-summary')).not.toContainText('waiting')
  }
  await ended()
  await page.reload()
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  await page.getByTestId('tab-lab').click()
  await page.locator('[data-testid=scenario-item][data-id=deadlock]').click()
  await page.locator(`[data-testid=run-tabs] [data-run="${runId}"]`).click()
  await expect(panel).toHaveAttribute('data-run', runId)
  await ended()
  await expect(panel.getByTestId('run-processes').locator('tbody tr')).not.toHaveCount(0)
})
