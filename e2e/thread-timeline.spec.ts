// The thread timeline in a real browser against the web host: a Node.js
// process whose workers spin, wait on a lock (Atomics.wait) and block reading
// a pipe is selected; its Threads section shows one row per thread with
// coloured runs, the legend, and a readout on hover and from the keyboard.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import type { Locator } from '@playwright/test'
import { expect, selectPid, setOption, test } from './fixtures'

test.skip(() => process.platform !== 'linux', 'the fixture finds its threads through /proc/thread-self: Linux only')

let child: ChildProcess | undefined
test.afterEach(() => {
  child?.kill('SIGKILL')
  child = undefined
})

async function startWorkers(): Promise<Record<string, number>> {
  child = spawn(process.execPath, [path.resolve('test', 'fixtures', 'thread-states-workers.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child!.stdout! }).once('line', resolve)
    child!.once('exit', () => reject(new Error('the fixture exited before naming its threads')))
  })
  return JSON.parse(line) as Record<string, number>
}

test('the Threads section draws each thread’s states over time, with legend, hover and keyboard readouts', async ({
  dashboard: page,
}) => {
  const ids = await startWorkers()
  await selectPid(page, ids.pid)
  const timeline = page.getByTestId('thread-timeline')
  await expect(timeline).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('timeline-legend').locator('li')).toHaveCount(7)
  await expect(page.getByTestId('timeline-legend')).toContainText('waiting for a lock')
  // Every worker has its row; the lock waiter's row is coloured as a lock wait after a few seconds.
  for (const role of ['spinner', 'locked', 'timed', 'reader'])
    await expect(timeline.locator(`[data-testid=timeline-row][data-tid="${ids[role]}"]`)).toBeVisible()
  expect(await timeline.getByTestId('timeline-row').count()).toBeGreaterThanOrEqual(5)
  const locked = timeline.locator(`[data-testid=timeline-row][data-tid="${ids.locked}"]`)
  const reader = timeline.locator(`[data-testid=timeline-row][data-tid="${ids.reader}"]`)
  await expect(locked.locator('[data-state=lock]').first()).toBeAttached()
  await expect(reader.locator('[data-state=io]').first()).toBeAttached()
  await expect
    .poll(async () => Number((await locked.locator('[data-state=lock]').last().getAttribute('width')) ?? 0), {
      timeout: 15_000,
    })
    .toBeGreaterThan(20) // 2 s of a 600-wide minute

  // Hover near the right end of the lock waiter's row: the readout names the thread and the state.
  const track = locked.locator('svg.track')
  await track.scrollIntoViewIfNeeded()
  const box = (await track.boundingBox())!
  await track.hover({ position: { x: box.width - 3, y: box.height / 2 } })
  await expect(page.getByTestId('timeline-readout')).toContainText(`TID ${ids.locked}`)
  await expect(page.getByTestId('timeline-readout')).toContainText('waiting for a lock')

  // Keyboard: focus the reader's row, step back a second; the readout (aria-live) says I/O.
  await reader.locator('svg.track').focus()
  await page.keyboard.press('ArrowLeft')
  await expect(page.getByTestId('timeline-readout')).toContainText(`TID ${ids.reader}`)
  await expect(page.getByTestId('timeline-readout')).toContainText('waiting for I/O')
  await expect(reader.locator('svg.track')).toHaveAttribute('aria-valuenow', '-1')
  await page.keyboard.press('ArrowUp')
  await expect(timeline.getByTestId('timeline-readout')).not.toContainText(`TID ${ids.reader}`)

  await page.getByTestId('timeline-section').screenshot({ path: path.join('test-results', 'thread-timeline.png') })
})

test('a thread scenario’s view shows its threads over time, named by the scenario: deadlocked threads wait on a lock', async ({
  dashboard: page,
}) => {
  await page.getByTestId('tab-lab').click()
  await page.locator('[data-testid=scenario-item][data-id=deadlock]').click()
  await setOption(page, 'language', 'node')
  await page.getByTestId('start-run').click()
  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('waitfor-graph')).toHaveAttribute('data-cycle', 'true', { timeout: 20_000 })
  const rows = panel.getByTestId('run-timeline').getByTestId('timeline-row')
  // Only the lab's threads, each named by the scenario and what it says it waits for.
  const row = (name: string): Locator =>
    rows.filter({ has: page.locator('.name', { hasText: new RegExp(`^${name} `) }) })
  // MainThread (joining Thread-1), Thread-1 and Thread-2: the runtime's own helper threads are left out.
  await expect(rows).toHaveCount(3, { timeout: 15_000 })
  await expect(row('Thread-1')).toHaveCount(1)
  await expect(row('Thread-2')).toHaveCount(1)
  await expect(row('Thread-1')).toContainText('waiting for lock')
  // Deadlocked: each thread's newest run is a lock wait, by the OS's own account (futex).
  for (const name of ['Thread-1', 'Thread-2'])
    await expect
      .poll(async () => row(name).locator('[data-testid=timeline-segment]').last().getAttribute('data-state'))
      .toBe('lock')
  await panel
    .getByTestId('run-timeline')
    .screenshot({ path: path.join('test-results', 'thread-timeline-deadlock.png') })
  await panel.getByTestId('stop-run').click()
})
