// distributed in a real browser, Python mode: start the tutorial's
// task_master.py from the UI with no local worker, read the command and the
// key file the run names, start a worker by hand with them as a user would in a
// terminal, and watch it counted, the queues drain, and the checks hold.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { expect, isRunning, test } from './fixtures'

test.skip(() => process.platform !== 'linux', 'reads the processes from /proc: Linux only')

const byHand: ChildProcess[] = []
test.afterEach(() => {
  for (const p of byHand.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL')
})

test('a worker started by hand with the command the run shows does the work', async ({ dashboard: page }) => {
  await page.getByTestId('tab-lab').click()
  await page.locator('[data-testid=scenario-item][data-id=distributed]').click()
  await page.getByTestId('option-language').locator('select').selectOption('python')
  await page.getByTestId('option-workers').locator('input').fill('0')
  await page.getByTestId('option-tasks').locator('input').fill('3')
  await page.getByTestId('option-taskSec').locator('input').fill('0.2')
  await page.getByTestId('option-waitSec').locator('input').fill('60')
  await page.getByTestId('option-intruder').locator('input').uncheck()
  await page.getByTestId('start-run').click()

  const panel = page.getByTestId('run-panel')
  const view = panel.getByTestId('distributed-view')
  const join = view.getByTestId('distributed-join')
  await expect(join).toBeVisible({ timeout: 15_000 })
  await expect(view.getByTestId('distributed-address')).toContainText('127.0.0.1:')

  // The command has no key in it: it names a file only this user can read, and the page never shows the key.
  const command = (await join.getByTestId('distributed-command').textContent())!.trim()
  expect(command).toMatch(/^python3 \S+task_worker\.py 127\.0\.0\.1 \d+ --key-file \S+\/proclab-key-\w+\/authkey$/)
  const key = fs.readFileSync(command.split(' ').at(-1)!, 'utf8').trim()
  expect(key).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/)
  expect(await page.content()).not.toContain(key)
  await expect(view.getByTestId('distributed-worker')).toHaveCount(0)

  // As a user would in a terminal: the command as shown, nothing in the environment but PATH.
  const [program, ...args] = command.split(' ')
  const worker = spawn(program, args, { env: { PATH: process.env.PATH }, stdio: 'ignore' })
  byHand.push(worker)

  const row = view.locator(`[data-testid=distributed-worker][data-pid="${worker.pid}"]`)
  await expect(row).toHaveAttribute('data-kind', 'hand', { timeout: 10_000 })
  await expect(panel.getByTestId('run-status')).toHaveText('finished', { timeout: 20_000 })
  await expect(row).toHaveAttribute('data-done', '3')
  await expect(view.getByTestId('distributed-results')).toContainText('3')
  await expect(view.getByTestId('distributed-chart')).toBeVisible()
  // The run is over: the command is no longer shown.
  await expect(join).toHaveCount(0)

  const outcome = panel.getByTestId('outcome')
  await expect(outcome).toHaveAttribute('data-final', 'true')
  await expect(outcome.locator('[data-testid=outcome-check][data-ok=false]')).toHaveCount(0)
  await expect(outcome.locator('[data-testid=outcome-figure][data-key=handWorkers] dd')).toHaveText('1')
  await expect.poll(() => isRunning(worker.pid!), { timeout: 5000 }).toBe(false)
})
