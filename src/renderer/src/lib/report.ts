// A run as a self-contained HTML report: the scenario's claim, the options,
// the processes and threads with their roles, the outcome's checks and
// figures, a timeline drawn in inline SVG, and the raw data as JSON inside the
// page (with a button to save it). No external resource of any kind: the page
// opens offline and makes no request. Every message is rendered in the
// dashboard's language (the JSON keeps the messages' keys and parameters too).
import { runOf, threadRunOf, type ExitInfo, type RunInfo, type ScenarioInfo } from '../../../shared/model'
import { coreCatalog } from '../../../shared/i18n'
import { exitAfterMsg } from './run-records'
import { renderPlain, type Locale, type Msg, type MessageTree } from '../../../shared/msg'
import type { SeriesChart } from '../../../shared/thread-lab'
import { runsMsg, uiRuns } from '../i18n/ui-runs'
import { figureKey, scoreMsg, scoreOf } from './outcome-view'
import { redactOptions } from '../../../shared/redact'
import { roleMsg } from '../../../shared/roles'

/** How the report renders messages: the dashboard passes its own (vue-i18n); tests and tools use plainText(). */
export interface ReportText {
  readonly locale: Locale
  /** A message (or plain text) in the report's language. */
  readonly tm: (m: Msg | string | undefined) => string
}

/** Messages rendered from the catalog with plain substitution, without the dashboard. */
export function plainText(locale: Locale = 'en'): ReportText {
  const tree: MessageTree = { ...coreCatalog(locale), ui: { runs: uiRuns[locale] } }
  return { locale, tm: (m) => (m === undefined ? '' : typeof m === 'string' ? m : renderPlain(tree, m, locale)) }
}

export interface ReportProcess {
  readonly pid: number
  readonly ppid: number
  readonly role: string
  readonly name: string
  readonly startedAt: number
  readonly exit?: ExitInfo
}

export interface ReportInput {
  readonly run: RunInfo
  readonly scenario?: ScenarioInfo
  readonly processes: readonly ReportProcess[]
  readonly output: readonly { at: number; pid: number; role: string; stream: string; text: string }[]
  readonly lifecycle: readonly { at: number; kind: string; pid?: number; role?: string; text: Msg | string }[]
  /** Output lines left out by the bound. */
  readonly droppedOutput?: number
  /** The page holds only the run itself, not what it did (the core had dropped its record). */
  readonly incomplete?: boolean
  /** The language to write it in; English without the dashboard. */
  readonly text?: ReportText
}

const esc = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/** A run's options may be a command line (subprocess): shown and embedded without its secrets (`?token=`, `--token X`). */
function withoutSecrets(input: ReportInput): ReportInput {
  const options = redactOptions(input.run.options ?? {})
  return options === input.run.options ? input : { ...input, run: { ...input.run, options } as RunInfo }
}

const iso = (t?: number): string => (t ? new Date(t).toISOString().replace('T', ' ').replace('Z', ' UTC') : '—')
const secs = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`

/** A message, or its key where the catalog has no text for it (tm gives the key back). */
const textOr = (x: ReportText, key: string, fallback: string): string => {
  const t = x.tm({ key })
  return t === key ? fallback : t
}

const titleOf = (x: ReportText, run: RunInfo): string => textOr(x, `scenario.${run.scenarioId}.title`, run.title)

const optionLabel = (x: ReportText, run: RunInfo, key: string): string =>
  key === 'language'
    ? textOr(x, 'core.option.language.label', key)
    : textOr(x, `scenario.${run.scenarioId}.option.${key}.label`, key)

const figureLabel = (x: ReportText, run: RunInfo, key: string): string => textOr(x, figureKey(run.scenarioId, key), key)

/** The report's texts as the reader saw them, next to the messages they came from. */
function rendered(input: ReportInput, x: ReportText): Record<string, unknown> {
  const { run } = input
  const o = run.outcome
  return {
    language: x.locale,
    title: titleOf(x, run),
    status: x.tm(runsMsg(`status.${run.status}`)),
    error: run.errorMsg || run.error ? x.tm(run.errorMsg ?? run.error) : undefined,
    outcome: o && {
      summary: x.tm(o.summary),
      score: x.tm(scoreMsg(scoreOf(o.checks))),
      checks: o.checks.map((c) => ({ ok: c.ok, label: x.tm(c.label), detail: c.detail && x.tm(c.detail) })),
      facts: (o.facts ?? []).map((f) => ({ label: x.tm(f.label), detail: f.detail && x.tm(f.detail) })),
      figures: Object.entries(o.figures).map(([key, value]) => ({ key, label: figureLabel(x, run, key), value })),
    },
    lifecycle: input.lifecycle.map((l) => x.tm(l.text)),
  }
}

/** The raw data of a report, also embedded in it: messages as keys and parameters, and as the reader saw them (`rendered`). */
export function reportData(input: ReportInput): string {
  input = withoutSecrets(input)
  const x = input.text ?? plainText()
  return JSON.stringify(
    {
      format: 'proclab-run-report',
      version: 1,
      scenario: input.scenario,
      run: input.run,
      processes: input.processes,
      output: input.output,
      lifecycle: input.lifecycle,
      rendered: rendered(input, x),
    },
    null,
    2,
  )
}

interface Lane {
  readonly label: string
  readonly bars: readonly { start: number; end: number; label: string; bad?: boolean }[]
}

/** Lanes to draw: the pool's tasks per worker when the run has them, else each process's lifetime. */
function lanes(input: ReportInput, x: ReportText): { title: string; lanes: Lane[] } {
  const end = input.run.endedAt ?? Date.now()
  const pool = runOf(input.run, 'pool')
  const timeline = pool?.outcome?.data?.timeline ?? pool?.live?.timeline ?? []
  if (timeline.length) {
    const byPid = new Map<number, Lane['bars'][number][]>()
    for (const e of timeline) {
      const list = byPid.get(e.pid) ?? []
      list.push({ start: e.start, end: e.end ?? end, label: x.tm(runsMsg('report.task', { task: e.task })) })
      byPid.set(e.pid, list)
    }
    return {
      title: x.tm(runsMsg('report.tasksPerWorker')),
      lanes: [...byPid].map(([pid, bars]) => ({ label: `pid ${pid}`, bars })),
    }
  }
  return {
    title: x.tm(runsMsg('report.lifetimes')),
    lanes: input.processes.map((p) => ({
      label: `${p.role ? x.tm(roleMsg(p.role)) : p.name} (${p.pid})`,
      bars: [
        {
          start: p.startedAt || input.run.startedAt,
          end: p.exit?.endedAt ?? end,
          label: x.tm(p.exit ? exitOf(p.exit) : runsMsg('report.running')),
          bad: p.exit ? p.exit.reason !== 'clean-exit' : false,
        },
      ],
    })),
  }
}

const exitOf = (e: ExitInfo): Msg => exitAfterMsg(e)

function timelineSvg(input: ReportInput, x: ReportText): string {
  const { title, lanes: ls } = lanes(input, x)
  if (!ls.length) return ''
  const t0 = input.run.startedAt
  const t1 = Math.max(input.run.endedAt ?? t0 + 1, ...ls.flatMap((l) => l.bars.map((b) => b.end)))
  const W = 760
  const left = 150
  const laneH = 24
  const H = ls.length * laneH + 30
  const px = (t: number): number => left + ((t - t0) / Math.max(1, t1 - t0)) * (W - left - 30)
  const rows = ls
    .map((l, i) => {
      const y = i * laneH + 4
      const bars = l.bars
        .map(
          (b) =>
            `<rect class="bar${b.bad ? ' bad' : ''}" x="${px(b.start).toFixed(1)}" y="${y + 3}" width="${Math.max(2, px(b.end) - px(b.start)).toFixed(1)}" height="${laneH - 8}" rx="3"><title>${esc(b.label)}: ${secs(b.start - t0)} → ${secs(b.end - t0)}</title></rect>` +
            (px(b.end) - px(b.start) > 40
              ? `<text class="in" x="${(px(b.start) + 4).toFixed(1)}" y="${y + laneH / 2 + 4}">${esc(b.label)}</text>`
              : ''),
        )
        .join('')
      return `<text class="lane" x="${left - 8}" y="${y + laneH / 2 + 4}" text-anchor="end">${esc(l.label)}</text>${bars}`
    })
    .join('')
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const t = t0 + f * (t1 - t0)
      return `<line class="tick" x1="${px(t)}" x2="${px(t)}" y1="0" y2="${H - 24}"/><text class="axis" x="${px(t)}" y="${H - 8}" text-anchor="middle">${secs(t - t0)}</text>`
    })
    .join('')
  return `<figure data-testid="report-timeline"><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(title)}">${ticks}${rows}</svg></figure>`
}

const SERIES_COLOURS = ['#3a6ff7', '#e67e22', '#17803d', '#c62828', '#8e44ad', '#16a085']

/** A scenario's own line charts (sweeps: throughput by threads, and so on), their texts in the report's language. */
function seriesSvg(c: SeriesChart, text: ReportText): string {
  const plain = (m: Msg | undefined): string => text.tm(m)
  const W = 760
  const H = 240
  const pad = { l: 50, r: 12, t: 10, b: 36 }
  const ys = c.series.flatMap((s) => s.values.filter((v): v is number => typeof v === 'number'))
  if (!c.x.length || !ys.length) return ''
  const [x0, x1] = [Math.min(...c.x), Math.max(...c.x)]
  const y1 = Math.max(...ys, 0) || 1
  const px = (x: number): number => pad.l + ((x - x0) / Math.max(1e-9, x1 - x0)) * (W - pad.l - pad.r)
  const py = (y: number): number => H - pad.b - (y / y1) * (H - pad.t - pad.b)
  const lines = c.series
    .map((s, i) => {
      const pts = s.values
        .map((v, j) => (typeof v === 'number' ? `${px(c.x[j]).toFixed(1)},${py(v).toFixed(1)}` : null))
        .filter(Boolean)
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]
      return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.join(' ')}"/><text x="${W - pad.r}" y="${pad.t + 12 + i * 14}" text-anchor="end" fill="${colour}">${esc(plain(s.name))}</text>`
    })
    .join('')
  const axes = `<line class="tick" x1="${pad.l}" x2="${W - pad.r}" y1="${H - pad.b}" y2="${H - pad.b}"/><line class="tick" x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${H - pad.b}"/>
<text class="axis" x="${pad.l}" y="${H - pad.b + 14}">${esc(x0)}</text><text class="axis" x="${W - pad.r}" y="${H - pad.b + 14}" text-anchor="end">${esc(x1)}</text>
<text class="axis" x="${(W / 2).toFixed(0)}" y="${H - 4}" text-anchor="middle">${esc(plain(c.xLabel))}</text><text class="axis" x="${pad.l - 4}" y="${pad.t + 8}" text-anchor="end">${y1.toPrecision(3)}</text>
<text class="axis" x="${pad.l - 4}" y="${H - pad.b}" text-anchor="end">0</text><text class="axis" x="4" y="${pad.t + 24}">${esc(plain(c.yLabel))}</text>`
  const mark =
    c.markX !== undefined
      ? `<line x1="${px(c.markX)}" x2="${px(c.markX)}" y1="${pad.t}" y2="${H - pad.b}" stroke="#999" stroke-dasharray="4 3"/><text class="axis" x="${px(c.markX) + 4}" y="${pad.t + 10}">${esc(plain(c.markLabel))}</text>`
      : ''
  return `<figure data-testid="report-chart"><figcaption>${esc(plain(c.title))}</figcaption><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(plain(c.title))}">${axes}${mark}${lines}</svg></figure>`
}

function chartsOf(run: RunInfo): SeriesChart[] {
  // A recording may come from elsewhere: draw only charts that have the shape of one.
  const charts = threadRunOf(run)?.outcome?.data?.charts ?? []
  return charts.filter((c) => c && Array.isArray(c.x) && Array.isArray(c.series))
}

const CSS = `
:root{color-scheme:light dark;--fg:#1d232b;--muted:#5b6675;--line:#d6dbe2;--ok:#17803d;--bad:#c62828;--accent:#3a6ff7;--bg:#fff;--bg2:#f4f6f9}
@media (prefers-color-scheme:dark){:root{--fg:#e3e7ee;--muted:#9aa5b4;--line:#374151;--bg:#161a20;--bg2:#1f242c}}
body{font:14px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:960px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--bg2)}.num{font-variant-numeric:tabular-nums}code,pre{font:12px ui-monospace,monospace}
pre{background:var(--bg2);padding:8px;overflow:auto;max-height:360px}blockquote{margin:0;padding:8px 12px;border-left:3px solid var(--accent);background:var(--bg2)}
.ok{color:var(--ok)}.bad{color:var(--bad)}li.check{list-style:none;margin:4px 0}li.check b{display:inline-block;width:1.4em}
svg text{font:11px system-ui,sans-serif;fill:var(--fg)}svg .axis{fill:var(--muted)}svg .tick{stroke:var(--line)}
svg .bar{fill:var(--accent);opacity:.8}svg .bar.bad{fill:var(--bad)}svg .in{fill:#fff}figure{margin:0}figcaption{color:var(--muted);margin-bottom:4px}
button{font:inherit;padding:4px 10px}`

// Saves the embedded data as a file, from the page itself: no request leaves it.
const SCRIPT = `document.getElementById('save-data').addEventListener('click',function(){var d=document.getElementById('proclab-data').textContent;var u=URL.createObjectURL(new Blob([d],{type:'application/json'}));var a=document.createElement('a');a.href=u;a.download=document.body.dataset.name+'.json';a.click();setTimeout(function(){URL.revokeObjectURL(u)},60000)})`

/**
 * The SHA-256 of CSS and SCRIPT (base64), as CSP source expressions: the page runs that one
 * script and applies that one style sheet, and nothing else, whatever a recording put in its
 * values (no 'unsafe-inline'). The report is built in the dashboard, where hashing is async, so
 * the hashes are written here; test/attack/report.test.ts recomputes them and fails on a stale one.
 */
export const STYLE_HASH = 'sha256-C/iWxkbwbuatAaLsgkeYdodh+eLa6/cdrtRst24oGVE='
export const SCRIPT_HASH = 'sha256-3JcJgoHn2lLNgY9+JeYEdIvdujsU/TaZTtqP4r/Afcs='
export const REPORT_CSP = `default-src 'none'; style-src '${STYLE_HASH}'; script-src '${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`
export { CSS as REPORT_CSS, SCRIPT as REPORT_SCRIPT }

const MARK = (ok: boolean | null): string => (ok === true ? '✓' : ok === false ? '✗' : '–')
const markClass = (ok: boolean | null): string => (ok === true ? 'ok' : ok === false ? 'bad' : 'muted')

function outcomeHtml(input: ReportInput, x: ReportText): string {
  const { run } = input
  const o = run.outcome
  const u = (k: Parameters<typeof runsMsg>[0], p?: Parameters<typeof runsMsg>[1]): string => esc(x.tm(runsMsg(k, p)))
  if (!o)
    return `<p class="muted">${run.error || run.errorMsg ? esc(x.tm(run.errorMsg ?? run.error)) : u('report.noOutcome')}</p>`
  const checks = o.checks
    .map(
      (c) =>
        `<li class="check" data-ok="${c.ok === null ? 'null' : c.ok ? 'true' : 'false'}"><b class="${markClass(c.ok)}">${MARK(c.ok)}</b>${esc(x.tm(c.label))}${c.ok === null ? ` <span class="muted">(${u('outcome.notRun')})</span>` : ''}${c.detail ? ` <span class="muted">— ${esc(x.tm(c.detail))}</span>` : ''}</li>`,
    )
    .join('')
  const facts = (o.facts ?? [])
    .map(
      (f) => `<li>${esc(x.tm(f.label))}${f.detail ? ` <span class="muted">— ${esc(x.tm(f.detail))}</span>` : ''}</li>`,
    )
    .join('')
  const figures = Object.entries(o.figures)
    .map(
      ([k, v]) =>
        `<tr><td>${esc(figureLabel(x, run, k))} <code class="muted">${esc(k)}</code></td><td class="num">${esc(v ?? '—')}</td></tr>`,
    )
    .join('')
  return `<p data-testid="report-summary">${esc(x.tm(o.summary))}</p>
<p class="muted" data-testid="report-score">${esc(x.tm(scoreMsg(scoreOf(o.checks))))}</p>
<ul data-testid="report-checks">${checks}</ul>
${facts ? `<h3>${u('outcome.facts')}</h3><p class="muted">${u('outcome.factsHelp')}</p><ul data-testid="report-facts">${facts}</ul>` : ''}
${figures ? `<table data-testid="report-figures"><tr><th>${u('report.figure')}</th><th>${u('report.value')}</th></tr>${figures}</table>` : ''}`
}

export function reportHtml(input: ReportInput): string {
  input = withoutSecrets(input)
  const x = input.text ?? plainText()
  const u = (k: Parameters<typeof runsMsg>[0], p?: Parameters<typeof runsMsg>[1]): string => esc(x.tm(runsMsg(k, p)))
  const { run, scenario } = input
  const title = titleOf(x, run)
  const threads = (threadRunOf(run)?.live?.threads ?? []).filter((t) => t && typeof t.name === 'string')
  const options = Object.entries(run.options)
  const data = reportData({ ...input, text: x }).replace(/</g, '\\u003c')
  const meta = [
    `${u('report.run')} <code>${esc(run.runId)}</code>`,
    u(`status.${run.status}`),
    u('report.started', { at: iso(run.startedAt) }),
    run.endedAt ? u('report.took', { time: secs(run.endedAt - run.startedAt) }) : u('report.notFinished'),
    ...(scenario ? [u('report.section', { section: scenario.section })] : []),
  ].join(' · ')
  const claim = textOr(x, `scenario.${run.scenarioId}.summary`, '')
  return `<!doctype html>
<html lang="${x.locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${u('report.title', { title, runId: run.runId })}</title><style>${CSS}</style></head>
<body data-name="${esc(run.runId)}">
<h1>${esc(title)}</h1>
<p class="muted">${meta}</p>
${input.incomplete ? `<p class="bad" data-testid="report-incomplete">${u('report.incomplete')}</p>` : ''}
${claim ? `<h2>${u('report.claim')}</h2><blockquote data-testid="report-claim">${esc(claim)}</blockquote>` : ''}
<h2>${u('report.options')}</h2>
${options.length ? `<table data-testid="report-options"><tr><th>${u('report.option')}</th><th>${u('report.value')}</th></tr>${options.map(([k, v]) => `<tr><td>${esc(optionLabel(x, run, k))} <code class="muted">${esc(k)}</code></td><td><code>${esc(JSON.stringify(v))}</code></td></tr>`).join('')}</table>` : `<p class="muted">${u('report.none')}</p>`}
<h2>${u('report.outcome')}</h2>
${outcomeHtml(input, x)}
<h2>${u('report.timeline')}</h2>
${timelineSvg(input, x)}
${chartsOf(run)
  .map((c) => seriesSvg(c, x))
  .join('')}
<h2>${u('report.processes')}</h2>
${
  input.processes.length
    ? `<table data-testid="report-processes"><tr><th>pid</th><th>${u('report.parent')}</th><th>${u('report.role')}</th><th>${u('report.name')}</th><th>${u('report.startedColumn')}</th><th>${u('report.ended')}</th></tr>
${input.processes.map((p) => `<tr><td class="num">${esc(p.pid)}</td><td class="num">${esc(p.ppid)}</td><td>${esc(p.role && x.tm(roleMsg(p.role)))}</td><td>${esc(p.name)}</td><td class="num">${p.startedAt ? secs(p.startedAt - run.startedAt) : '—'}</td><td>${esc(x.tm(p.exit ? exitOf(p.exit) : runsMsg('report.running')))}</td></tr>`).join('')}</table>`
    : `<p class="muted" data-testid="report-processes-empty">${u('report.noProcesses')}</p>`
}
${threads.length ? `<h2>${u('report.threads')}</h2><table data-testid="report-threads"><tr><th>tid</th><th>${u('report.process')}</th><th>${u('report.name')}</th><th>${u('report.lastState')}</th></tr>${threads.map((t) => `<tr><td class="num">${esc(t.tid)}</td><td class="num">${esc(t.pid)}</td><td>${esc(t.name)}</td><td>${esc(x.tm(t.state))}</td></tr>`).join('')}</table>` : ''}
<h2>${u('report.lifecycle')}</h2>
${input.lifecycle.length ? `<table data-testid="report-lifecycle"><tr><th>${u('report.at')}</th><th>pid</th><th>${u('report.role')}</th><th>${u('report.what')}</th></tr>${input.lifecycle.map((l) => `<tr><td class="num">${secs(l.at - run.startedAt)}</td><td class="num">${esc(l.pid)}</td><td>${esc(l.role && x.tm(roleMsg(l.role)))}</td><td>${esc(x.tm(l.text))}</td></tr>`).join('')}</table>` : `<p class="muted" data-testid="report-lifecycle-empty">${u('report.noLifecycle')}</p>`}
<h2>${u('report.output')}</h2>
${input.droppedOutput ? `<p class="muted">${u('report.droppedOutput', { count: input.droppedOutput })}</p>` : ''}
${input.output.length ? `<pre data-testid="report-output">${input.output.map((l) => `[${esc(l.role ? x.tm(roleMsg(l.role)) : l.pid)}${l.stream === 'stderr' ? ' stderr' : ''}] ${esc(l.text)}`).join('\n')}</pre>` : `<p class="muted" data-testid="report-output-empty">${u('report.noOutput')}</p>`}
<h2>${u('report.rawData')}</h2>
<p><button id="save-data" type="button">${u('report.save')}</button> <span class="muted">${u('report.sameData')}</span></p>
<script type="application/json" id="proclab-data">${data}</script>
<script>${SCRIPT}</script>
<p class="muted">${u('report.madeBy')}</p>
</body></html>
`
}
