// The thread scenarios in a real browser: start `deadlock` from the UI and see
// the wait-for graph draw the cycle, then break it; start `spin` and see the
// cores fill. Checked against /proc, not only against the page.
import fs from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { expect, isRunning, setOption, test } from './fixtures'

test.skip(() => process.platform !== 'linux', 'checks thread ids and states against /proc/<pid>/task: Linux only')

async function open(page: Page, id: string, title: string): Promise<void> {
  await page.getByTestId('tab-lab').click()
  await page.locator(`[data-testid=scenario-item][data-id=${id}]`).click()
  await expect(page.getByTestId('scenario-title')).toHaveText(title)
}

/** The part of a canvas element the chart test reads (the e2e tsconfig has no DOM lib). */
interface Canvas {
  readonly width: number
  readonly height: number
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> }
  } | null
}

/** The threads of a process as the OS lists them, with their state letters. */
function osThreads(pid: number): Map<number, string> {
  const out = new Map<number, string>()
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
    out.set(Number(tid), stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3))
  }
  return out
}

/** The deadlocked threads (Thread-1, Thread-2) are threads of the process with `role`, asleep (S) by the OS's count; its pid. */
async function expectThreadsAsleep(panel: Locator, role: string): Promise<number> {
  const pid = Number(
    await panel.locator(`[data-testid=run-processes] tr[data-role="${role}"]`).getAttribute('data-pid'),
  )
  const tids = await panel
    .locator('[data-testid=thread-row][data-name^=Thread-]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-tid'))))
  expect(tids).toHaveLength(2)
  const os = osThreads(pid)
  for (const tid of tids) expect(os.get(tid)).toBe('S')
  return pid
}

test('start deadlock from the UI, see the cycle drawn, break it', async ({ dashboard: page }) => {
  await open(page, 'deadlock', 'Deadlock: two threads, two locks, opposite order')
  await setOption(page, 'language', 'node')
  // The source pane opens what the chosen language runs: ProcLab's own thread code in Node.js mode.
  await expect(page.locator('[data-testid=source-file][aria-selected=true]')).toHaveText('thread-deadlock.child.ts')
  await page.getByTestId('start-run').click()

  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('run-status')).toHaveText('running')
  const graph = panel.getByTestId('waitfor-graph')
  await expect(graph).toHaveAttribute('data-cycle', 'true')
  // Two threads and two locks, all on the cycle; four edges, all red.
  await expect(graph.locator('[data-testid=graph-node][data-in-cycle=true]')).toHaveCount(4)
  await expect(graph.locator('[data-testid=graph-node][data-kind=thread]')).toHaveText(['Thread-1', 'Thread-2'])
  await expect(graph.locator('[data-testid=graph-node][data-kind=lock]')).toHaveText(['lock B', 'lock A'])
  await expect(graph.locator('[data-testid=graph-edge][data-in-cycle=true]')).toHaveCount(4)
  await expect(graph.locator('[data-testid=graph-edge][data-kind=waits-for]')).toHaveCount(2)
  await expect(panel.getByTestId('deadlock-report')).toContainText(
    'Thread-1 holds A and waits for B; Thread-2 holds B and waits for A.',
  )
  const thread1 = panel.locator('[data-testid=thread-row][data-name=Thread-1]')
  const thread2 = panel.locator('[data-testid=thread-row][data-name=Thread-2]')
  await expect(thread1).toHaveAttribute('data-state', 'waiting')
  await expect(thread1).toHaveAttribute('data-on', 'B')
  await expect(thread1.locator('.state')).toHaveText('waiting for lock B')
  await expect(thread2).toHaveAttribute('data-state', 'waiting')
  await expect(thread2).toHaveAttribute('data-on', 'A')
  // After a second of being stuck, the lab reports their CPU: none.
  await expect(panel.getByTestId('deadlock-cpu')).toContainText(/use 0(\.\d)?% CPU/)

  // The OS agrees: both tids are threads of the host, asleep in the kernel.
  const hostPid = await expectThreadsAsleep(panel, 'scenario host')

  await panel.getByTestId('action-break').click()
  await expect(panel.getByTestId('run-status')).toHaveText('finished')
  await expect(graph).toHaveAttribute('data-cycle', 'false')
  await expect(panel.locator('[data-testid=thread-row][data-name=Thread-1]')).toHaveAttribute('data-state', 'done')
  await expect(panel.locator('[data-testid=thread-row][data-name=Thread-2]')).toHaveAttribute(
    'data-state',
    'terminated',
  )
  const outcome = panel.getByTestId('outcome')
  await expect(outcome).toHaveAttribute('data-final', 'true')
  await expect(outcome.locator('[data-testid=outcome-check][data-ok=false]')).toHaveCount(0)
  await expect(outcome.getByTestId('outcome-check')).toHaveCount(3)
  // How fast the cycle was found is measured on the threads' own reports: a fact, not a check.
  await expect(outcome.locator('[data-testid=outcome-fact][data-key="scenario.deadlock.fact.latency"]')).toHaveCount(1)
  expect(isRunning(hostPid)).toBe(false)
})

test('in Python, the deadlock is drawn, no thread can be terminated, and ending the process ends it', async ({
  dashboard: page,
}) => {
  await open(page, 'deadlock', 'Deadlock: two threads, two locks, opposite order')
  await setOption(page, 'language', 'python')
  // ... and the Python program in Python mode, though it is listed second.
  await expect(page.locator('[data-testid=source-file][aria-selected=true]')).toHaveText('deadlock.py')
  await page.getByTestId('start-run').click()
  const panel = page.getByTestId('run-panel')
  const graph = panel.getByTestId('waitfor-graph')
  await expect(graph).toHaveAttribute('data-cycle', 'true')
  await expect(graph.locator('[data-testid=graph-node][data-kind=thread]')).toHaveText(['Thread-1', 'Thread-2'])
  await expect(panel.getByTestId('deadlock-report')).toContainText(
    'Thread-1 holds A and waits for B; Thread-2 holds B and waits for A.',
  )
  await expect(panel.getByTestId('deadlock-notice')).toContainText('Python cannot terminate a thread')
  await expect(panel.getByTestId('deadlock-cpu')).toContainText(/use 0(\.\d)?% CPU/)
  // The two threads are python3's, asleep in the kernel.
  const py = await expectThreadsAsleep(panel, 'python3 deadlock.py')

  await panel.getByTestId('action-break').click()
  await expect(panel.getByTestId('deadlock-notice')).toContainText('Python cannot terminate Thread-2')
  await expect(graph).toHaveAttribute('data-cycle', 'true')
  await panel.getByTestId('action-end-process').click()
  await expect(panel.getByTestId('run-status')).toHaveText('finished')
  const outcome = panel.getByTestId('outcome')
  await expect(outcome).toHaveAttribute('data-final', 'true')
  await expect(outcome.locator('[data-testid=outcome-check][data-ok=false]')).toHaveCount(0)
  await expect(outcome.getByTestId('outcome-check')).toHaveCount(2)
  expect(isRunning(py)).toBe(false)
  // Ended with its process: no thread is still shown waiting for a lock, and none is mixed with another process's.
  const rows = panel.getByTestId('thread-row')
  await expect(panel.locator('[data-testid=thread-row][data-state=waiting]')).toHaveCount(0)
  // Every row reads as ended (terminated, done, or ended with its process).
  await expect(panel.locator('[data-testid=thread-row]:not(.ended)')).toHaveCount(0)
  for (const group of await panel.getByTestId('thread-group').all()) {
    const pid = await group.getAttribute('data-pid')
    // Each group is headed by its process's role and pid, apart ("scenario host, pid 123", not "scenario hostpid 123").
    await expect(group.locator('tr.group th')).toHaveText(new RegExp(`\\S, pid ${pid}$`))
    for (const cell of await group.locator('[data-testid=thread-row] td:nth-child(3)').allInnerTexts())
      expect(cell.trim()).toBe(pid)
  }
  expect(await rows.count()).toBeGreaterThanOrEqual(2)
})

test('start spin from the UI and see the cores fill', async ({ dashboard: page }) => {
  const meters = page.locator('[data-testid=core] [role=meter]')
  const loads = (): Promise<number[]> =>
    meters.evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-valuenow'))))
  await expect(meters.first()).toBeVisible()
  const cores = await meters.count()

  await open(page, 'spin', 'Multi-core CPU: busy loops, threads vs processes vs one event loop')
  await expect(page.getByTestId('option-count').locator('input')).toHaveValue(String(cores))
  await setOption(page, 'language', 'node')
  await setOption(page, 'mode', 'threads')
  await page.getByTestId('option-durationS').locator('input').fill('5')
  await page.getByTestId('start-run').click()
  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('run-status')).toHaveText('running')

  // Every core's bar reaches (nearly) full while the threads spin.
  await expect
    .poll(async () => Math.min(...(await loads())), { timeout: 12_000, intervals: [250] })
    .toBeGreaterThanOrEqual(85)
  await expect(panel.locator('[data-testid=thread-row][data-name^=spin-]')).toHaveCount(cores)
  await expect(panel.locator('[data-testid=thread-row][data-name=spin-1]')).toHaveAttribute('data-state', 'running')

  await expect(panel.getByTestId('run-status')).toHaveText('finished', { timeout: 20_000 })
  // A finished run has no thread still running, in the rows or in the summary.
  await expect(panel.locator('[data-testid=thread-row][data-state=running]')).toHaveCount(0)
  await expect(panel.getByTestId('thread-summary')).not.toContainText('running')
  const outcome = panel.getByTestId('outcome')
  await expect(outcome.locator('[data-testid=outcome-check][data-ok=false]')).toHaveCount(0)
  const cpu = Number(await outcome.locator('[data-testid=outcome-figure][data-key="threads.cpu"] dd').textContent())
  // Where other programs took the cores, the run says its parallel check is not measurable (seen with a
  // test suite beside it: 64 % for two threads) and the figure proves nothing; where it holds, the figure must.
  const parallel = await outcome
    .locator('[data-testid=outcome-check][data-key$="check.parallel"]')
    .getAttribute('data-ok')
  if (parallel === 'null') {
    test.info().annotations.push({ type: 'not measured', description: `cores busy elsewhere: threads.cpu ${cpu} %` })
  } else {
    expect(parallel).toBe('true')
    expect(cpu).toBeGreaterThan(cores * 70)
  }
  await expect(panel.getByTestId('result-table')).toContainText('worker threads')
})

test('a cpu-vs-io sweep draws its charts: both series on a log axis, the core count marked', async ({
  dashboard: page,
}) => {
  const cores = await page.locator('[data-testid=core] [role=meter]').count()
  await open(page, 'cpu-vs-io', 'CPU-bound vs I/O-bound: how many tasks at once?')
  await setOption(page, 'language', 'node')
  // The smallest sweep: 1, 2, 4, 8 tasks at once, 0.3 s a level.
  await page.getByTestId('option-maxConcurrency').locator('input').fill('8')
  await page.getByTestId('option-levelMs').locator('input').fill('300')
  await page.getByTestId('option-taskK').locator('input').fill('200')
  await page.getByTestId('start-run').click()
  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('run-status')).toHaveText('finished', { timeout: 60_000 })

  const charts = panel.getByTestId('series-chart')
  await expect(charts).toHaveCount(2)
  const speedUp = panel.locator('[data-testid=series-chart][data-id=speed-up]')
  await expect(speedUp.locator('figcaption')).toHaveText('Tasks finished per second, relative to one at a time')
  // Four levels for each of the two kinds, every one measured.
  await expect(speedUp).toHaveAttribute('data-points', '8')
  await expect(speedUp).toHaveAttribute('data-mark', String(cores))
  const names = speedUp.locator('.u-legend .u-series:not(:first-child) th')
  await expect(names).toHaveText(['CPU-bound', 'I/O-bound'])

  // Hovering the plot shows each series' value there; leaving it clears them.
  const values = speedUp.locator('.u-legend .u-series:not(:first-child) .u-value')
  const over = speedUp.locator('.u-over')
  await over.hover({ position: { x: 5, y: 20 } })
  await expect(values).toHaveText(['1', '1'])
  await page.mouse.move(0, 0)
  await expect(values).toHaveText(['', ''])

  // Hiding a series from the legend takes its line off the canvas; showing it puts it back.
  // Ink = pixels drawn on the (transparent) canvas; antialiasing varies a little between draws.
  const ink = (): Promise<number> =>
    speedUp.locator('canvas').evaluate((el) => {
      const c = el as unknown as Canvas
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++
      return n
    })
  const both = await ink()
  await names.first().click()
  await expect(names.first().locator('..')).toHaveClass(/u-off/)
  await expect.poll(ink).toBeLessThan(both * 0.95)
  await names.first().click()
  await expect(names.first().locator('..')).not.toHaveClass(/u-off/)
  await expect.poll(async () => Math.abs((await ink()) - both) / both).toBeLessThan(0.01)
})
