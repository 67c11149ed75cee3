// The monitor as htop users expect it (issue 19, item 8), in a real browser
// against the web host, checked against the OS: the flat list sorted by CPU,
// several processes killed with one confirmation, a nice value set directly.
import { spawnSync } from 'node:child_process'
import type { Page } from '@playwright/test'
import type { ProcLabApi } from '../src/shared/api'
import { exitOf, expect, isRunning, test, TERMINATED } from './fixtures'

test.skip(() => process.platform !== 'linux', 'checks the UI against /proc and ps: Linux only (as monitor.spec.ts)')

const rows = (page: Page) => page.getByTestId('process-tree').locator('[role=treeitem]')
const row = (page: Page, pid: number) => page.locator(`[role=treeitem][data-pid="${pid}"]`)
/** A tag in the command line that only this test's processes carry, so other processes never get in the way. */
const tagOf = (name: string): string => `htop-${name}-${process.pid}-${Date.now()}`

test('flat list: sorted by CPU, a spinning process is first though the tree puts it deep down', async ({
  dashboard: page,
  spawnSleep,
}) => {
  const tag = tagOf('flat')
  const idle = [await spawnSleep(300, 'idle', tag), await spawnSleep(300, 'idle', tag)]
  const spin = await spawnSleep(120, 'spin', tag)
  await page.getByTestId('filter').fill(tag)
  for (const c of [...idle, spin]) await expect(row(page, c.pid)).toBeVisible()
  await page.getByTestId('sort-cpu').click()
  await expect(page.getByTestId('sort-cpu')).toHaveAttribute('aria-pressed', 'true')

  // The tree sorts siblings only: the first row is an ancestor that places the matches.
  await expect(rows(page).first()).not.toHaveAttribute('data-pid', String(spin.pid))

  await page.getByTestId('view-flat').click()
  await expect(page.getByTestId('view-flat')).toHaveAttribute('aria-checked', 'true')
  // Only the three matches, at one level, the spinner (measured over a pass or two) on top.
  await expect(rows(page)).toHaveCount(3)
  await expect(rows(page).first()).toHaveAttribute('data-pid', String(spin.pid), { timeout: 15_000 })
  await expect(rows(page).first()).toHaveAttribute('aria-level', '1')

  // F5 in the tree switches back, as in htop.
  await rows(page).first().click()
  await page.keyboard.press('F5')
  await expect(page.getByTestId('view-tree')).toHaveAttribute('aria-checked', 'true')
  await expect(rows(page).first()).not.toHaveAttribute('data-pid', String(spin.pid))
  await page.keyboard.press('F5')
  await expect(page.getByTestId('view-flat')).toHaveAttribute('aria-checked', 'true')
  await page.getByTestId('view-tree').click()
})

test('select two processes and kill both with one confirmation listing them', async ({
  dashboard: page,
  spawnSleep,
}) => {
  const tag = tagOf('kill')
  const [a, b, keep] = [
    await spawnSleep(300, 'idle', tag),
    await spawnSleep(300, 'idle', tag),
    await spawnSleep(300, 'idle', tag),
  ]
  await page.getByTestId('view-flat').click()
  await page.getByTestId('filter').fill(tag)
  await expect(rows(page)).toHaveCount(3)

  await row(page, a.pid).click()
  await row(page, b.pid).click({ modifiers: ['Control'] })
  await expect(page.getByTestId('marked-count')).toHaveText('2 selected')
  await expect(row(page, a.pid)).toHaveAttribute('aria-selected', 'true')
  await expect(row(page, b.pid)).toHaveAttribute('aria-selected', 'true')
  await expect(row(page, keep.pid)).toHaveAttribute('aria-selected', 'false')

  await page.keyboard.press('Delete')
  const dialog = page.getByTestId('kill-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog.locator('h2')).toHaveText('Send SIGTERM to 2 processes?')
  const listed = await dialog
    .getByTestId('kill-targets')
    .locator('li')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pid'))))
  expect(listed.sort()).toEqual([a.pid, b.pid].sort())
  // Nothing is sent before the one confirmation.
  expect(isRunning(a.pid) && isRunning(b.pid)).toBe(true)
  await page.keyboard.press('Enter')
  expect(await exitOf(a)).toEqual(TERMINATED)
  expect(await exitOf(b)).toEqual(TERMINATED)
  expect(isRunning(keep.pid)).toBe(true)
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('notice-info').last()).toContainText('Sent SIGTERM to 2 of 2 processes')
  await expect(rows(page)).toHaveCount(1)
  await page.getByTestId('view-tree').click()
})

test('set nice 5 directly: the OS and the Nice column both say 5', async ({ dashboard: page, spawnSleep }) => {
  const child = await spawnSleep(300)
  const osNice = (): string =>
    spawnSync('ps', ['-o', 'ni=', '-p', String(child.pid)], { encoding: 'utf8' }).stdout.trim()
  expect(osNice()).toBe('0')
  await page.getByTestId('column-chooser').locator('summary').click()
  await page.getByTestId('column-nice').check()
  await page.getByTestId('column-chooser').locator('summary').click()
  try {
    await page.getByTestId('filter').fill(String(child.pid))
    await row(page, child.pid).click()
    await expect(page.getByTestId('details')).toContainText(`pid ${child.pid}`)
    const input = page.getByTestId('nice-input')
    // Out of range: refused before it reaches the core.
    await input.fill('25')
    await expect(page.getByTestId('nice-set')).toBeDisabled()
    await input.fill('5')
    await page.getByTestId('nice-set').click()
    await expect.poll(osNice).toBe('5')
    await expect(page.getByTestId('nice')).toHaveText('nice 5')
    await expect(row(page, child.pid).locator('.c-nice')).toHaveText('5')
  } finally {
    await page.getByTestId('column-chooser').locator('summary').click()
    await page.getByTestId('column-nice').uncheck()
  }
})

test('kill a whole tree: one confirmation lists the process and everything below it', async ({
  dashboard: page,
  spawnGroup,
}) => {
  const tag = tagOf('tree')
  // bash ─┬─ sleep ─ and ─ sleep: a parent with two children, all of this test's process group.
  const leader = await spawnGroup(`sleep 301 & sleep 302 & : ${tag}; wait`)
  const childrenOf = (): number[] =>
    spawnSync('pgrep', ['-P', String(leader.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number)
  await expect.poll(childrenOf).toHaveLength(2)
  const kids = childrenOf()
  // The tree is taken from the table the page has: wait until it holds the children.
  await expect
    .poll(() =>
      page.evaluate(async (pids) => {
        const s = await (globalThis as unknown as { proclab: ProcLabApi }).proclab.getSnapshot()
        return pids.every((pid) => s.processes.some((x) => x.pid === pid))
      }, kids),
    )
    .toBe(true)
  await page.getByTestId('filter').fill(String(leader.pid))
  await row(page, leader.pid).click()
  await expect(page.getByTestId('details')).toContainText(`pid ${leader.pid}`)

  await page.getByTestId('kill-tree').click()
  const dialog = page.getByTestId('kill-dialog')
  await expect(dialog.locator('h2')).toHaveText('Send SIGTERM to bash and the 2 processes below it?')
  const listed = await dialog
    .getByTestId('kill-targets')
    .locator('li')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pid'))))
  // Children first, the parent last, so it cannot start new ones in between.
  expect(listed).toHaveLength(3)
  expect(listed.at(-1)).toBe(leader.pid)
  expect(listed.slice(0, 2).sort()).toEqual([...kids].sort())
  await page.keyboard.press('Enter')
  await expect.poll(() => [leader.pid, ...kids].filter(isRunning)).toEqual([])
})
