// SECURITY.md once said the host exposed twelve methods when it exposed 21.
// Its table of methods is read here and compared with the channel table, so
// a method added (or removed) without a line in SECURITY.md fails the suite.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { INVOKE_NAMES } from '../../src/shared/channels'

const doc = fs.readFileSync('SECURITY.md', 'utf8')
// CRLF or LF: the file may be checked out either way.
const lines = doc.split(/\r?\n/)

/** The names in the first column of the table that follows "What each method can do". */
function documentedMethods(): string[] {
  const start = lines.findIndex((l) => l.startsWith('What each method can do'))
  expect(start, 'SECURITY.md introduces its table of methods').toBeGreaterThanOrEqual(0)
  let i = start + 1
  while (i < lines.length && !lines[i].startsWith('|')) i++
  const names: string[] = []
  // Header and separator rows first, then one row per method or group of methods.
  for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const first = lines[i].split('|')[1]
    const cell = [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1])
    expect(cell.length, `a row without a method: ${lines[i].slice(0, 80)}`).toBeGreaterThan(0)
    names.push(...cell)
  }
  return names
}

describe('SECURITY.md and the channel table', () => {
  it('lists every method of src/shared/channels.ts, once, and nothing else', () => {
    const documented = documentedMethods()
    expect(new Set(documented).size, 'a method listed twice').toBe(documented.length)
    expect([...documented].sort()).toEqual([...INVOKE_NAMES].sort())
  })

  it('says how many methods there are', () => {
    const m = /`src\/shared\/channels\.ts`: (\d+) methods/.exec(doc)
    expect(m, 'the sentence naming the count').not.toBeNull()
    expect(Number(m![1])).toBe(INVOKE_NAMES.length)
  })
})
