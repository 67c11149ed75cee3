// End-to-end tests: the real dashboard in Debian's Chromium against the web
// host (e2e/fixtures.ts starts it from the built app in PROCLAB_OUT, default
// `out`). Playwright's own browser download does not work on these machines.
import { defineConfig } from '@playwright/test'

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
      executablePath: process.env.PROCLAB_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
})
