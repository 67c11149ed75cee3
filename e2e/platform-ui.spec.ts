// The UI offers only what the system has. Here (Linux) every signal and
// Suspend/Resume are offered; with the core's answer to getPlatform() replaced
// by Windows' (the WebSocket reply rewritten in flight, everything else real),
// the kill menu lists only the signals Windows has, shows why the others are
// missing, and Suspend/Resume give way to the reason.
import { expect, startFromLab, test } from './fixtures'
import type { Page } from '@playwright/test'
import { win32Platform } from '../src/core/platform/win32'

async function openKillMenu(page: Page, pid: number): Promise<void> {
  await page.getByTestId('filter').fill(String(pid))
  await page.locator(`[role=treeitem][data-pid="${pid}"]`).click()
  await page.getByTestId('kill-menu').click()
}

test('Linux: every signal, and Suspend and Resume', async ({ dashboard: page, spawnSleep }) => {
  test.skip(
    process.platform !== 'linux',
    'the unmodified answer is this system’s own; the Windows case below runs everywhere',
  )
  const child = await spawnSleep(300)
  await openKillMenu(page, child.pid)
  for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL'])
    await expect(page.getByTestId(`signal-${s}`)).toBeVisible()
  await expect(page.getByTestId('missing-SIGHUP')).toHaveCount(0)
  await expect(page.getByTestId('suspend')).toBeVisible()
  await expect(page.getByTestId('resume')).toBeVisible()
})

test('Windows rules: only TerminateProcess signals, the missing ones explained, no Suspend', async ({
  page,
  host,
  spawnSleep,
}) => {
  const win = win32Platform().info
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer()
    const platformCalls = new Set<number>()
    ws.onMessage((m) => {
      const f = JSON.parse(String(m)) as { id: number; method: string }
      if (f.method === 'getPlatform') platformCalls.add(f.id)
      server.send(m)
    })
    server.onMessage((m) => {
      const f = JSON.parse(String(m)) as { id?: number; ok?: boolean }
      ws.send(f.id !== undefined && platformCalls.has(f.id) ? JSON.stringify({ id: f.id, ok: true, value: win }) : m)
    })
  })
  await page.goto(host.url)
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  const child = await spawnSleep(300)
  await openKillMenu(page, child.pid)
  for (const s of ['SIGTERM', 'SIGINT', 'SIGKILL']) await expect(page.getByTestId(`signal-${s}`)).toBeVisible()
  await expect(page.getByTestId('signal-SIGHUP')).toHaveCount(0)
  await expect(page.getByTestId('missing-SIGHUP')).toContainText('Windows has no SIGHUP')
  await expect(page.getByTestId('signal-SIGTERM')).toContainText('TerminateProcess')
  await expect(page.getByTestId('suspend')).toHaveCount(0)
  await expect(page.getByTestId('resume')).toHaveCount(0)
  await expect(page.getByTestId('no-suspend')).toContainText('Windows has no SIGSTOP')
  await page.screenshot({ path: test.info().outputPath('windows-kill-menu.png') })
  // The confirmation says what the signal does here.
  await page.getByTestId('signal-SIGTERM').click()
  await expect(page.getByTestId('kill-dialog')).toContainText('TerminateProcess')
  await page.getByTestId('kill-cancel').click()

  // Stop says what it does there: the whole tree at once, no grace period.
  await startFromLab(page, 'fork', { holdMs: '15000' })
  const stop = page.getByTestId('stop-run')
  await expect(stop).toHaveAttribute('title', /no grace period/)
  await stop.click()
  await expect(page.getByTestId('run-panel').first()).toHaveAttribute('data-status', 'stopped', { timeout: 15_000 })
})
