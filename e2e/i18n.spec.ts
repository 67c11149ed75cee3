// The dashboard in both languages: every view — the monitor (tree, overview,
// event log, details with each of its sections, column chooser, settings,
// kill dialog, empty states), the lab's setup of every scenario, and a
// finished run of every scenario (process table, output, outcome, the
// scenario's own view, source) — walked in English and in 中文. In both, no
// key may be missing (window.__proclabMissing). In 中文, no visible English
// word may remain — text, tooltips (title), aria-labels, placeholders and the
// choices of every select — outside data (process names, roles, pids, command
// lines, paths, program output, source code), which the components mark
// `data-i18n-exempt` (="title": only the tooltip is data; ="text": only the text),
// nor in text declared in another language (lang="en": the switch's "English"). Every offending string is reported with its view, the
// component that owns it and where it is, so what is left is plain to see.
//
// In both languages, no raw value may show either (issue 19): null, undefined,
// NaN, [object Object], a JSON object, or an option's internal key (workMs,
// startMethod: a camelCase key the form names by its label) in visible text
// outside data (program output, source, pids: data-i18n-exempt).
//
// PROCLAB_I18N_CHROME_ONLY=1 checks only the dashboard's own chrome (not the
// scenario catalog's texts, marked data-i18n-source, nor components other
// work owns, marked data-i18n-owner); the spec as committed checks everything.
// PROCLAB_I18N_SHOTS=<dir> saves a screenshot of every view in both languages.
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test, setOption } from './fixtures'

const CHROME_ONLY = process.env.PROCLAB_I18N_CHROME_ONLY === '1'
const SHOTS = process.env.PROCLAB_I18N_SHOTS

/**
 * Latin words Chinese text uses as they are, each for a reason:
 * - names: ProcLab, Python, Node (Node.js), Linux, macOS, Windows, htop and kthreadd (programs);
 * - abbreviations Chinese technical writing keeps: CPU, PID, TID, UID, FD, GIL, RSS, CSV, JSON, HTML;
 * - units: ms, KB, MB and the binary KiB, MiB, GiB, TiB of formatBytes;
 * - Unix words with no Chinese name in use: nice (the value and the command), root, shell.
 * POSIX signal names (SIGTERM, SIGKILL...) are identifiers. Single letters are not words (units such as B, key names such as Z, "v / i").
 * Code (a word with a dot, slash, underscore or parentheses inside: os.fork, /proc, read_bytes) is not checked.
 */
const ALLOWED = [
  'ProcLab',
  'Python',
  'Node',
  'Linux',
  'macOS',
  'Windows',
  'htop',
  'kthreadd',
  'CPU',
  'PID',
  'TID',
  'UID',
  'FD',
  'GIL',
  'RSS',
  'CSV',
  'JSON',
  'HTML',
  'ms',
  'KB',
  'MB',
  'KiB',
  'MiB',
  'GiB',
  'TiB',
  'nice',
  'root',
  'shell',
  // The tutorial's own words in its Chinese text (分布式进程: "Master/Worker模式").
  'Master',
  'Worker',
]

/** Short options for a run of each scenario (only those the form has are set). */
const SHORT: Record<string, Record<string, string>> = {
  'process-join': { workMs: '200' },
  pool: { tasks: '3', maxTaskMs: '200' },
  subprocess: { timeoutMs: '5000' },
  'queue-pair': { maxPauseMs: '50' },
  threads: { count: '2', pauseMs: '50' },
  'lock-race': { iterations: '1000' },
  deadlock: { holdMs: '10', timeoutS: '5' },
  spin: { count: '1', durationS: '1' },
  'thread-local': { pauseMs: '5' },
  'crash-isolation': { durationSec: '2', taskMs: '20' },
  distributed: { workers: '1', tasks: '3' },
  'switch-cost': { maxCount: '2', workM: '10' },
  'cpu-vs-io': { maxConcurrency: '2', levelMs: '300', taskK: '10' },
  'async-io': { connections: '10', threadConnections: '4', durationS: '1', intervalMs: '50' },
}

interface Offense {
  owner: string
  source: string
  where: string
  text: string
  words: string[]
}

// Runs in the page (the e2e tsconfig has no DOM types: it is a string).
const WALK = `(allowed) => {
  const allow = new Set(allowed)
  const out = []
  const visible = (el) => {
    if (!el || !el.getClientRects().length) return false
    const cs = getComputedStyle(el)
    return cs.visibility !== 'hidden' && cs.display !== 'none' && cs.opacity !== '0'
  }
  // Data, key caps, and text declared in another language (the switch's "English").
  // data-i18n-exempt="title": only the tooltip is data; ="text": only the text is.
  const data = (el) =>
    el.closest('[data-i18n-exempt]:not([data-i18n-exempt=title]):not([data-i18n-exempt=text]), kbd, script, style')
  const foreign = (el) => !(el.closest('[lang]')?.getAttribute('lang') ?? 'zh').startsWith('zh')
  const exempt = (el) => !!(data(el) || el.closest('[data-i18n-exempt=text]') || foreign(el))
  const exemptAttr = (el, a) => !!(data(el) || foreign(el) || el.getAttribute('data-i18n-exempt') === a)
  const label = (el) => {
    const id = el.getAttribute('data-testid')
    if (id) return id
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/)[0] : ''
    return el.tagName.toLowerCase() + cls
  }
  const where = (el) => {
    const parts = [label(el)]
    for (let p = el.parentElement; p && parts.length < 4; p = p.parentElement)
      if (p.getAttribute('data-testid') || p.getAttribute('aria-label')) parts.unshift(p.getAttribute('data-testid') || '[' + p.getAttribute('aria-label') + ']')
    return parts.join(' > ')
  }
  const words = (text) =>
    (text
      .replace(/\\S*[\\/_]\\S*/g, ' ')
      .replace(/[A-Za-z][\\w-]*(\\.[A-Za-z][\\w-]*)+(\\(\\))?/g, ' ')
      .replace(/\\w+\\([^)]*\\)/g, ' ')
      // A token with a digit is an identifier, not prose: fork's random marker 6a0be6 is not "be".
      .replace(/\\w*\\d\\w*/g, ' ')
      .match(/[A-Za-z]{2,}/g) || []).filter((w) => !allow.has(w) && !/^SIG[A-Z0-9]+$/.test(w))
  // A Chinese sentence may name code and terms in their own spelling (Pool, stdin, pid, fork, as the
  // tutorial does); English prose inside it shows by its little words. Text with no Chinese at all must
  // have no English word but the allowed terms.
  const prose = new Set(['the', 'and', 'of', 'to', 'an', 'is', 'are', 'was', 'were', 'will', 'be', 'with', 'without',
    'for', 'from', 'this', 'that', 'these', 'those', 'when', 'then', 'than', 'its', 'it', 'in', 'on', 'at', 'by',
    'as', 'or', 'not', 'but', 'each', 'every', 'here', 'there', 'what', 'which', 'who', 'how', 'all', 'has', 'have'])
  const check = (el, text, kind) => {
    const all = words(text)
    // In Chinese text, what is quoted (a program's own line) and an exception's message are the program's words.
    const cjk = /[\u3400-\u9fff]/.test(text)
    const w = cjk
      ? words(text.replace(/“[^”]*”|"[^"]*"|\w*Error: .*$/g, ' ')).filter((x) => prose.has(x.toLowerCase()))
      : all
    if (!w.length) return
    out.push({
      owner: el.closest('[data-i18n-owner]')?.getAttribute('data-i18n-owner') ?? 'chrome',
      source: el.closest('[data-i18n-source]')?.getAttribute('data-i18n-source') ?? '',
      where: where(el) + (kind ? ' @' + kind : ''),
      text: text.replace(/\\s+/g, ' ').trim().slice(0, 160),
      words: w,
    })
  }
  const seen = new Set()
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = tw.nextNode(); n; n = tw.nextNode()) {
    const el = n.parentElement
    if (!el || seen.has(el) || !n.textContent.trim() || exempt(el) || !visible(el)) continue
    seen.add(el)
    const own = [...el.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent).join(' ')
    check(el, own, '')
  }
  for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (!visible(el)) continue
    for (const a of ['title', 'aria-label', 'placeholder'])
      if (el.hasAttribute(a) && !exemptAttr(el, a)) check(el, el.getAttribute(a), a)
  }
  for (const sel of document.body.querySelectorAll('select')) {
    if (!visible(sel)) continue
    for (const o of sel.querySelectorAll('option')) if (!exempt(o)) check(o, o.textContent, 'option')
  }
  return out
}`

interface RawOffense {
  where: string
  text: string
  what: string
}

// Raw values in visible text and tooltips (runs in the page). keys: option keys seen in the forms.
const RAW = `(keys) => {
  const out = []
  const visible = (el) => {
    if (!el || !el.getClientRects().length) return false
    const cs = getComputedStyle(el)
    return cs.visibility !== 'hidden' && cs.display !== 'none' && cs.opacity !== '0'
  }
  const data = (el) =>
    el.closest('[data-i18n-exempt]:not([data-i18n-exempt=title]):not([data-i18n-exempt=text]), kbd, script, style, pre, code')
  const exempt = (el) => !!(data(el) || el.closest('[data-i18n-exempt=text]'))
  const exemptAttr = (el, a) => !!(data(el) || el.getAttribute('data-i18n-exempt') === a)
  const where = (el) => {
    const parts = [el.getAttribute('data-testid') || el.tagName.toLowerCase()]
    for (let p = el.parentElement; p && parts.length < 4; p = p.parentElement)
      if (p.getAttribute('data-testid')) parts.unshift(p.getAttribute('data-testid'))
    return parts.join(' > ')
  }
  const tests = [
    ['null', /\\bnull\\b/],
    ['undefined', /\\bundefined\\b/],
    ['NaN', /\\bNaN\\b/],
    ['[object Object]', /\\[object Object\\]/],
    ['a JSON object', /\\{\\s*"[^"]+"\\s*:/],
    ...keys.map((k) => ['the option key ' + k, new RegExp('(^|[^\\\\w.])' + k + '($|[^\\\\w(])')]),
  ]
  const check = (el, text, kind) => {
    for (const [what, re] of tests)
      if (re.test(text)) out.push({ where: where(el) + (kind ? ' @' + kind : ''), text: text.replace(/\\s+/g, ' ').trim().slice(0, 160), what })
  }
  const seen = new Set()
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = tw.nextNode(); n; n = tw.nextNode()) {
    const el = n.parentElement
    if (!el || seen.has(el) || !n.textContent.trim() || exempt(el) || !visible(el)) continue
    seen.add(el)
    check(el, [...el.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent).join(' '), '')
  }
  for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (!visible(el)) continue
    for (const a of ['title', 'aria-label', 'placeholder'])
      if (el.hasAttribute(a) && !exemptAttr(el, a)) check(el, el.getAttribute(a), a)
  }
  return out
}`

class Walk {
  readonly offenses = new Map<string, Offense & { views: string[] }>()
  readonly missing = new Set<string>()
  readonly raw = new Map<string, RawOffense & { views: string[] }>()
  /** Option keys a user could mistake for words: camelCase ones (workMs), from every form seen. */
  private readonly keys = new Set<string>()
  private readonly notes: string[] = []

  constructor(private readonly page: Page) {}

  async view(name: string, lang: 'en' | 'zh'): Promise<void> {
    const page = this.page
    await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en')
    for (const k of (await page.evaluate('[...window.__proclabMissing]')) as string[])
      this.missing.add(`${k} (${name})`)
    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true })
      await page.screenshot({ path: path.join(SHOTS, `${lang}-${name.replace(/[^\w-]+/g, '_')}.png`) })
    }
    for (const k of (await page.evaluate(
      `[...document.querySelectorAll('[data-testid^="option-"]')].map((e) => e.getAttribute('data-testid').slice(7))`,
    )) as string[])
      if (/^[a-z]+[A-Z]\w*$/.test(k)) this.keys.add(k)
    for (const o of (await page.evaluate(`(${RAW})(${JSON.stringify([...this.keys])})`)) as RawOffense[]) {
      const key = `${o.where}|${o.text}|${o.what}`
      const known = this.raw.get(key)
      if (known) known.views.push(`${name} (${lang})`)
      else this.raw.set(key, { ...o, views: [`${name} (${lang})`] })
    }
    if (lang !== 'zh') return
    const found = (await page.evaluate(`(${WALK})(${JSON.stringify(ALLOWED)})`)) as Offense[]
    for (const o of found) {
      if (CHROME_ONLY && (o.owner !== 'chrome' || o.source)) continue
      const key = `${o.owner}|${o.source}|${o.where}|${o.text}`
      const known = this.offenses.get(key)
      if (known) known.views.push(name)
      else this.offenses.set(key, { ...o, views: [name] })
    }
  }

  /** A line for the report (e.g. how a run ended). */
  note(line: string): void {
    this.notes.push(line)
  }

  /** Every English string in 中文 and every missing key, one line each; attached to the test and printed. */
  async report(): Promise<void> {
    const lines = [...this.offenses.values()].map(
      (o) =>
        `[${o.owner}${o.source ? `/${o.source}` : ''}] ${o.where}: “${o.text}” (${[...new Set(o.words)].slice(0, 8).join(', ')}${new Set(o.words).size > 8 ? ', …' : ''}) — in ${o.views.slice(0, 3).join(', ')}${o.views.length > 3 ? ` and ${o.views.length - 3} more` : ''}`,
    )
    const raw = [...this.raw.values()].map(
      (o) =>
        `${o.where}: “${o.text}” shows ${o.what} — in ${o.views.slice(0, 3).join(', ')}${o.views.length > 3 ? ` and ${o.views.length - 3} more` : ''}`,
    )
    const text = [
      ...this.notes,
      `${raw.length} raw values shown:`,
      ...raw,
      `${lines.length} English strings in 中文${CHROME_ONLY ? ' (chrome only)' : ''}:`,
      ...lines,
      `${this.missing.size} missing keys:`,
      ...this.missing,
    ].join('\n')
    await test.info().attach('i18n-report.txt', { body: text, contentType: 'text/plain' })
    console.log(text)
    expect.soft([...this.missing], 'keys missing from the catalog').toEqual([])
    expect.soft(raw, 'raw values (null, undefined, NaN, objects, JSON, option keys) in visible text').toEqual([])
    expect(lines, 'English left in the Chinese dashboard').toEqual([])
  }
}

async function setLanguage(page: Page, lang: 'en' | 'zh'): Promise<void> {
  await page.getByTestId(`language-${lang}`).click()
  await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en')
}

/** Walks the same screen in English, then in Chinese (switched in place, no reload). */
async function both(page: Page, walk: Walk, name: string, ready?: () => Promise<void>): Promise<void> {
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(page, lang)
    await ready?.()
    await walk.view(name, lang)
  }
}

test('the monitor in English and 中文', async ({ dashboard: page, spawnSleep }) => {
  test.setTimeout(120_000)
  const walk = new Walk(page)
  const child = await spawnSleep()
  await both(page, walk, 'monitor')

  await page.getByTestId('column-chooser').locator('summary').click()
  await both(page, walk, 'column chooser')
  await page.getByTestId('column-chooser').locator('summary').click()

  await page.getByTestId('settings').locator('summary').click()
  await both(page, walk, 'settings')
  await page.getByTestId('settings').locator('summary').click()

  await page.getByTestId('filter').fill('no-such-process-anywhere')
  await both(page, walk, 'tree, nothing matches')
  await page.getByTestId('filter').fill('')
  await page.getByTestId('scope-proclab').click()
  await both(page, walk, 'tree, started by ProcLab')
  await page.getByTestId('scope-all').click()

  // The details of a process: facts, charts, threads, open files, environment, limits.
  await page.getByTestId('filter').fill(String(child.pid))
  await page.locator(`[role=treeitem][data-pid="${child.pid}"]`).click()
  const details = page.getByTestId('details')
  await expect(details.getByTestId('cmdline')).toContainText('sleeper.cjs')
  await expect(details.getByTestId('files')).toBeVisible()
  for (const summary of await details.locator('details.more > summary').all()) await summary.click()
  await both(page, walk, 'details', async () => {
    await expect(details.getByTestId('threads')).toBeVisible()
  })

  // The kill dialog (Del in the tree), then Escape; modal, so the language is switched before it opens.
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(page, lang)
    await page.locator(`[role=treeitem][data-pid="${child.pid}"]`).click()
    await page.keyboard.press('Delete')
    await expect(page.getByTestId('kill-dialog')).toBeVisible()
    await walk.view('kill dialog', lang)
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('kill-dialog')).toBeHidden()
  }

  // The process has ended: the pane says how.
  child.kill('SIGTERM')
  await expect(details.locator('.exit-note')).toBeVisible()
  await both(page, walk, 'details of an ended process')
  await walk.report()
})

/** The lab's scenarios, in the list's order. */
async function scenarioIds(page: Page): Promise<string[]> {
  await page.getByTestId('tab-lab').click()
  const ids = await page.getByTestId('scenario-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!))
  expect(ids).toHaveLength(15)
  return ids
}

const sourceShown = (page: Page) => async (): Promise<void> => {
  await expect(page.getByTestId('source-view').locator('.note, [data-testid=source-code]')).toBeVisible()
}

test("the lab's setup of every scenario in English and 中文", async ({ dashboard: page }) => {
  test.setTimeout(180_000)
  const walk = new Walk(page)
  for (const id of await scenarioIds(page)) {
    await page.locator(`[data-testid=scenario-item][data-id="${id}"]`).click()
    await both(page, walk, `setup ${id}`, sourceShown(page))
  }
  await walk.report()
})

test('a finished run of every scenario, in each of its languages (Python, Node.js), in English and 中文', async ({
  dashboard: page,
}) => {
  test.setTimeout(900_000)
  const walk = new Walk(page)
  for (const id of await scenarioIds(page)) {
    await setLanguage(page, 'en')
    await page.locator(`[data-testid=scenario-item][data-id="${id}"]`).click()
    // Each mode has its own texts (Python's checks, Node's facts): walk a run of each.
    const language = page.getByTestId('option-language').locator('select')
    const modes = (await language.count()) ? ['python', 'node'] : ['']
    for (const mode of modes) {
      await setLanguage(page, 'en')
      await page.locator(`[data-testid=scenario-item][data-id="${id}"]`).click()
      if (mode) await setOption(page, 'language', mode)
      for (const [key, value] of Object.entries(SHORT[id] ?? {})) {
        const input = page.getByTestId(`option-${key}`).locator('input[type=number]')
        if (await input.count()) await input.fill(value)
      }
      // The panel still shows the previous run until the new one is there: wait for a new run id.
      const before = await page
        .getByTestId('run-panel')
        .getAttribute('data-run', { timeout: 500 })
        .catch(() => null)
      await page.getByTestId('start-run').click()
      const panel = page.getByTestId('run-panel')
      await expect(panel).toBeVisible()
      if (before) await expect(panel).not.toHaveAttribute('data-run', before)
      const ended = panel.locator(
        '[data-testid=run-status]:is([data-status=finished], [data-status=failed], [data-status=stopped])',
      )
      // While it runs (live charts, partial tables): a short run may have ended by the time it is walked.
      const name = `run ${id}${mode ? ` (${mode})` : ''}`
      await both(page, walk, `${name}, running`)
      // A run that holds on (a deadlock waits for its timeout, a crash lab for its duration) is stopped after a while.
      await ended.waitFor({ timeout: 45_000 }).catch(async () => {
        await panel.getByTestId('stop-run').click()
        await ended.waitFor({ timeout: 20_000 })
      })
      walk.note(`${name}: ${await panel.getByTestId('run-status').getAttribute('data-status')}`)
      await both(page, walk, name, sourceShown(page))
    }
  }
  await walk.report()
})

test('a replay in English and 中文: its bar, the monitor and the lab as the recording shows them, the drop zone', async ({
  dashboard: page,
}) => {
  const walk = new Walk(page)
  await page.getByTestId('recording-file').setInputFiles(path.join('test', 'fixtures', 'recording-v0.proclab.gz'))
  const banner = page.getByTestId('replay-banner')
  await expect(banner).toBeVisible()
  if ((await banner.getAttribute('data-playing')) === 'true') await page.getByTestId('replay-play').click()
  await page.getByTestId('replay-timeline').fill(String(1700000000000 + 1000))
  await page.getByTestId('scope-proclab').click()
  await both(page, walk, 'replay monitor')
  await page.getByTestId('tab-lab').click()
  await both(page, walk, 'replay lab')

  // Files dragged over the window: the drop zone (then dragged away).
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(page, lang)
    const dt = await page.evaluateHandle(
      `(() => { const t = new DataTransfer(); t.items.add(new File(['x'], 'x.proclab.gz')); return t })()`,
    )
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt })
    await expect(page.getByTestId('drop-zone')).toBeVisible()
    await walk.view('drop zone', lang)
    await page.dispatchEvent('body', 'dragleave', { dataTransfer: dt })
    await expect(page.getByTestId('drop-zone')).toHaveCount(0)
  }
  await page.getByTestId('replay-close').click()
  await expect(banner).toHaveCount(0)
  await walk.report()
})

test.describe('with the system in Chinese', () => {
  test.use({ locale: 'zh-CN' })

  test('the dashboard follows the system until a language is picked, which is remembered', async ({
    dashboard: page,
  }) => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    await expect(page.getByTestId('tab-monitor')).toHaveText('监视器')
    await expect(page.getByTestId('language-zh')).toHaveAttribute('aria-checked', 'true')
    await page.getByTestId('language-en').click()
    await expect(page.getByTestId('tab-monitor')).toHaveText('Monitor')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await page.reload()
    await expect(page.getByTestId('tab-monitor')).toHaveText('Monitor')
    // Back to the system's language from the settings.
    await page.getByTestId('settings').locator('summary').click()
    await page.getByTestId('setting-language').selectOption('system')
    await expect(page.getByTestId('tab-monitor')).toHaveText('监视器')
  })
})
