// Attack: a process whose name or command line starts with a formula gets into
// the CSV export, and a spreadsheet that opens the file runs it (CSV injection).
// OWASP's list of leading characters: = + - @ TAB CR. Some spreadsheets strip a
// leading TAB or CR and then read the rest as a formula, so those count too.
import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../src/shared/model'
import { processesCsv } from '../../src/renderer/src/lib/table-export'

/** RFC 4180 fields, as a spreadsheet reads them (quotes removed, "" made "). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch !== '"') field += ch
      else if (text[i + 1] === '"') field += text[++i]
      else quoted = false
    } else if (ch === '"') {
      quoted = true
    } else if (ch === ',' || (ch === '\r' && text[i + 1] === '\n')) {
      row.push(field)
      field = ''
      if (ch === '\r') {
        rows.push(row)
        row = []
        i++
      }
    } else {
      field += ch
    }
  }
  return rows
}

const PAYLOADS = [
  '=HYPERLINK("http://evil.example","x")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1,1)',
  "\t=cmd|' /C calc'!A0",
  '\r=1+1',
  '\t\r@SUM(1)',
]

describe('CSV export against formula injection', () => {
  it('no cell that came from a string starts with = + - @ TAB or CR, and each keeps its text after the quote', () => {
    const processes = PAYLOADS.map((p, i) => ({ pid: 100 + i, ppid: 1, name: p, user: p, cmd: p, cpu: 0, memory: 0 }))
    const rows = parseCsv(processesCsv({ processes } as unknown as Snapshot))
    expect(rows).toHaveLength(1 + PAYLOADS.length)
    for (const [i, p] of PAYLOADS.entries()) {
      const [pid, , name, user, , , , , , cmd] = rows[i + 1]
      expect(pid).toBe(String(100 + i))
      for (const cell of [name, user, cmd]) {
        expect(cell, JSON.stringify(p)).not.toMatch(/^[=+\-@\t\r]/)
        expect(cell).toBe(`'${p}`)
      }
    }
  })

  it('leaves numbers and ordinary text as they are', () => {
    const processes = [{ pid: 7, ppid: 1, name: 'node', user: 'me', cmd: 'node -e 1', cpu: -0, memory: 1 }]
    const rows = parseCsv(processesCsv({ processes } as unknown as Snapshot))
    expect(rows[1]).toEqual(['7', '1', 'node', 'me', '0', '1', '', '', '', 'node -e 1'])
  })
})
