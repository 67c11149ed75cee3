// Accessibility with axe-core (injected into the page) in both themes: the
// monitor with a process selected and its details open, and the lab view of
// every scenario after a small run of it has finished. Serious and critical
// violations fail the test, with what axe says and where.
import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'
import type { ProcLabApi } from '../src/shared/api'
import type { ScenarioInfo, ScenarioOption } from '../src/shared/model'
import { expect, test } from './fixtures'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const SCHEMES = ['light', 'dark'] as const

// axe is added as an inline script, which the host's strict CSP would refuse.
test.use({ bypassCSP: true })

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ path: AXE })
  const violations = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
  )) as Violation[]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes
        .slice(0, 5)
        .map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    )
}

async function checkBothThemes(page: Page, where: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme })
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme)
    // Transitions (bars, hover) settle before colours are measured.
    await page.waitForTimeout(300)
    expect.soft(await seriousViolations(page), `${where}, ${colorScheme} theme`).toEqual([])
  }
}

/** Small options: every bounded number at its minimum, so each run ends in seconds. */
function smallOptions(s: ScenarioInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const o of s.options as ScenarioOption[])
    if ((o.type === 'integer' || o.type === 'number') && o.min !== undefined) out[o.key] = o.min
  return out
}

test('the monitor has no serious or critical axe violations in either theme', async ({ dashboard: page, host }) => {
  await page.getByTestId('filter').fill(String(host.pid))
  await page.locator(`[role=treeitem][data-pid="${host.pid}"]`).click()
  await expect(page.getByTestId('files')).toBeVisible()
  await page.getByTestId('filter').fill('')
  await checkBothThemes(page, 'monitor with details')
  // The open menus too.
  await page.getByTestId('column-chooser').locator('summary').click()
  await page.getByTestId('settings').locator('summary').click()
  await checkBothThemes(page, 'monitor with column chooser and settings open')
})

test("every scenario's lab view, after a small run, has no serious or critical axe violations in either theme", async ({
  dashboard: page,
}) => {
  test.setTimeout(15 * 60_000)
  const scenarios = (await page.evaluate('window.proclab.listScenarios()')) as ScenarioInfo[]
  expect(scenarios.length).toBeGreaterThan(10)
  await page.getByTestId('tab-lab').click()
  for (const s of scenarios) {
    await page.locator(`[data-testid=scenario-item][data-id="${s.id}"]`).click()
    // Started as a user would: the small values typed into the form, then Start.
    for (const [key, value] of Object.entries(smallOptions(s)))
      await page.getByTestId(`option-${key}`).locator('input').fill(String(value))
    await page.getByTestId('start-run').click()
    const panel = page.getByTestId('run-panel')
    await expect(panel, `${s.id} run shown`).toBeVisible()
    const runId = (await panel.getAttribute('data-run'))!
    // A scenario that would run on (a deadlock left alone) is stopped after a while: its ended view is checked all the same.
    try {
      await expect(panel).toHaveAttribute('data-status', /finished|failed|stopped/, { timeout: 45_000 })
    } catch {
      await page.evaluate((id) => (globalThis as unknown as { proclab: ProcLabApi }).proclab.stopScenario(id), runId)
      await expect(panel).toHaveAttribute('data-status', /finished|failed|stopped/, { timeout: 20_000 })
    }
    await checkBothThemes(page, `lab view of ${s.id}`)
  }
})

test('the scenario list is one Tab stop; the arrow keys, Home and End move through it and select', async ({
  dashboard: page,
}) => {
  await page.getByTestId('tab-lab').click()
  const items = page.getByTestId('scenario-item')
  // The list arrives from the core after the tab opens: wait for it before counting.
  await expect(items.last()).toBeVisible()
  const count = await items.count()
  expect(count).toBeGreaterThan(10)
  // Only the selected scenario takes the Tab stop: 15 scenarios are not 15 presses of Tab.
  await expect(page.locator('[data-testid=scenario-item][tabindex="0"]')).toHaveCount(1)
  await items.first().click()
  await page.keyboard.press('ArrowDown')
  await expect(items.nth(1)).toBeFocused()
  await expect(items.nth(1)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('End')
  await expect(items.nth(count - 1)).toBeFocused()
  await page.keyboard.press('ArrowDown') // wraps round
  await expect(items.first()).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(items.nth(count - 1)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('Home')
  await expect(items.first()).toHaveAttribute('aria-current', 'true')
  await expect(page.locator('[data-testid=scenario-item][tabindex="0"]')).toHaveAttribute('data-id', 'fork')
})
