// What the dashboard exports, checked as text: a report never lets a run's
// output or options become markup or script, and holds its raw data intact;
// the CSV quotes what needs quoting and never starts a cell with a formula.
import { describe, expect, it } from 'vitest'
import type { RunInfo, Snapshot } from '../src/shared/model'
import { reportHtml } from '../src/renderer/src/lib/report'
import { processesCsv } from '../src/renderer/src/lib/table-export'

const EVIL = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'

const run: RunInfo = {
  runId: 'subprocess-1',
  scenarioId: 'subprocess',
  title: 'subprocess',
  status: 'finished',
  startedAt: 1000,
  endedAt: 3000,
  options: { command: EVIL },
  pids: [42],
  outcome: { summary: { key: EVIL }, checks: [{ label: { key: EVIL }, ok: true }], figures: { [EVIL]: 1 } },
}

describe('exports', () => {
  it('a report escapes everything a run printed or was given, and embeds the raw data intact', () => {
    const html = reportHtml({
      run,
      processes: [{ pid: 42, ppid: 1, role: EVIL, name: 'sh', startedAt: 1500 }],
      output: [{ at: 2000, pid: 42, role: 'child', stream: 'stdout', text: EVIL }],
      lifecycle: [{ at: 2000, kind: 'info', text: EVIL }],
    })
    // Exactly the report's own two scripts: the data block and the save button's handler.
    expect(html.match(/<script/g)).toHaveLength(2)
    expect(html).not.toContain('<img')
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//)
    const data = /<script type="application\/json" id="proclab-data">([\s\S]*?)<\/script>/.exec(html)![1]
    expect(JSON.parse(data).run.options.command).toBe(EVIL)
  })

  it("a report draws a scenario's line charts, one line per series", () => {
    const charts = [
      {
        id: 'c',
        title: { key: 'scenario.cpu-vs-io.chart.speedUp.title' },
        xLabel: { key: 'scenario.cpu-vs-io.chart.x' },
        yLabel: { key: 'scenario.cpu-vs-io.chart.speedUp.y' },
        x: [1, 2, 4],
        series: [
          { id: 'cpu', name: { key: 'scenario.cpu-vs-io.chart.cpuBound' }, values: [10, 19, null] },
          { id: 'io', name: { key: 'scenario.cpu-vs-io.chart.ioBound' }, values: [5, 10, 20] },
        ],
        markX: 2,
        markLabel: { key: 'scenario.cpu-vs-io.chart.cores', params: { cores: 2 } },
      },
    ]
    const { live: _live, ...fields } = run
    const sweep: RunInfo = { ...fields, scenarioId: 'cpu-vs-io', outcome: { ...run.outcome!, data: { charts } } }
    const html = reportHtml({ run: sweep, processes: [], output: [], lifecycle: [] })
    const fig = /<figure data-testid="report-chart">([\s\S]*?)<\/figure>/.exec(html)![1]
    expect(fig).toContain('<figcaption>Tasks finished per second, relative to one at a time</figcaption>')
    expect(fig).toContain('>2 cores</text>')
    const lines = [...fig.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => m[1].split(' ').length)
    // The cpu series has a gap (null): two points; io has three.
    expect(lines).toEqual([2, 3])
  })

  it('the CSV quotes commas, quotes and newlines, and turns a leading = into text', () => {
    const snap = {
      processes: [
        { pid: 1, ppid: 0, name: 'a,b', cpu: 12.345, memory: 10, cmd: 'say "hi"\nbye' },
        { pid: 2, ppid: 1, name: '=HYPERLINK("x")', cpu: 0, memory: 0 },
      ],
    } as unknown as Snapshot
    const lines = processesCsv(snap).split('\r\n')
    expect(lines[1]).toBe('1,0,"a,b",,12.35,10,,,,"say ""hi""\nbye"')
    expect(lines[2]).toBe(`2,1,"'=HYPERLINK(""x"")",,0,0,,,,`)
  })
})
