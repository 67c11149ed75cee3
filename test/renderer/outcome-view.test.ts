// How a run's outcome reaches the user: checks not run are neither held nor
// failed, facts are not checks, figures are labelled from the catalog, a
// Python run is put beside the latest Node run of the same scenario, and the
// exported report speaks the dashboard's language (its JSON keeps the keys).
import { describe, expect, it } from 'vitest'
import { uiRuns } from '../../src/renderer/src/i18n/ui-runs'
import { plainText, reportData, reportHtml } from '../../src/renderer/src/lib/report'
import { compareOutcomes, counterpartOf, figureKey, scoreMsg, scoreOf } from '../../src/renderer/src/lib/outcome-view'
import { coreMsg } from '../../src/shared/i18n/core'
import { leafKeys, lookup, paramNames, parseMessage, type MessageTree } from '../../src/shared/msg'
import type { OutcomeCheck, RunInfo, RunOutcome } from '../../src/shared/model'

const en = plainText('en').tm
const zh = plainText('zh').tm

const check = (key: string, ok: boolean | null): OutcomeCheck => ({ label: { key: `scenario.fork.${key}` }, ok })

const outcome = (checks: OutcomeCheck[], figures: RunOutcome['figures'] = {}): RunOutcome => ({
  summary: coreMsg('run.stoppedBefore', { before: 'x' }),
  checks,
  facts: [{ label: coreMsg('python.notRunCheck') }],
  figures,
})

const run = (runId: string, language: string | undefined, o: Record<string, unknown> = {}): RunInfo =>
  ({
    runId,
    scenarioId: 'fork',
    title: 'Fork',
    status: 'finished',
    startedAt: 1000,
    endedAt: 2000,
    options: language ? { language } : {},
    pids: [],
    ...o,
  }) as unknown as RunInfo

describe('the ui.runs catalog', () => {
  const tree = (l: 'en' | 'zh'): MessageTree => uiRuns[l] as unknown as MessageTree
  it('has the same keys and parameters in English and Chinese, and every message compiles', () => {
    expect(leafKeys(tree('zh')).sort()).toEqual(leafKeys(tree('en')).sort())
    const differ = leafKeys(tree('en')).filter(
      (k) => paramNames(lookup(tree('en'), k)!).join() !== paramNames(lookup(tree('zh'), k)!).join(),
    )
    expect(differ).toEqual([])
    const broken: string[] = []
    for (const l of ['en', 'zh'] as const)
      for (const k of leafKeys(tree(l)))
        for (const e of parseMessage(lookup(tree(l), k)!).errors) broken.push(`${l}:${k}: ${e}`)
    expect(broken).toEqual([])
  })
})

describe('the outcome panel', () => {
  it('counts only the checks that were run: a check not run neither holds nor fails', () => {
    const s = scoreOf([check('a', true), check('b', true), check('c', false), check('d', null)])
    expect(s).toEqual({ held: 2, run: 3, notRun: 1, allHold: false })
    expect(en(scoreMsg(s))).toBe('2 / 3 checks hold, 1 not run')
    expect(zh(scoreMsg(s))).toBe('3 项检查中 2 项成立，1 项未运行')
    const held = scoreOf([check('a', true), check('b', null)])
    expect(held.allHold).toBe(true)
    expect(en(scoreMsg(held))).toBe('1 / 1 checks hold, 1 not run')
  })

  it('never says a run whose checks were all not run holds', () => {
    const s = scoreOf([check('a', null), check('b', null)])
    expect(s).toMatchObject({ held: 0, run: 0, notRun: 2, allHold: false })
    expect(en(scoreMsg(s))).toBe('No check was run (2 not run)')
    expect(en(scoreMsg(scoreOf([check('a', true)])))).toBe('1 / 1 checks hold')
  })

  it("labels figures from the scenario's catalog, dotted keys nested", () => {
    expect(figureKey('spin', 'threads.cpu')).toBe('scenario.spin.figure.threads.cpu')
  })
})

describe('Python and Node side by side', () => {
  const mine = run('r5', 'python', {
    outcome: outcome([check('check.a', true), check('check.b', null)], { copyMs: 1.2, onlyMine: 3 }),
  })
  const nodeOld = run('r1', 'node', { endedAt: 1500, outcome: outcome([check('check.a', false)], { copyMs: 80 }) })
  const nodeNew = run('r3', 'node', {
    endedAt: 3000,
    outcome: outcome([check('check.a', true), check('check.b', false)], { copyMs: 91, onlyTheirs: 1 }),
  })

  it('finds the latest finished run of the same scenario in the other language', () => {
    const others = [
      nodeOld,
      nodeNew,
      run('r4', 'node', { status: 'failed', endedAt: 9000 }),
      run('r6', 'node', { scenarioId: 'pool', endedAt: 9000, outcome: outcome([]) }),
      run('r7', 'python', { endedAt: 9000, outcome: outcome([]) }),
      mine,
    ]
    expect(counterpartOf(mine, others)?.runId).toBe('r3')
    expect(counterpartOf(nodeNew, others)?.runId).toBe('r7')
    // A scenario without the language option has no counterpart.
    expect(counterpartOf(run('r8', undefined, { outcome: outcome([]) }), others)).toBeUndefined()
  })

  it("puts each check's result beside the other run's, and the figures both have", () => {
    const c = compareOutcomes(mine.outcome!, nodeNew.outcome!)
    expect(c.checks.map((r) => [r.id, r.mine.ok, r.theirs?.ok])).toEqual([
      ['scenario.fork.check.a', true, true],
      ['scenario.fork.check.b', null, false],
    ])
    expect(c.figures).toEqual([{ id: 'copyMs', mine: 1.2, theirs: 91 }])
    const old = compareOutcomes(mine.outcome!, nodeOld.outcome!)
    expect(old.checks[1].theirs).toBeUndefined()
  })
})

describe('the report', () => {
  const r = run('r9', 'python', {
    outcome: {
      summary: coreMsg('run.stoppedBefore', { before: 'x' }),
      checks: [
        { label: coreMsg('python.notRunCheck'), ok: null },
        { label: coreMsg('exit.clean'), ok: true, detail: coreMsg('exit.code', { code: '3' }) },
      ],
      facts: [{ label: coreMsg('thread.running') }],
      figures: { forkMs: 1.2 },
    },
  })
  const input = {
    run: r,
    processes: [],
    output: [],
    lifecycle: [
      {
        at: 1500,
        kind: 'status',
        text: { key: 'ui.runs.lifecycle.run', params: { status: { key: 'ui.runs.status.finished' } } },
      },
    ],
  }

  it('an empty section says why, in both languages, and a run the page could not rebuild is flagged', () => {
    const empty = { ...input, lifecycle: [] }
    for (const locale of ['en', 'zh'] as const) {
      const html = reportHtml({ ...empty, text: plainText(locale) })
      for (const id of ['report-processes-empty', 'report-lifecycle-empty', 'report-output-empty'])
        expect(html, `${locale} ${id}`).toMatch(new RegExp(`data-testid="${id}">[^<]{6,}</p>`))
      expect(html).not.toContain('data-testid="report-incomplete"')
      expect(html).not.toContain('<pre></pre>')
    }
    const html = reportHtml({ ...empty, incomplete: true, droppedOutput: 12 })
    expect(html).toContain('ProcLab no longer keeps its record')
    expect(html).toContain('The oldest 12 lines are left out')
  })

  it("renders every message in the dashboard's language, facts and not-run checks included", () => {
    const html = reportHtml({ ...input, text: plainText('zh') })
    expect(html).toContain('<html lang="zh-CN">')
    expect(html).toContain('未运行：缺少 Python 3')
    expect(html).toContain('data-ok="null"')
    expect(html).toContain('1 项检查中 1 项成立，1 项未运行')
    expect(html).toContain('<ul data-testid="report-facts"><li>运行中</li></ul>')
    expect(html).toContain('运行状态：已完成')
    expect(html).toContain('以退出码 3 退出')
    expect(html).not.toMatch(/Outcome|Lifecycle|checks hold/)
    const english = reportHtml(input)
    expect(english).toContain('1 / 1 checks hold, 1 not run')
    expect(english).toContain('not run: Python 3 is missing')
  })

  it('keeps the keys and parameters in its JSON, and the texts as the reader saw them', () => {
    const data = JSON.parse(reportData({ ...input, text: plainText('zh') }))
    expect(data.run.outcome.checks[0].label).toEqual({ key: 'core.python.notRunCheck' })
    expect(data.lifecycle[0].text.key).toBe('ui.runs.lifecycle.run')
    expect(data.rendered).toMatchObject({
      language: 'zh',
      status: '已完成',
      outcome: {
        score: '1 项检查中 1 项成立，1 项未运行',
        checks: [
          { ok: null, label: '未运行：缺少 Python 3' },
          { ok: true, label: '正常退出（退出码 0）' },
        ],
        facts: [{ label: '运行中' }],
        figures: [{ key: 'forkMs', value: 1.2 }],
      },
      lifecycle: ['运行状态：已完成'],
    })
  })
})
