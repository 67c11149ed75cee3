// The smoke path through the real Electron app. It runs wherever an Electron
// binary exists; on machines where the binary could not be fetched (these CI
// machines reach the npm registry only) it reports skipped, with the reason.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron } from 'playwright-core'
import { OUT_DIR, TERMINATED, exitOf, expect, isRunning, test } from './fixtures'

/**
 * The Electron executable, or why there is none. Reads what the electron
 * package would use without requiring it: `require('electron')` tries to
 * download the binary when it is missing.
 */
function electronBinary(): { path: string } | { missing: string } {
  const pkgDir = path.resolve('node_modules/electron')
  if (!fs.existsSync(path.join(pkgDir, 'package.json'))) return { missing: 'the electron package is not installed' }
  const pathFile = path.join(pkgDir, 'path.txt')
  const rel = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : undefined
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const bin = path.join(override, rel ?? 'electron')
    return fs.existsSync(bin)
      ? { path: bin }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH is set but ${bin} does not exist` }
  }
  if (!rel)
    return {
      missing: 'no Electron binary: node_modules/electron/path.txt is missing (the binary was never downloaded)',
    }
  const bin = path.join(pkgDir, 'dist', rel)
  if (!fs.existsSync(bin))
    return { missing: `no Electron binary at ${path.relative(process.cwd(), bin)} (the download did not happen here)` }
  return { path: bin }
}

test('Electron app: cores, process tree, filter and kill', async ({ spawnSleep }, testInfo) => {
  const bin = electronBinary()
  if ('missing' in bin) {
    const reason = `Electron cannot start on this machine: ${bin.missing}`
    // The list reporter does not print skip reasons; say it in the output too.
    console.log(`skipped: ${reason}`)
    testInfo.skip(true, reason)
    return
  }
  const main = path.join(OUT_DIR, 'main', 'index.js')
  expect(fs.existsSync(main), `${main} (build first)`).toBe(true)

  // Chromium refuses to run as root with its sandbox on.
  const args = process.getuid?.() === 0 ? ['--no-sandbox', main] : [main]
  const app = await _electron.launch({ executablePath: bin.path, args, timeout: 30_000 })
  try {
    const page = await app.firstWindow()
    await expect(page.getByTestId('core')).toHaveCount(os.cpus().length)
    await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()

    const child = await spawnSleep(300)
    await page.getByTestId('filter').fill(String(child.pid))
    const row = page.locator(`[role=treeitem][data-pid="${child.pid}"]`)
    await expect(row).toBeVisible()
    await row.click()
    await page.keyboard.press('Delete')
    await expect(page.getByTestId('kill-dialog')).toBeVisible()
    await page.keyboard.press('Enter')
    // Windows has no SIGTERM: Terminate is TerminateProcess there, which leaves exit code 1.
    expect(await exitOf(child)).toEqual(TERMINATED)
    expect(isRunning(child.pid)).toBe(false)
  } finally {
    await app.close()
  }
})
