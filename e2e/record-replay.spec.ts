// Record a session and replay it in the same dashboard. A web host started
// with --record runs a deadlock and a crash-isolation run while the test notes
// what the page shows at chosen moments (tree, wait-for graph, crash boxes,
// outcome); a second host started with --replay plays the file, and at the
// same moments the page shows the same. Damaged and foreign files are refused
// with a message and the live dashboard carries on.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync, type ChildProcess } from 'node:child_process'
import type { Page } from '@playwright/test'
import type { ProcLabApi } from '../src/shared/api'
import { expect, OUT_DIR, startFromLab, startHost, stopProcess, test } from './fixtures'

// The page's globals, as the functions passed to page.evaluate see them (this file is type-checked without the DOM).
declare const window: { proclab: ProcLabApi }
declare const DataTransfer: new () => { items: { add(file: File): void } }

const REASON = 'This is a recording: nothing can be killed or started in a replay'
let dir: string
const hosts: ChildProcess[] = []

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-e2e-rec-'))
})
test.afterAll(async () => {
  for (const h of hosts) await stopProcess(h)
  fs.rmSync(dir, { recursive: true, force: true })
})

async function host(args: string[]): Promise<string> {
  const { host: h, child } = await startHost(args)
  hosts.push(child)
  return h.url
}

async function openScenario(page: Page, id: string): Promise<void> {
  await page.getByTestId('tab-lab').click()
  await page.locator(`[data-testid=scenario-item][data-id=${id}]`).click()
}

/** ProcLab's part of the process tree as the page shows it: pid, name and labels of every row. */
async function tree(page: Page): Promise<string[]> {
  await page.getByTestId('tab-monitor').click()
  await page.getByTestId('scope-proclab').click()
  // No row at all is a state too: "No process started by ProcLab is running".
  await expect(page.getByTestId('process-tree')).toBeVisible()
  const rows = page.getByTestId('process-tree').locator('[role=treeitem]')
  const sig = await rows.evaluateAll((els) =>
    els.map((e) => {
      const pills = Array.from(e.querySelectorAll('.c-name .pill'), (p) => p.textContent!.trim())
      return `${e.getAttribute('data-pid') ?? 'run'}|${e.querySelector('.pname')?.textContent}|${pills.join(',')}`
    }),
  )
  return sig.sort()
}

/** The tree once it has stopped changing (a snapshot or two after the last spawn or exit). */
async function settledTree(page: Page, must: (sig: string[]) => boolean): Promise<string[]> {
  let last: string[] = []
  await expect
    .poll(
      async () => {
        const now = await tree(page)
        const same = JSON.stringify(now) === JSON.stringify(last) && must(now)
        last = now
        return same
      },
      { timeout: 15_000, intervals: [800] },
    )
    .toBe(true)
  return last
}

async function deadlockView(page: Page): Promise<unknown> {
  await openScenario(page, 'deadlock')
  const panel = page.getByTestId('run-panel')
  const graph = panel.getByTestId('waitfor-graph')
  return {
    status: await panel.getByTestId('run-status').textContent(),
    cycle: await graph.getAttribute('data-cycle'),
    nodes: await graph
      .getByTestId('graph-node')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-kind')}:${e.textContent?.trim()}:${e.getAttribute('data-in-cycle')}`),
      ),
    edges: await graph
      .getByTestId('graph-edge')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-in-cycle')}`).sort()),
    threads: await panel
      .getByTestId('thread-row')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-name')}:${e.getAttribute('data-state')}`)),
    outcome: await outcomeOf(page),
  }
}

async function outcomeOf(page: Page): Promise<unknown> {
  const outcome = page.getByTestId('run-panel').getByTestId('outcome')
  if (!(await outcome.count())) return null
  return {
    final: await outcome.getAttribute('data-final'),
    summary: await outcome.getByTestId('outcome-summary').textContent(),
    checks: await outcome
      .getByTestId('outcome-check')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-ok')}:${e.textContent?.trim()}`)),
  }
}

/** The crash boxes: each worker's pid; and the counters that only move on a crash. */
async function crashView(page: Page, all: boolean): Promise<unknown> {
  await openScenario(page, 'crash-isolation')
  const view = page.getByTestId('run-panel').getByTestId('crash-view')
  const counter = async (k: string): Promise<string | null> =>
    view.getByTestId(`crash-${k}`).locator('.v').textContent()
  return {
    status: await page.getByTestId('run-panel').getByTestId('run-status').textContent(),
    mode: await view.getAttribute('data-mode'),
    boxes: await view
      .getByTestId('crash-slot')
      .evaluateAll(
        (els, a) => els.map((e) => `${e.getAttribute('data-pid')}${a ? `:${e.getAttribute('data-state')}` : ''}`),
        all,
      ),
    lost: await counter('lost'),
    restarts: await counter('restarts'),
    ...(all
      ? { completed: await counter('completed'), retried: await counter('retried'), outcome: await outcomeOf(page) }
      : {}),
  }
}

interface Moment {
  readonly at: number
  readonly what: string
  readonly seen: unknown
  readonly read: (page: Page) => Promise<unknown>
}

test('a deadlock and a crash-isolation run, recorded and replayed, look the same at the same moments', async ({
  page,
}) => {
  test.setTimeout(180_000)
  const file = path.join(dir, 'session.proclab.gz')
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(await host(['--record', file]))
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  const moments: Moment[] = []
  const note = async (what: string, read: (page: Page) => Promise<unknown>): Promise<void> => {
    const seen = await read(page)
    moments.push({ at: Date.now(), what, seen, read })
  }

  // 1. Deadlock: the cycle, then the outcome once it is broken.
  // Node.js: one thread can be terminated to break the cycle (Python cannot do that).
  await startFromLab(page, 'deadlock', { language: 'node' })
  const panel = page.getByTestId('run-panel')
  await expect(panel.getByTestId('waitfor-graph')).toHaveAttribute('data-cycle', 'true')
  await expect(panel.getByTestId('deadlock-cpu')).toBeVisible()
  const dlTree = await settledTree(page, (s) => s.some((r) => r.includes('scenario host')))
  await note('deadlock tree', async (p) => settledTree(p, () => true))
  expect(moments[0].seen).toEqual(dlTree)
  await note('deadlock graph', deadlockView)
  await panel.getByTestId('action-break').click()
  await expect(panel.getByTestId('outcome')).toHaveAttribute('data-final', 'true')
  await note('deadlock outcome', deadlockView)
  await note('tree after deadlock', (p) => settledTree(p, (s) => !s.some((r) => r.includes('scenario host'))))

  // 2. Crash isolation with two worker processes: crash one, see it replaced, then the end.
  await startFromLab(page, 'crash-isolation', { workers: '2', durationSec: '10', taskMs: '200' })
  const view = panel.getByTestId('crash-view')
  await expect(view.getByTestId('crash-slot')).toHaveCount(2)
  await panel.getByTestId('action-crash').click()
  await expect(view.getByTestId('crash-restarts').locator('.v')).toHaveText('1')
  // Replaced: every box holds a live worker again (busy or idle), with its new pid.
  await expect(view.locator('[data-testid=crash-slot]:not([data-state=busy]):not([data-state=idle])')).toHaveCount(0)
  const pids = await view.getByTestId('crash-slot').evaluateAll((els) => els.map((e) => e.getAttribute('data-pid')))
  await note('crash tree', (p) => settledTree(p, (s) => pids.every((pid) => s.some((r) => r.startsWith(`${pid}|`)))))
  await note('crash boxes', (p) => crashView(p, false))
  await openScenario(page, 'crash-isolation')
  await expect(panel.getByTestId('run-status')).toHaveText('finished', { timeout: 20_000 })
  await expect(panel.getByTestId('outcome')).toHaveAttribute('data-final', 'true')
  await note('crash outcome', (p) => crashView(p, true))
  expect(errors).toEqual([])

  // The recording is complete once its host has stopped.
  await stopProcess(hosts.pop()!)
  expect(fs.statSync(file).size).toBeGreaterThan(1000)

  // 3. Replay: the same file in a host that only replays.
  const replayUrl = await host(['--replay', file])
  await page.goto(replayUrl)
  const banner = page.getByTestId('replay-banner')
  await expect(banner).toBeVisible()
  await expect(banner).toContainText('nothing can be killed or started')
  await expect(page.getByTestId('live')).toHaveText('Replay')
  await expect(page.getByTestId('sampling-interval')).toBeDisabled()
  await expect(page.getByTestId('record')).toHaveCount(0)
  if ((await banner.getAttribute('data-playing')) === 'true') await page.getByTestId('replay-play').click()
  await expect(banner).toHaveAttribute('data-playing', 'false')

  const check = async (m: Moment): Promise<void> => {
    await page.getByTestId('replay-timeline').fill(String(m.at))
    await expect(banner).toHaveAttribute('data-t', String(m.at))
    await expect
      .poll(() => m.read(page), { timeout: 5000 })
      .toEqual(m.seen)
      // Show what differs, under the moment's name.
      .catch(async () => expect(await m.read(page), m.what).toEqual(m.seen))
  }
  for (const m of moments) await check(m)
  // Back in time: the stores start over and show the cycle again.
  await check(moments[1])
  await check(moments[0])

  // Nothing can be started or stopped: the buttons say why, and the core refuses as well.
  await openScenario(page, 'deadlock')
  await expect(page.getByTestId('start-run')).toBeDisabled()
  await expect(page.getByTestId('start-run')).toHaveAttribute('title', REASON)
  const refused = await page.evaluate(() =>
    window.proclab.startScenario('fork').then(
      () => 'started',
      (e: Error) => e.message,
    ),
  )
  expect(refused).toBe(REASON)
  const killRefused = await page.evaluate(() =>
    window.proclab.kill(1).then(
      () => 'sent',
      (e: Error) => e.message,
    ),
  )
  expect(killRefused).toBe(REASON)

  // Play resumes from the chosen moment and moves on.
  await page.getByTestId('replay-speed').selectOption('4')
  await page.getByTestId('replay-play').click()
  await expect
    .poll(async () => Number(await banner.getAttribute('data-t')), { timeout: 5000 })
    .toBeGreaterThan(moments[0].at + 1000)
  expect(errors).toEqual([])
})

test('a truncated file and a random file are refused with a message, and the live dashboard carries on', async ({
  page,
}) => {
  const good = path.join(dir, 'good.proclab.gz')
  // A recording a few seconds long, made by a real host.
  await page.goto(await host(['--record', good]))
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  await page.waitForTimeout(2500)
  await stopProcess(hosts.pop()!)
  const bytes = fs.readFileSync(good)
  const truncated = path.join(dir, 'truncated.proclab.gz')
  fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)))
  const random = path.join(dir, 'random.proclab.gz')
  fs.writeFileSync(random, crypto.randomBytes(20_000))

  // The web host refuses both at start, saying why.
  for (const [f, message] of [
    [truncated, /damaged/],
    [random, /not a ProcLab recording/],
  ] as const) {
    const r = spawnSync(process.execPath, [path.join(OUT_DIR, 'main', 'web.js'), '--port', '0', '--replay', f], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
  }

  // The live dashboard refuses them too, from the file picker, and stays live.
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(await host([]))
  await expect(page.getByTestId('process-tree').locator('[role=treeitem]').first()).toBeVisible()
  await page.getByTestId('recording-file').setInputFiles(truncated)
  await expect(page.getByText('truncated.proclab.gz: The recording is damaged')).toBeVisible()
  await page.getByTestId('recording-file').setInputFiles(random)
  await expect(page.getByText('random.proclab.gz: This is not a ProcLab recording')).toBeVisible()
  await expect(page.getByTestId('replay-banner')).toHaveCount(0)
  await expect(page.getByTestId('live')).toHaveText('Live')
  const seq = async (): Promise<number> =>
    Number(/#(\d+)/.exec((await page.getByTestId('status').textContent()) ?? '')?.[1])
  const before = await seq()
  await expect.poll(seq, { timeout: 5000 }).toBeGreaterThan(before)

  // A good file dropped on the window replays; an old version's file too.
  const drop = async (file: string): Promise<void> => {
    const b64 = fs.readFileSync(file).toString('base64')
    const dt = await page.evaluateHandle(
      ([data, name]) => {
        const t = new DataTransfer()
        t.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name))
        return t
      },
      [b64, path.basename(file)] as const,
    )
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt })
    await expect(page.getByTestId('drop-zone')).toBeVisible()
    await page.dispatchEvent('body', 'drop', { dataTransfer: dt })
  }
  await drop(path.join('test', 'fixtures', 'recording-v0.proclab.gz'))
  await expect(page.getByTestId('replay-banner')).toContainText('older format, version 0')
  await expect(page.getByTestId('replay-name')).toHaveText('recording-v0.proclab.gz')
  // The keyboard moves the timeline by a second an arrow (not a millisecond), Home and End to its ends.
  const timeline = page.getByTestId('replay-timeline')
  const banner = page.getByTestId('replay-banner')
  const tNow = async (): Promise<number> => Number(await banner.getAttribute('data-t'))
  if ((await banner.getAttribute('data-playing')) === 'true') await page.getByTestId('replay-play').click()
  await expect(banner).toHaveAttribute('data-playing', 'false')
  await timeline.press('Home')
  const first = await tNow()
  await timeline.press('ArrowRight')
  await expect.poll(tNow).toBe(Math.min(first + 1000, Number(await timeline.getAttribute('max'))))
  await timeline.press('End')
  await expect.poll(tNow).toBe(Number(await timeline.getAttribute('max')))
  await timeline.fill(String(1700000000000 + 1000))
  await page.getByTestId('tab-monitor').click()
  await expect(page.locator('[role=treeitem][data-pid="200"]')).toContainText('parent')
  await drop(good)
  await expect(page.getByTestId('replay-name')).toHaveText('good.proclab.gz')
  // Back to live.
  await page.getByTestId('replay-close').click()
  await expect(page.getByTestId('live')).toHaveText('Live')
  expect(errors).toEqual([])
})
