// The scenario lab in a real browser: start `pool` from the UI, watch its
// timeline fill, read its outcome, and check the processes against the OS.
import fs from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, isRunning, test } from './fixtures'

test.skip(() => process.platform !== 'linux', 'checks the pool processes against /proc: Linux only')

function ppidOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

async function openPool(page: Page): Promise<void> {
  await page.getByTestId('tab-lab').click()
  await page.locator('[data-testid=scenario-item][data-id=pool]').click()
  await expect(page.getByTestId('scenario-title')).toHaveText('Pool: N workers, more tasks')
  await expect(page.getByTestId('source-file').first()).toHaveText(/pool_demo\.py/)
  await expect(page.getByTestId('source-code')).toContainText('import multiprocessing')
}

test("start the tutorial's Pool(4) with 5 tasks (Python) from the UI, watch the timeline fill, see the outcome", async ({
  dashboard: page,
}) => {
  await openPool(page)
  // The defaults are the tutorial's run: Python, Pool(4), 5 tasks. Only shorter tasks here.
  await expect(page.getByTestId('option-workers').locator('input')).toHaveValue('4')
  await expect(page.getByTestId('option-tasks').locator('input')).toHaveValue('5')
  // The start method this Python uses unless told, preselected and named as the system's default.
  const method = page.getByTestId('option-startMethod').locator('select')
  const preselected = await method.inputValue()
  expect(['fork', 'spawn', 'forkserver']).toContain(preselected)
  await expect(method.locator('option:checked')).toHaveText(`${preselected} (this system's default)`)
  await page.getByTestId('option-maxTaskMs').locator('input').fill('1500')
  await page.getByTestId('start-run').click()

  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('run-status')).toHaveText('running')
  const timeline = panel.getByTestId('pool-timeline')
  const lanes = timeline.getByTestId('timeline-lane')
  const bars = timeline.getByTestId('timeline-bar')
  await expect(lanes).toHaveCount(4)

  // While it runs: the workers are real processes, children of the pool's parent.
  const parentPid = Number(
    await panel.locator('[data-testid=run-processes] tr[data-role="pool parent"]').getAttribute('data-pid'),
  )
  const lanePids = (await lanes.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pid'))))).filter(
    (p) => p > 0,
  )
  expect(lanePids).toHaveLength(4)
  for (const pid of lanePids) {
    expect(isRunning(pid)).toBe(true)
    expect(ppidOf(pid)).toBe(parentPid)
  }

  // The timeline fills: first a bar still growing (a task in progress), later all five done.
  await expect(timeline.locator('[data-testid=timeline-bar][data-done=false]').first()).toBeVisible()
  await expect(timeline.locator('[data-testid=timeline-bar][data-done=true]')).toHaveCount(5, { timeout: 15_000 })
  await expect(panel.getByTestId('run-status')).toHaveText('finished', { timeout: 10_000 })

  // Each bar ran on one of the four lanes' pids, and some pid ran more than one task.
  const barPids = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pid'))))
  expect(barPids).toHaveLength(5)
  for (const pid of barPids) expect(lanePids).toContain(pid)
  expect(new Set(barPids).size).toBeLessThan(5)
  // A reused worker shows two bars, not one: no two bars of one pid touch.
  const spans = await bars.evaluateAll((els) =>
    els.map((e) => {
      const r = e.querySelector('rect')!
      return {
        pid: Number(e.getAttribute('data-pid')),
        x: Number(r.getAttribute('x')),
        w: Number(r.getAttribute('width')),
      }
    }),
  )
  for (const a of spans)
    for (const b of spans)
      if (a !== b && a.pid === b.pid && a.x <= b.x) expect(a.x + a.w, `pid ${a.pid}`).toBeLessThan(b.x)
  await expect(timeline.getByTestId('pool-refused')).toContainText('refused — ValueError: Pool not running')
  await expect(panel.getByTestId('outcome')).toContainText('RuntimeError: Queue objects should only be shared')

  // The outcome: every check of the seed's claim holds, with its numbers.
  const outcome = panel.getByTestId('outcome')
  await expect(outcome).toHaveAttribute('data-final', 'true')
  await expect(outcome.getByTestId('outcome-check')).toHaveCount(10)
  await expect(outcome.locator('[data-testid=outcome-check][data-ok=false]')).toHaveCount(0)
  await expect(outcome.getByTestId('outcome-summary')).toContainText('5 tasks on 4 workers')
  await expect(outcome.getByTestId('outcome-summary')).toContainText('Task 4 waited')
  await expect(outcome.locator('[data-testid=outcome-figure][data-key=peakConcurrent] dd')).toHaveText('4')

  // Output of each worker streamed under its own pid, and the processes are gone now.
  await expect(panel.getByTestId('run-output')).toContainText(`Run task 0 (`)
  await expect(panel.getByTestId('run-output')).toContainText('All subprocesses done.')
  for (const pid of [parentPid, ...lanePids]) expect(isRunning(pid)).toBe(false)
})

test("an out-of-bounds option is refused with the core's message, and nothing starts", async ({ dashboard: page }) => {
  await openPool(page)
  const tabsBefore = await page.locator('[data-testid=run-tabs] [role=tab]').count()
  await page.getByTestId('option-workers').locator('input').fill('0')
  await expect(page.getByTestId('option-workers')).toContainText('Must be at least 1')
  await page.getByTestId('start-run').click()
  await expect(page.getByTestId('start-error')).toContainText('Workers must be at least 1 (got 0)')
  await expect(page.getByTestId('option-workers').getByTestId('option-error')).toBeVisible()
  await expect(page.locator('[data-testid=run-tabs] [role=tab]')).toHaveCount(tabsBefore)
})
