// queue-pair in a real browser: start its Python mode from the UI and watch
// the queue view fill and empty, each put and get with the pid that made it,
// checked against the run's processes; then the same view in Chinese, with
// no English left in it.
import type { Page } from '@playwright/test'
import { expect, isRunning, test } from './fixtures'

test.skip(() => process.platform !== 'linux', 'runs python3 and checks its processes: Linux CI only')

async function runQueuePair(page: Page): Promise<{ writer: number; reader: number }> {
  await page.getByTestId('tab-lab').click()
  await page.locator('[data-testid=scenario-item][data-id=queue-pair]').click()
  await expect(page.getByTestId('source-file').first()).toHaveText(/queue_pair\.py/)
  await page.getByTestId('option-language').locator('select').selectOption('python')
  await page.getByTestId('option-maxPauseMs').locator('input').fill('400')
  await page.getByTestId('start-run').click()
  const panel = page.getByTestId('run-panel')
  const view = panel.getByTestId('queue-view')
  await expect(view.getByTestId('queue-op')).toHaveCount(6, { timeout: 15_000 })
  await expect(view.getByTestId('queue-reader')).toHaveAttribute('data-state', 'terminated')
  const pidOf = async (role: string): Promise<number> =>
    Number(await panel.locator(`[data-testid=run-processes] tr[data-role="${role}"]`).getAttribute('data-pid'))
  return { writer: await pidOf('writer'), reader: await pidOf('reader') }
}

test('queue-pair in Python: every put by the writer, every get by the reader, in order; the reader terminated', async ({
  dashboard: page,
}) => {
  const { writer, reader } = await runQueuePair(page)
  const view = page.getByTestId('queue-view')
  const ops = await view.getByTestId('queue-op').evaluateAll((rows) =>
    rows.map((r) => ({
      op: r.getAttribute('data-op'),
      v: r.getAttribute('data-value'),
      pid: Number(r.getAttribute('data-pid')),
    })),
  )
  // Puts and gets of different values may interleave any way (a pause may be ~0); each kind is in order.
  const of = (op: string): string[] => ops.filter((o) => o.op === op).map((o) => `${o.v}@${o.pid}`)
  expect(of('put')).toEqual(['A', 'B', 'C'].map((v) => `${v}@${writer}`))
  expect(of('get')).toEqual(['A', 'B', 'C'].map((v) => `${v}@${reader}`))
  await expect(view.getByTestId('queue-contents')).toContainText('empty')
  await expect(view.getByTestId('queue-writer')).toContainText('exited, code 0')
  await expect(view.getByTestId('queue-reader')).toContainText('terminated (SIGTERM)')
  const outcome = page.getByTestId('outcome')
  await expect(outcome).toHaveAttribute('data-final', 'true')
  await expect(outcome.getByTestId('outcome-check')).toHaveCount(6)
  await expect(outcome.locator('[data-testid=outcome-check][data-ok=false]')).toHaveCount(0)
  expect(isRunning(writer)).toBe(false)
  expect(isRunning(reader)).toBe(false)
})

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' })

  test('the queue view has no English left', async ({ dashboard: page }) => {
    await runQueuePair(page)
    const view = page.getByTestId('queue-view')
    await expect(view.getByTestId('queue-contents')).toContainText('空')
    await expect(view).toContainText('写进程')
    await expect(view).toContainText('已终止（SIGTERM）')
    // Words of two or more Latin letters: only identifiers (PID, the signal's name) may remain.
    const text = await view.innerText()
    const words = [...new Set(text.match(/[A-Za-z]{2,}/g) ?? [])].filter((w) => !['PID', 'SIGTERM'].includes(w))
    expect(words).toEqual([])
  })
})
