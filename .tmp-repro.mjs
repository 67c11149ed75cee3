import { spawn } from 'node:child_process'
import { chromium } from 'playwright-core'
import fs from 'node:fs'
const file = '/tmp/rr/s.proclab.gz'
fs.rmSync(file, { force: true })
function host(args) {
  return new Promise((res) => {
    const c = spawn(process.execPath, ['out/main/web.js', '--port', '0', ...args], { cwd: '/work/main' })
    let out = ''
    c.stdout.on('data', (d) => {
      out += d
      const m = /ProcLab web host: (\S+)/.exec(out)
      if (m) res({ c, url: m[1] })
    })
    c.stderr.on('data', (d) => process.stderr.write(d))
  })
}
const h1 = await host(['--record', file])
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const page = await browser.newPage({ viewport: { width: 1360, height: 860 } })
await page.goto(h1.url)
await page.waitForTimeout(2500)
await page.evaluate(() => window.proclab.startScenario('fork', {}))
await page.waitForTimeout(3000)
h1.c.kill('SIGTERM')
await new Promise((r) => h1.c.once('exit', r))
const h2 = await host(['--replay', file])
await page.goto(h2.url)
await page.waitForTimeout(3000)
await page.screenshot({ path: '/tmp/rr/replay.png' })
const vis = await page.getByTestId('process-tree').isVisible()
const box = await page.getByTestId('process-tree').boundingBox()
console.log('tree visible', vis, box)
h2.c.kill('SIGTERM')
await browser.close()
