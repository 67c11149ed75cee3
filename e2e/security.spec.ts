// The token leaves the address bar once the dashboard has it: no copy in the
// history or in a Referer, and the dashboard keeps working without it. The
// page also loads under the strict CSP (no inline style) without a violation.
import { expect, test } from './fixtures'

test('the token is gone from the URL after load and the dashboard still works', async ({ page, host }) => {
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text())
  })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(host.url)
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  const href = page.url()
  expect(href).not.toContain('token')
  expect(href).not.toContain(host.token)
  const meta = await page.locator('meta[name=referrer]').getAttribute('content')
  expect(meta).toBe('no-referrer')

  // Still connected: the lab lists scenarios and shows a scenario's source, both over the WebSocket.
  await page.getByTestId('tab-lab').click()
  await page.locator('[data-testid=scenario-item][data-id=pool]').click()
  await expect(page.getByTestId('source-file').filter({ hasText: 'pool-parent.child.ts' })).toHaveCount(1)
  // The subprocess scenario says, where it is started, what it can run.
  await page.locator('[data-testid=scenario-item][data-id=subprocess]').click()
  await expect(page.getByTestId('scenario-caution')).toContainText(/any program/i)
  await page.getByTestId('tab-monitor').click()
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  // A reload keeps working (the tab keeps the token in its session storage), still with no token in the URL.
  await page.reload()
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  expect(page.url()).not.toContain(host.token)
  expect(violations, 'CSP violations').toEqual([])
  expect(errors).toEqual([])
})

test("a start past the live-run cap shows the core's EBUSY message, and starts nothing", async ({
  dashboard: page,
  host,
}) => {
  const { default: WebSocket } = await import('ws')
  const ws = new WebSocket(`${host.wsUrl}?token=${host.token}`, { origin: host.origin })
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  let id = 0
  const call = (method: string, args: unknown[]): Promise<{ ok: boolean; value?: { runId: string } }> =>
    new Promise((resolve) => {
      const mine = ++id
      const on = (d: Buffer): void => {
        const f = JSON.parse(String(d)) as { id?: number; ok: boolean; value?: { runId: string } }
        if (f.id === mine) {
          ws.off('message', on)
          resolve(f)
        }
      }
      ws.on('message', on)
      ws.send(JSON.stringify({ id: mine, method, args }))
    })
  const runIds: string[] = []
  try {
    // Fill every slot with a sleeper, as another tab or a script could.
    for (;;) {
      const r = await call('startScenario', [
        'subprocess',
        { program: 'sleep', args: ['60'], sendStdin: false, timeoutMs: 60_000 },
      ])
      if (!r.ok) break
      runIds.push(r.value!.runId)
      expect(runIds.length).toBeLessThanOrEqual(8)
    }
    await page.getByTestId('tab-lab').click()
    await page.locator('[data-testid=scenario-item][data-id=fork]').click()
    const runsBefore = await page.locator('[data-testid=run-tabs] [role=tab]').count()
    await page.getByTestId('start-run').click()
    await expect(page.getByTestId('start-error')).toContainText(`at most ${runIds.length} runs at once`)
    await page.screenshot({ path: test.info().outputPath('caps-refused.png') })
    expect(await page.locator('[data-testid=run-tabs] [role=tab]').count()).toBe(runsBefore)
  } finally {
    for (const r of runIds) await call('stopScenario', [r])
    ws.close()
  }
})
