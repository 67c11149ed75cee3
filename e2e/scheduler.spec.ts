// Be the scheduler in a real browser (issue 21): start lock-race step by step
// in Node.js mode, make the update get lost with the Step buttons and the
// number keys, see the real balance go wrong and the challenge met, then undo
// the last step (a new run replays all but it). Screenshots for a person to look at.
import { expect, startFromLab, test } from './fixtures'

const SHOTS = process.env.PROCLAB_SHOTS

test('lose an update step by step: buttons, keys, the challenge, undo', async ({ dashboard: page }) => {
  await startFromLab(page, 'lock-race', {
    language: 'node',
    schedule: 'manual',
    mode: 'unlocked',
    threads: '2',
    manualIterations: '1',
  })
  const panel = page.getByTestId('run-panel')
  const sched = panel.getByTestId('scheduler')
  const t1 = sched.locator('[data-testid=schedule-thread][data-thread=Thread-1]')
  const t2 = sched.locator('[data-testid=schedule-thread][data-thread=Thread-2]')
  await expect(t1).toHaveAttribute('data-next', 'read', { timeout: 30_000 })
  await expect(t2).toHaveAttribute('data-next', 'read')
  // The program's own line is marked where each thread stands.
  await expect(sched.locator('[data-testid=schedule-source] .ln[data-at=read]')).toContainText(
    'Atomics.load(b, BALANCE)',
  )
  await expect(sched.locator('[data-testid=schedule-source] .ln[data-at=read] .tag')).toHaveText(['T1', 'T2'])
  await expect(sched.getByTestId('schedule-challenge')).toContainText('Challenge: make the balance wrong')

  // Both read 0 (a click, then a key), both compute, Thread-1 writes 5, Thread-2 writes its stale 8.
  await sched.getByTestId('step-Thread-1').click()
  await expect(t1).toHaveAttribute('data-next', 'compute')
  await page.locator('body').press('2')
  await expect(t2).toHaveAttribute('data-next', 'compute')
  if (SHOTS) await sched.screenshot({ path: `${SHOTS}/scheduler-read-read.png` })
  for (const key of ['1', '2', '1']) await page.locator('body').press(key)
  await expect(sched.getByTestId('shared-balance')).toHaveText('5')
  await page.locator('body').press('2')
  await expect(sched.getByTestId('shared-balance')).toHaveText('8')
  await expect(sched.getByTestId('schedule-steps')).toHaveText('1 2 1 2 1 2')
  await expect(sched.getByTestId('schedule-challenge')).toHaveAttribute('data-met', 'true')
  await expect(sched.getByTestId('schedule-challenge')).toContainText(
    'Done at step 6. The fewest any schedule needs: 6.',
  )
  await expect(panel.getByTestId('run-status')).toHaveText('finished', { timeout: 20_000 })
  await expect(sched.getByTestId('step-Thread-1')).toBeDisabled()
  if (SHOTS) await panel.screenshot({ path: `${SHOTS}/scheduler-lost.png` })

  // Undo: a new run takes the first five steps again, and waits for the sixth.
  await sched.getByTestId('schedule-undo').click()
  const again = page.locator('[data-testid=run-panel][data-status=running]')
  const sched2 = again.getByTestId('scheduler')
  await expect(sched2.getByTestId('schedule-steps')).toHaveText('1 2 1 2 1', { timeout: 30_000 })
  await expect(sched2.getByTestId('shared-balance')).toHaveText('5')
  await expect(sched2.locator('[data-testid=schedule-thread][data-thread=Thread-2]')).toHaveAttribute(
    'data-next',
    'write',
  )
  await expect(sched2.getByTestId('step-Thread-1')).toBeDisabled()
  await page.getByTestId('stop-run').click()
  await expect(page.locator('[data-testid=run-panel]').getByTestId('run-status')).toHaveText('stopped', {
    timeout: 20_000,
  })
})

test('make it deadlock with the keys: both threads blocked, their Step buttons refused', async ({
  dashboard: page,
}) => {
  await startFromLab(page, 'deadlock', { language: 'node', schedule: 'manual' })
  const panel = page.getByTestId('run-panel')
  const sched = panel.getByTestId('scheduler')
  const t1 = sched.locator('[data-testid=schedule-thread][data-thread=Thread-1]')
  const t2 = sched.locator('[data-testid=schedule-thread][data-thread=Thread-2]')
  await expect(t1).toHaveAttribute('data-next', 'acquire-first', { timeout: 30_000 })
  const keys = ['1', '2', '1', '2']
  for (let i = 0; i < keys.length; i++) {
    await page.locator('body').press(keys[i])
    await expect(sched.getByTestId('schedule-steps')).toHaveText(keys.slice(0, i + 1).join(' '))
  }
  await expect(t1).toHaveAttribute('data-blocked', 'B')
  await expect(t2).toHaveAttribute('data-blocked', 'A')
  await expect(t1.getByTestId('schedule-blocked')).toHaveText('blocked: waiting for lock B, held by Thread-2')
  await expect(sched.getByTestId('step-Thread-1')).toBeDisabled()
  await expect(sched.getByTestId('schedule-over')).toContainText('Deadlock')
  await expect(sched.getByTestId('schedule-challenge')).toHaveAttribute('data-met', 'true')
  // The wait-for graph beside it finds the cycle, as when the OS schedules.
  await expect(panel.getByTestId('waitfor-graph')).toHaveAttribute('data-cycle', 'true')
  if (SHOTS) await sched.screenshot({ path: `${SHOTS}/scheduler-deadlock.png` })
  // The same panel in Chinese: its own texts and the core's step labels.
  await page.getByTestId('language-zh').click()
  await expect(sched.locator('h3')).toHaveText('由你来调度')
  await expect(t1.getByTestId('schedule-blocked')).toHaveText('阻塞：在等待锁 B（由 Thread-2 持有）')
  await expect(sched.getByTestId('schedule-challenge')).toContainText('挑战：制造死锁')
  if (SHOTS) await sched.screenshot({ path: `${SHOTS}/scheduler-deadlock-zh.png` })
  await page.getByTestId('language-en').click()
  await page.getByTestId('stop-run').click()
  await expect(panel.getByTestId('run-status')).toHaveText('stopped', { timeout: 20_000 })
})

test('the same lost update in Python: the program’s real global, its own lines marked', async ({ dashboard: page }) => {
  await startFromLab(page, 'lock-race', {
    language: 'python',
    schedule: 'manual',
    mode: 'unlocked',
    threads: '2',
    manualIterations: '1',
  })
  const panel = page.getByTestId('run-panel')
  const sched = panel.getByTestId('scheduler')
  const t1 = sched.locator('[data-testid=schedule-thread][data-thread=Thread-1]')
  await expect(t1).toHaveAttribute('data-next', 'read', { timeout: 30_000 })
  // The source shown is lock_race.py, the file that runs: its `# step: read` line, both threads at it.
  await expect(sched.locator('[data-testid=schedule-source] .ln[data-at=read]')).toContainText('local = balance')
  await expect(sched.locator('[data-testid=schedule-source] .ln[data-at=read] .tag')).toHaveText(['T1', 'T2'])
  for (const key of ['1', '2', '1', '2', '1']) await page.locator('body').press(key)
  await expect(sched.getByTestId('shared-balance')).toHaveText('5')
  await page.locator('body').press('2')
  await expect(sched.getByTestId('shared-balance')).toHaveText('8')
  await expect(sched.getByTestId('schedule-challenge')).toHaveAttribute('data-met', 'true')
  await expect(panel.getByTestId('run-status')).toHaveText('finished', { timeout: 20_000 })
  if (SHOTS) await panel.screenshot({ path: `${SHOTS}/scheduler-python-lost.png` })
})
