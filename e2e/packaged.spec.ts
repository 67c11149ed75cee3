// The installed app, as a user gets it: the unpacked app electron-builder made
// (`npm run dist` or `npm run dist:dir`, under dist/), launched by Playwright.
// From inside app.asar it must fork its scenario processes (child_process.fork
// of out/main/<entry>.js runs Electron as Node, which reads the archive) and
// start worker threads, then leave nothing behind when it quits. Where no
// packaged app exists (these machines cannot fetch Electron, so they cannot
// package it) the spec reports itself skipped with the reason; the CI workflow
// runs it after `npm run dist` with PROCLAB_REQUIRE_PACKAGED=1, where a missing
// app fails instead.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { _electron } from 'playwright-core'
import { expect, test, type Page } from '@playwright/test'
import type { ProcLabApi } from '../src/shared/api'
import type { RunInfo } from '../src/shared/model'

/** Where electron-builder puts the unpacked app for this system and architecture. */
function packagedExecutable(): string {
  if (process.env.PROCLAB_PACKAGED) return path.resolve(process.env.PROCLAB_PACKAGED)
  const dist = path.resolve('dist')
  const arm = process.arch === 'arm64'
  switch (process.platform) {
    case 'darwin':
      return path.join(dist, arm ? 'mac-arm64' : 'mac', 'ProcLab.app', 'Contents', 'MacOS', 'ProcLab')
    case 'win32':
      return path.join(dist, arm ? 'win-arm64-unpacked' : 'win-unpacked', 'ProcLab.exe')
    default:
      return path.join(dist, arm ? 'linux-arm64-unpacked' : 'linux-unpacked', 'proclab')
  }
}

/** Still running: a zombie (ended, not yet reaped) answers kill(pid, 0) but runs nothing. */
function stillRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  // On Windows kill(pid, 0) already fails for an ended process.
  if (process.platform === 'win32') return true
  const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim()
  return stat !== '' && !stat.startsWith('Z')
}

async function runFromUi(page: Page, id: string, options: Record<string, number>): Promise<void> {
  await page.getByTestId('tab-lab').click()
  await page.locator(`[data-testid=scenario-item][data-id="${id}"]`).click()
  for (const [key, value] of Object.entries(options))
    await page.getByTestId(`option-${key}`).locator('input').fill(String(value))
  await page.getByTestId('start-run').click()
  await expect(page.getByTestId('run-panel').getByTestId('run-status')).toHaveText('finished', { timeout: 30_000 })
}

test('packaged app: forks a process scenario and a thread scenario from inside app.asar, quits leaving nothing running', async ({}, testInfo) => {
  test.setTimeout(120_000)
  const exe = packagedExecutable()
  if (!fs.existsSync(exe)) {
    const reason = `no packaged app at ${path.relative(process.cwd(), exe)}: build it with \`npm run dist:dir\` (needs Electron's binary; the CI workflow does)`
    if (process.env.PROCLAB_REQUIRE_PACKAGED) throw new Error(reason)
    console.log(`skipped: ${reason}`)
    testInfo.skip(true, reason)
    return
  }

  // Chromium refuses to run as root with its sandbox on.
  const app = await _electron.launch({
    executablePath: exe,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    timeout: 30_000,
  })
  const mainPid = app.process().pid!
  let runs: RunInfo[] = []
  try {
    const page = await app.firstWindow()
    await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()

    await runFromUi(page, 'pool', { workers: 2, tasks: 3, maxTaskMs: 200 })
    await runFromUi(page, 'threads', { count: 2, pauseMs: 100 })

    // What the core says ran: both finished, with real processes, all from the archive's entries.
    runs = await page.evaluate(() => (globalThis as unknown as { proclab: ProcLabApi }).proclab.listRuns())
    const byScenario = new Map(runs.map((r) => [r.scenarioId, r]))
    for (const id of ['pool', 'threads'] as const) {
      const r = byScenario.get(id)
      expect(r?.status, `${id}: ${r?.error ?? ''}`).toBe('finished')
      expect(r?.error).toBeUndefined()
    }
    expect(byScenario.get('pool')!.pids.length).toBeGreaterThanOrEqual(3) // the pool's parent and its two workers
    expect(byScenario.get('threads')!.hostPid).toBeGreaterThan(0)
  } finally {
    await app.close()
  }

  const pids = [mainPid, ...runs.flatMap((r) => [...r.pids, ...(r.hostPid ? [r.hostPid] : [])])]
  await expect.poll(() => pids.filter(stillRunning), { timeout: 10_000 }).toEqual([])
})
