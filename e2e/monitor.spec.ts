// The monitor in a real browser against the web host, checked against the OS.
import fs from 'node:fs'
import os from 'node:os'
import WebSocket from 'ws'
import type { ProcLabApi } from '../src/shared/api'
import { SLEEPER, exitOf, expect, isRunning, procState, selectPid, test } from './fixtures'

test.skip(
  () => process.platform !== 'linux',
  'checks the UI against /proc and drives it with sleeper and bash processes: Linux only (macOS and Windows: platform-ui.spec.ts and the Electron smoke spec in CI)',
)

/** The HTTP status a WebSocket handshake gets: 101 when accepted. */
function handshakeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {})
    ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0)
      req.destroy()
    })
    ws.on('open', () => {
      resolve(101)
      ws.close()
    })
    ws.on('error', (err) => reject(err))
  })
}

test('shows one load bar per core, both CPU conventions and the process tree', async ({ dashboard: page, host }) => {
  const cores = os.cpus().length
  await expect(page.getByTestId('core')).toHaveCount(cores)
  await expect(page.getByRole('meter', { name: /^CPU \d+ load$/ })).toHaveCount(cores)
  // Total CPU as % of the machine and as a sum of cores, labelled as such.
  await expect(page.getByTestId('cpu-total')).toContainText('% of machine')
  await expect(page.getByTestId('cpu-sum')).toContainText(`of ${cores * 100} %`)
  await expect(page.getByTestId('sort-cpu')).toHaveText('CPU (% of 1 core)')

  // The tree holds the machine's processes, the host itself among them.
  // Kernel threads are hidden by default, as in htop; shown and hidden together are the OS's count.
  const firstNumber = async (id: string) =>
    Number(/[\d,]+/.exec((await page.getByTestId(id).textContent()) ?? '')?.[0].replace(/,/g, '') ?? 0)
  const shown = await firstNumber('tree-count')
  const kernel = (await page.getByTestId('kernel-toggle').count()) ? await firstNumber('kernel-toggle') : 0
  const onMachine = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length
  expect(shown).toBeGreaterThan(0)
  expect(shown + kernel).toBeGreaterThan(onMachine * 0.8)
  expect(shown + kernel).toBeLessThan(onMachine * 1.2 + 10)
  if (kernel) {
    // (Only where the kernel's threads are visible: not inside a container's pid namespace.)
    await page.getByTestId('kernel-toggle').click()
    await expect.poll(() => firstNumber('tree-count')).toBeGreaterThanOrEqual(shown + kernel - 5)
    await page.getByTestId('kernel-toggle').click()
  }
  expect(await page.locator('[role=treeitem]').count()).toBeGreaterThan(5)
  await page.getByTestId('filter').fill(String(host.pid))
  await expect(page.locator(`[role=treeitem][data-pid="${host.pid}"]`)).toContainText('ProcLab')

  // Sorting by CPU puts the busiest sibling first.
  await page.getByTestId('filter').fill('')
  await page.getByTestId('sort-cpu').click()
  await expect(page.getByTestId('sort-cpu')).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('sort-cpu')).toHaveAccessibleName(/sorted descending/)
})

test('the filter finds a process the test started, by pid and by command line', async ({
  dashboard: page,
  spawnSleep,
}) => {
  const child = await spawnSleep(300)
  // "/" jumps to the filter from anywhere.
  await page.getByTestId('process-tree').focus()
  await page.keyboard.press('/')
  await expect(page.getByTestId('filter')).toBeFocused()
  await page.keyboard.type(String(child.pid))
  const row = page.locator(`[role=treeitem][data-pid="${child.pid}"]`)
  await expect(row).toBeVisible()
  await expect(row).toContainText(SLEEPER.name)
  // Its ancestors stay, to place it in the tree; unrelated processes go.
  await expect(page.locator(`[role=treeitem][data-pid="${process.pid}"]`)).toBeVisible()
  await expect(page.locator('[role=treeitem]')).not.toHaveCount(0)

  await page.getByTestId('filter').fill(SLEEPER.command(300))
  await expect(row).toBeVisible()
  await page.getByTestId('filter').fill('no-such-process-name-xyz')
  await expect(page.locator('[role=treeitem]')).toHaveCount(0)
  await expect(page.getByTestId('process-tree')).toContainText('No process matches')
})

test('kill from the UI ends the process (checked with the OS)', async ({ dashboard: page, spawnSleep }) => {
  const child = await spawnSleep(300)
  await selectPid(page, child.pid)
  await expect(page.getByTestId('cmdline')).toContainText(SLEEPER.command(300))

  // Delete asks first; Escape cancels and nothing happens.
  await page.locator(`[role=treeitem][data-pid="${child.pid}"]`).click()
  await page.keyboard.press('Delete')
  const dialog = page.getByTestId('kill-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText(`Send SIGTERM to ${SLEEPER.name}?`)
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.waitForTimeout(300)
  expect(isRunning(child.pid)).toBe(true)

  // The signal menu, then Enter confirms.
  await page.getByTestId('kill-menu').click()
  await page.getByTestId('signal-SIGTERM').click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Enter')
  const exit = await exitOf(child)
  expect(exit.signal).toBe('SIGTERM')
  expect(isRunning(child.pid)).toBe(false)
  expect(fs.existsSync(`/proc/${child.pid}`)).toBe(false)

  await expect(page.getByTestId('notice-info')).toContainText(`Sent SIGTERM to pid ${child.pid}`)
  await expect(page.locator(`[role=treeitem][data-pid="${child.pid}"]`)).toHaveCount(0)
  await expect(page.getByTestId('state')).toHaveText('exited')
})

test('a refused action shows its error', async ({ dashboard: page }) => {
  // The core refuses to signal init; the UI must say so, not swallow it.
  await selectPid(page, 1)
  await page.getByTestId('kill-menu').click()
  await page.getByTestId('signal-SIGTERM').click()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('notice-error')).toContainText('pid 1')
  expect(isRunning(1)).toBe(true)
})

test('suspend and resume from the UI stop and continue the process', async ({ dashboard: page, spawnSleep }) => {
  const child = await spawnSleep(300)
  await selectPid(page, child.pid)
  await expect(page.getByTestId('state')).toHaveText('sleeping')

  await page.getByTestId('suspend').click()
  await expect.poll(() => procState(child.pid)).toBe('T')
  await expect(page.getByTestId('state')).toHaveText(/stopped/)
  await expect(page.getByTestId('resume')).toBeEnabled()

  await page.getByTestId('resume').click()
  await expect.poll(() => procState(child.pid)).toBe('S')
  await expect(page.getByTestId('state')).toHaveText('sleeping')
})

test('the WebSocket refuses a missing token and a foreign origin', async ({ host }) => {
  expect(await handshakeStatus(host.wsUrl)).toBe(401)
  expect(await handshakeStatus(`${host.wsUrl}?token=not-the-token`)).toBe(401)
  expect(await handshakeStatus(`${host.wsUrl}?token=${host.token}`, 'http://evil.example')).toBe(403)
  // The same request from the dashboard's own origin is accepted.
  expect(await handshakeStatus(`${host.wsUrl}?token=${host.token}`, host.origin)).toBe(101)
})

test('a lab run shows under "Started by ProcLab" with its roles, and its events in the log', async ({
  dashboard: page,
}) => {
  // Started through the same API the Lab view uses.
  const run = await page.evaluate(() =>
    (globalThis as unknown as { proclab: ProcLabApi }).proclab.startScenario('fork', { holdMs: 15_000 }),
  )
  try {
    await page.getByTestId('scope-proclab').click()
    const runRow = page.locator('[role=treeitem][aria-level="1"]').filter({ hasText: run.runId })
    await expect(runRow).toBeVisible()
    // The parent under its run, and the child it forked under the parent.
    const parentRow = page.locator('[role=treeitem][aria-level="2"]').filter({ hasText: 'parent' })
    await expect(parentRow).toBeVisible()
    await expect(page.locator('[role=treeitem][aria-level="3"]').first()).toBeVisible({ timeout: 15_000 })
    await expect(page.getByTestId('tree-count')).toContainText(/\d+ of [\d,]+ processes/)
    // Nothing else: every process row here belongs to the run.
    const rows = page.locator('[role=treeitem][data-pid]')
    for (const text of await rows.allTextContents()) expect(text).toContain(run.runId)

    const log = page.getByTestId('event-log')
    await expect(log).toContainText('spawn')
    await expect(log).toContainText('parent')

    // Join the parent: first with a short timeout while it runs, then while it is killed.
    await parentRow.click()
    await expect(page.getByTestId('join')).toBeVisible()
    await page.getByLabel('Join timeout').selectOption('1000')
    await page.getByTestId('join').click()
    await expect(page.getByTestId('join-result')).toContainText('Timed out after 1.0 s')
    await page.getByLabel('Join timeout').selectOption('30000')
    await page.getByTestId('join').click()
    await expect(page.getByTestId('join-result')).toContainText('Waiting for pid')
    await page.getByTestId('kill-menu').click()
    await page.getByTestId('signal-SIGKILL').click()
    await page.getByTestId('kill-confirm').click()
    await expect(page.getByTestId('join-result')).toContainText(/Joined: killed by SIGKILL after [\d.]+ m?s/)
  } finally {
    await page.evaluate((id) => (globalThis as unknown as { proclab: ProcLabApi }).proclab.stopScenario(id), run.runId)
  }
  await expect(page.getByTestId('process-tree')).toContainText('No process started by ProcLab is running', {
    timeout: 15_000,
  })
  await expect(page.getByTestId('event-log')).toContainText('exit')
})

test('keyboard: arrows move and fold the tree, Enter opens details, Escape returns', async ({ dashboard: page }) => {
  const tree = page.getByTestId('process-tree')
  const rows = tree.locator('[role=treeitem]')
  await tree.focus()
  await page.keyboard.press('Home')
  const first = rows.first()
  await expect(first).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('details')).toContainText(`pid ${await first.getAttribute('data-pid')}`)
  // The top of the tree is a root with children: Left folds it, Right opens it again.
  await expect(first).toHaveAttribute('aria-expanded', 'true')
  await page.keyboard.press('ArrowLeft')
  await expect(first).toHaveAttribute('aria-expanded', 'false')
  // Its children are gone: the next row, if any, is another root.
  // Read in one step in the page: a row can vanish between a count() and a getAttribute(), which would then wait for it forever.
  await expect
    .poll(() => tree.evaluate((el) => el.querySelectorAll('[role=treeitem]')[1]?.getAttribute('aria-level') ?? 'none'))
    .not.toBe('2')
  await page.keyboard.press('ArrowRight')
  await expect(first).toHaveAttribute('aria-expanded', 'true')

  // Down moves to the first child; Left from there (after folding it, if it has children) goes back to the parent.
  await page.keyboard.press('ArrowDown')
  const second = rows.nth(1)
  await expect(second).toHaveAttribute('aria-selected', 'true')
  await expect(second).toHaveAttribute('aria-level', '2')
  if ((await second.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  await expect(first).toHaveAttribute('aria-selected', 'true')

  await page.keyboard.press('Enter')
  await expect(page.getByTestId('details')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(tree).toBeFocused()
})

test('the sampling interval can be changed from the header', async ({ dashboard: page }) => {
  const select = page.getByTestId('sampling-interval')
  await expect(select).toHaveValue('1000')
  try {
    await select.selectOption('2000')
    await expect(page.getByTestId('notice-info')).toContainText('Sampling every 2 s')
    // The core took it: its snapshots say so, and the whole table is read no more often.
    const sampling = () =>
      page.evaluate(
        async () => (await (globalThis as unknown as { proclab: ProcLabApi }).proclab.getSnapshot()).sampling,
      )
    await expect.poll(async () => (await sampling()).intervalMs).toBe(2000)
    expect((await sampling()).tableIntervalMs).toBeGreaterThanOrEqual(2000)
    await expect(select).toHaveValue('2000')
  } finally {
    await select.selectOption('1000')
  }
  await expect(select).toHaveValue('1000')
})
