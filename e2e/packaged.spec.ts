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

async function runFromUi(page: Page, id: string, options: Record<string, string | number>): Promise<void> {
  await page.getByTestId('tab-lab').click()
  await page.locator(`[data-testid=scenario-item][data-id="${id}"]`).click()
  for (const [key, value] of Object.entries(options)) {
    const field = page.getByTestId(`option-${key}`)
    if ((await field.locator('select').count()) > 0) await field.locator('select').selectOption(String(value))
    else await field.locator('input').fill(String(value))
  }
  await page.getByTestId('start-run').click()
  // Through the API: the run's own status, whichever panel the Lab shows first.
  const language = options.language
  await expect
    .poll(
      async () =>
        (await page.evaluate(() => (globalThis as unknown as { proclab: ProcLabApi }).proclab.listRuns())).find(
          (r) => r.scenarioId === id && r.options.language === language && !['starting', 'running'].includes(r.status),
        )?.status,
      { timeout: 30_000 },
    )
    .toBe('finished')
}

/** The language the Lab offers first: Python where the app found an interpreter, else Node. */
async function defaultLanguage(page: Page, id: string): Promise<string> {
  await page.getByTestId('tab-lab').click()
  await page.locator(`[data-testid=scenario-item][data-id="${id}"]`).click()
  return page.getByTestId('option-language').locator('select').inputValue()
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

    // Pinned to Node: the check that Node children fork from inside app.asar (Python, the default
    // where it is installed, would run the pool in python.exe and prove nothing about the archive).
    const python = (await defaultLanguage(page, 'pool')) === 'python'
    const pool = { workers: 2, tasks: 3, maxTaskMs: 200 }
    await runFromUi(page, 'pool', { ...pool, language: 'node' })
    // Python reads its programs from app.asar.unpacked: checked too where the app found Python.
    if (python) await runFromUi(page, 'pool', { ...pool, language: 'python' })
    else console.log('skipped: the pool in Python (the packaged app found no Python 3 here)')
    await runFromUi(page, 'threads', { count: 2, pauseMs: 100 })

    // What the core says ran: all finished, with real processes, all from the archive's entries.
    runs = await page.evaluate(() => (globalThis as unknown as { proclab: ProcLabApi }).proclab.listRuns())
    const expected = [['pool', 'node'], ...(python ? [['pool', 'python']] : []), ['threads', undefined]] as const
    for (const [id, language] of expected) {
      const r = runs.find((x) => x.scenarioId === id && x.options.language === language)
      expect(r?.status, `${id} ${language ?? ''}: ${r?.error ?? 'no such run'}`).toBe('finished')
      expect(r?.error).toBeUndefined()
      // The pool's parent and its two workers.
      if (id === 'pool') expect(r!.pids.length, `${id} ${language}`).toBeGreaterThanOrEqual(3)
    }
    const byScenario = new Map(runs.map((r) => [r.scenarioId, r]))
    expect(byScenario.get('threads')!.hostPid).toBeGreaterThan(0)
  } finally {
    await app.close()
  }

  const pids = [mainPid, ...runs.flatMap((r) => [...r.pids, ...(r.hostPid ? [r.hostPid] : [])])]
  await expect.poll(() => pids.filter(stillRunning), { timeout: 10_000 }).toEqual([])
})
