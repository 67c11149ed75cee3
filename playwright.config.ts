// End-to-end tests: the real dashboard in Chromium against the web host
// (e2e/fixtures.ts starts it from the built app in PROCLAB_OUT, default `out`).
// Debian's Chromium where it is installed (Playwright's own browser download
// does not work on these machines); elsewhere (the CI workflow's Windows, macOS
// and Ubuntu runners) Playwright's own, from `npx playwright install chromium`.
import fs from 'node:fs'
import { defineConfig } from '@playwright/test'

const DEBIAN_CHROMIUM = '/usr/bin/chromium'
const chromium = process.env.PROCLAB_CHROMIUM ?? (fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined)

export default defineConfig({
  testDir: 'e2e',
  // The tests start real processes and measure the page on a 2-core machine: one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1360, height: 860 },
    actionTimeout: 10_000,
    trace: 'off',
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
})
