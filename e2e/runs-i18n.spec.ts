// A run's outcome and events in the reader's language: with a Chinese
// browser, the outcome panel, the lifecycle, the event log, a refused kill's
// toast and a refused option speak Chinese (the core sends message keys, not
// English); and a run with the `language` option stands beside the latest
// finished run of the same scenario in the other language.
import fs from 'node:fs'
import type { Page, WebSocketRoute } from '@playwright/test'
import { expect, startFromLab, test } from './fixtures'

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' })

  test('the outcome, the lifecycle and the event log of a run', async ({ dashboard: page }) => {
    await startFromLab(page, 'threads', { count: '2', pauseMs: '100' })
    const panel = page.getByTestId('run-panel')
    const outcome = panel.getByTestId('outcome')
    await expect(outcome).toHaveAttribute('data-final', 'true', { timeout: 20_000 })
    await expect(outcome.locator('h3')).toHaveText('结果')
    await expect(outcome.getByTestId('outcome-score')).toHaveText(/^\d+ 项检查中 \d+ 项成立/)
    // The lifecycle: kinds and texts from the catalog, the exit told in Chinese.
    const life = panel.getByTestId('run-lifecycle')
    await expect(life).toContainText('已启动（')
    await expect(life).toContainText('正常退出（退出码 0）')
    await expect(life).toContainText('运行状态：已完成')
    await expect(life).not.toContainText(/started|exited|run finished/)
    await page.screenshot({ path: test.info().outputPath('outcome-zh.png') })

    // The report is written in the language the dashboard shows, its JSON with the keys as well.
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('export-report').click()])
    const html = fs.readFileSync((await download.path())!, 'utf8')
    expect(html).toContain('<html lang="zh-CN">')
    expect(html).toMatch(/<h2>结果<\/h2>/)
    expect(html).toMatch(/\d+ 项检查中 \d+ 项成立/)
    const data = JSON.parse(/<script type="application\/json" id="proclab-data">([\s\S]*?)<\/script>/.exec(html)![1])
    expect(data.rendered.language).toBe('zh')
    expect(data.lifecycle.some((l: { text: { key?: string } }) => l.text.key === 'ui.runs.lifecycle.started')).toBe(
      true,
    )

    await page.getByTestId('tab-monitor').click()
    const log = page.getByTestId('event-log')
    await expect(log).toContainText('启动了')
    await expect(log).toContainText('正常退出（退出码 0）')
    await expect(page.locator('[aria-label=事件日志]')).toBeVisible()
  })

  test('a refused kill and a refused option say why in Chinese', async ({ dashboard: page }) => {
    await page.getByTestId('filter').fill('1')
    await page.locator('[role=treeitem][data-pid="1"]').click()
    await page.getByTestId('kill-menu').click()
    await expect(page.getByTestId('signal-SIGTERM')).toContainText('终止')
    await page.getByTestId('signal-SIGTERM').click()
    await page.keyboard.press('Enter')
    const toast = page.getByTestId('notice-error')
    await expect(toast).toContainText('向 PID 1 发送 SIGTERM 失败：拒绝向 PID 1（init）发送信号：整个系统都依赖它')
    await expect(toast).toHaveAttribute('data-key', 'ui.runs.notice.signalFailed')

    await startFromLab(page, 'threads', { count: '99' })
    // The field's label, not its key (issue 19): the form says 数到几.
    await expect(page.getByTestId('start-error')).toHaveText('“数到几”至多为 20（收到 99）')
  })
})

/** A finished run of `threads` as the core would announce it, with the given language and checks. */
function fakeRun(runId: string, language: string, at: number, oks: (boolean | null)[], figure: number): unknown {
  return {
    runId,
    scenarioId: 'threads',
    title: 'Threads',
    status: 'finished',
    startedAt: at,
    endedAt: at + 500,
    options: { language },
    pids: [],
    outcome: {
      summary: { key: 'core.run.stoppedBefore', params: { before: runId } },
      checks: oks.map((ok, i) => ({ label: { key: `core.thread.${['running', 'done', 'sleeping'][i]}` }, ok })),
      facts: [{ label: { key: 'core.thread.terminated' } }],
      figures: { startMs: figure, [`only-${language}`]: 1 },
    },
  }
}

/** Opens the lab with the given runs announced on its connection, as if the core had run them. */
async function openLabWithRuns(page: Page, url: string, runs: unknown[]): Promise<void> {
  let client: WebSocketRoute | undefined
  await page.routeWebSocket(/\/ws/, (ws) => {
    ws.connectToServer()
    client = ws
  })
  await page.goto(url)
  await expect.poll(() => client !== undefined).toBe(true)
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  // The lab keeps runs from the moment it opens.
  await page.getByTestId('tab-lab').click()
  await expect(page.locator('[data-testid=scenario-item][data-id=threads]')).toBeVisible()
  for (const run of runs) client!.send(JSON.stringify({ push: 'event', payload: { type: 'run', at: Date.now(), run } }))
}

test('a Python run stands beside the latest Node.js run of the same scenario', async ({ page, host }) => {
  const t0 = Date.now()
  await openLabWithRuns(page, host.url, [
    fakeRun('r-node-old', 'node', t0 - 9000, [false, false, false], 70),
    fakeRun('r-node', 'node', t0 - 5000, [true, false, true], 91),
    fakeRun('r-py', 'python', t0 - 1000, [true, true, null], 1.2),
  ])
  await page.locator('[data-testid=scenario-item][data-id=threads]').click()
  const panel = page.getByTestId('run-panel')
  await expect(panel).toHaveAttribute('data-run', 'r-py')
  const outcome = panel.getByTestId('outcome')
  // Not run is neither held nor failed, and not counted.
  await expect(outcome.getByTestId('outcome-score')).toHaveText('2 / 2 checks hold, 1 not run')
  await expect(outcome.locator('[data-testid=outcome-check][data-ok=null]')).toContainText('not run')
  await expect(outcome.getByTestId('outcome-fact')).toHaveText('terminated')
  const compare = outcome.getByTestId('outcome-compare')
  await expect(compare).toHaveAttribute('data-other', 'r-node')
  const rows = compare.getByTestId('compare-check')
  await expect(rows).toHaveCount(3)
  await expect(rows.nth(1).locator('td').nth(0)).toHaveAttribute('data-ok', 'true')
  await expect(rows.nth(1).locator('td').nth(1)).toHaveAttribute('data-ok', 'false')
  await expect(rows.nth(2).locator('td').nth(0)).toHaveAttribute('data-ok', 'null')
  // Only the figures both runs have.
  await expect(compare.getByTestId('compare-figure')).toHaveCount(1)
  await expect(compare.getByTestId('compare-figure')).toContainText('1.2')
  await expect(compare.getByTestId('compare-figure')).toContainText('91')
  await compare.scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('side-by-side.png') })
})
