// Issue 19, items 2, 6 and 7, as a user sees them:
// - "Live" only while snapshots arrive: a stalled host reads "Stalled", a dropped WebSocket
//   "Disconnected — reconnecting", the numbers grey out, and both recover by themselves;
// - the window at its minimum (900×600) in English and 中文: nothing cut off on the right, header
//   labels on one line;
// - Start brings the run into view at the window's own size (1360×860), and a run's long list of
//   processes folds behind a count.
import type { Page, WebSocketRoute } from '@playwright/test'
import { expect, startFromLab, startHost, stopProcess, test } from './fixtures'

async function setLanguage(page: Page, lang: 'en' | 'zh'): Promise<void> {
  await page.getByTestId(`language-${lang}`).click()
  await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en')
}

/** The element's box lies wholly inside the viewport's width. */
async function expectInsideWidth(page: Page, testid: string, width: number): Promise<void> {
  const box = await page.getByTestId(testid).first().boundingBox()
  expect(box, `${testid} is laid out`).not.toBeNull()
  expect(box!.x, `${testid} starts inside the window`).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width, `${testid} ends inside the window`).toBeLessThanOrEqual(width + 0.5)
}

/** The labels that take more than one line (a label broken one character per line takes several), with their line counts. */
function brokenLabels(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.flatMap((el) => {
      // The text's own boxes only (an icon beside it sits at another height); tops a few px apart are one line.
      const tops: number[] = []
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent?.trim()) continue
        const range = document.createRange()
        range.selectNodeContents(n)
        for (const r of Array.from(range.getClientRects()))
          if (r.width > 0 && !tops.some((t) => Math.abs(t - r.top) < 6)) tops.push(r.top)
      }
      return tops.length > 1 ? [`${(el as HTMLElement).innerText.trim()}: ${tops.length} lines`] : []
    }),
  )
}

for (const lang of ['en', 'zh'] as const) {
  test(`at the window's minimum (900×600) nothing is cut off, in ${lang === 'en' ? 'English' : '中文'}`, async ({
    dashboard: page,
  }) => {
    await page.setViewportSize({ width: 900, height: 600 })
    await setLanguage(page, lang)
    for (const view of ['monitor', 'lab'] as const) {
      await page.getByTestId(`tab-${view}`).click()
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${view}: page width`,
      ).toBeLessThanOrEqual(900)
      for (const id of [
        'tab-monitor',
        'tab-lab',
        'record',
        'open-recording',
        'export-table',
        'sampling-interval',
        'language-switch',
        'settings',
        'live',
        'cpu-total',
        'memory',
        'throughput',
      ])
        await expectInsideWidth(page, id, 900)
      // One line each: "监视/器", "设/置" and "中/文" broke one character per line.
      const labels =
        '.app-header [role=tab], .app-header summary, .app-header [role=radio], .app-header .btn, [data-testid=live], .overview .caption, .overview .segmented button, .overview .pause'
      expect(await page.locator(labels).count()).toBeGreaterThan(10)
      expect(await brokenLabels(page, labels), `${view}: labels on more than one line`).toEqual([])
    }
    // Recording makes the record button longer ("Stop · 1.2 KiB"): still one line, still inside.
    await page.getByTestId('record').click()
    await expect(page.getByTestId('record')).toHaveAttribute('data-recording', 'true')
    expect(await brokenLabels(page, '.app-header .btn, [data-testid=language-switch] button')).toEqual([])
    await expectInsideWidth(page, 'live', 900)
    await page.getByTestId('record').click()
    await expect(page.getByTestId('record')).toHaveAttribute('data-recording', 'false')
  })
}

test('a stalled host reads "Stalled", greyed, and Live again when it resumes', async ({ page }) => {
  test.skip(process.platform === 'win32', 'stops the host with SIGSTOP: Unix only')
  const { host, child } = await startHost()
  try {
    await page.goto(host.url)
    const live = page.getByTestId('live')
    await expect(live).toHaveText('Live')
    await expect(page.getByTestId('cpu-total')).toBeVisible()
    process.kill(host.pid, 'SIGSTOP')
    // Three missed ticks (1 s sampling) and more: no longer Live, and the numbers greyed.
    await expect(live).toHaveText('Stalled', { timeout: 10_000 })
    await expect(live).toHaveAttribute('title', /No snapshot for \d+ s/)
    await expect(page.locator('.overview')).toHaveAttribute('data-stale', 'true')
    process.kill(host.pid, 'SIGCONT')
    await expect(live).toHaveText('Live', { timeout: 10_000 })
    await expect(page.locator('.overview')).toHaveAttribute('data-stale', 'false')
  } finally {
    try {
      process.kill(host.pid, 'SIGCONT')
    } catch {
      // Already gone.
    }
    await stopProcess(child)
  }
})

test('a dropped WebSocket reads "Disconnected — reconnecting" and reconnects by itself', async ({ page, host }) => {
  let refuse = false
  const open: WebSocketRoute[] = []
  await page.routeWebSocket(/\/ws/, (ws) => {
    // While "the network is down", every new connection is closed at once.
    if (refuse) return void ws.close()
    ws.connectToServer()
    open.push(ws)
  })
  await page.goto(host.url)
  const live = page.getByTestId('live')
  await expect(live).toHaveText('Live')
  const seq = async (): Promise<number> =>
    Number(/#(\d+)/.exec((await page.getByTestId('status').textContent()) ?? '')?.[1] ?? 0)

  refuse = true
  for (const ws of open.splice(0)) await ws.close()
  await expect(live).toHaveText('Disconnected — reconnecting', { useInnerText: true })
  await expect(page.locator('.overview')).toHaveAttribute('data-stale', 'true')
  // Still down a few seconds later: it keeps saying so, and the numbers stand still.
  const before = await seq()
  await page.waitForTimeout(2500)
  await expect(live).toHaveText('Disconnected — reconnecting', { useInnerText: true })
  expect(await seq()).toBe(before)

  refuse = false
  await expect(live).toHaveText('Live', { timeout: 15_000 })
  await expect(page.locator('.overview')).toHaveAttribute('data-stale', 'false')
  await expect.poll(seq, { timeout: 10_000 }).toBeGreaterThan(before)
})

test('Start brings the run into view at 1360×860', async ({ dashboard: page }) => {
  await startFromLab(page, 'distributed', { tasks: '4', taskSec: '0.2' })
  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('run-status')).toBeInViewport()
  // The caution is folded: one line, open on demand.
  const caution = page.getByTestId('scenario-caution')
  await expect(caution).not.toHaveAttribute('open')
  await expect(panel.getByTestId('run-status')).toHaveText(/finished|failed|stopped/, { timeout: 30_000 })
})

test("lock-race's results table shows every column in its panel at 1360×860, in both languages", async ({
  dashboard: page,
}) => {
  await startFromLab(page, 'lock-race', { language: 'python', iterations: '1000' })
  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('run-status')).toHaveText('finished', { timeout: 30_000 })
  const table = panel.getByTestId('result-table')
  // The table is no wider than the region that holds it: its last column is not cut off.
  const overflow = (): Promise<number> =>
    table.evaluate((el) => el.scrollWidth - (el.parentElement as HTMLElement).clientWidth)
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(page, lang)
    await expect(table.locator('th').last()).toBeVisible()
    expect(await overflow(), lang).toBeLessThanOrEqual(0)
  }
  await setLanguage(page, 'en')
})

test("a run's long list of processes folds behind a count", async ({ dashboard: page }) => {
  await startFromLab(page, 'switch-cost', {
    language: 'node',
    kind: 'processes',
    maxCount: '16',
    workM: '10',
    roundTrips: '100',
  })
  const panel = page.getByTestId('run-panel')
  const toggle = panel.getByTestId('run-processes-toggle')
  await expect(toggle).toHaveText(/^\d+ processes — show all$/, { timeout: 30_000 })
  await expect(panel.locator('[data-testid=run-processes] tbody tr')).toHaveCount(8)
  // The run's own view and outcome follow the folded list, not 64 rows below it.
  // Once the run is over the count stands still: unfolded, every one of them is listed.
  await expect(panel.getByTestId('run-status')).toHaveText(/finished|failed|stopped/, { timeout: 60_000 })
  const n = Number(/\d+/.exec((await toggle.textContent())!)![0])
  expect(n).toBeGreaterThan(12)
  await toggle.click()
  await expect(panel.locator('[data-testid=run-processes] tbody tr')).toHaveCount(n)
  await expect(toggle).toHaveText('Show fewer')
})
