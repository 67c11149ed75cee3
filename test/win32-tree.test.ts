// The Windows tree stop's walk over the process table (win32-tree.ts), with
// tables the test builds; npm run test:wine runs it for real under Wine.
import { describe, expect, it } from 'vitest'
import { endTree, growTree, type TreeRow } from '../src/core/platform/win32-tree'

const row = (pid: number, ppid: number, start: number): TreeRow => ({ pid, ppid, start })

describe('the Windows tree stop', () => {
  it('ends the root first, then every generation below it, and nothing else', () => {
    const table = [
      row(4, 0, 0),
      row(100, 4, 10),
      row(200, 100, 20),
      row(300, 200, 30),
      row(301, 200, 31),
      row(400, 4, 15),
    ]
    const ended: number[] = []
    const r = endTree(100, { table: () => table, terminate: (p) => void ended.push(p) })
    expect(ended[0]).toBe(100)
    expect([...ended].sort()).toEqual([100, 200, 300, 301])
    expect(r).toEqual(ended)
  })

  it('does not take a process whose parent pid was reused by a later process for its child', () => {
    // 500 was started by an older process that had pid 100 and has ended; the root 100 is newer.
    const table = [row(500, 100, 5), row(100, 1, 10), row(600, 100, 12)]
    const ended: number[] = []
    endTree(100, { table: () => table, terminate: (p) => void ended.push(p) })
    expect(ended.sort()).toEqual([100, 600])
  })

  it('finds a child started while the tree was being ended, in a later read of the table', () => {
    const reads = [[row(100, 1, 10), row(200, 100, 20)], [row(200, 100, 20), row(700, 200, 40)], [row(700, 200, 40)]]
    let i = 0
    const ended: number[] = []
    endTree(100, { table: () => reads[Math.min(i++, reads.length - 1)], terminate: (p) => void ended.push(p) })
    expect(ended).toEqual([100, 200, 700])
  })

  it('says when the table cannot be read (the caller falls back to taskkill) and ignores processes already gone', () => {
    expect(endTree(100, { table: () => undefined, terminate: () => {} })).toBeUndefined()
    expect(endTree(100, { table: () => [row(1, 0, 0)], terminate: () => {} })).toEqual([])
    const r = endTree(100, {
      table: () => [row(100, 1, 10), row(200, 100, 20)],
      terminate: (p) => {
        if (p === 200) throw Object.assign(new Error('gone'), { code: 'ESRCH' })
      },
    })
    expect(r).toEqual([100])
  })

  it('never walks into the System process or a row that names itself as parent', () => {
    const known = new Map([[0, 0]])
    expect(growTree([row(0, 0, 0), row(4, 0, 0), row(8, 4, 1)], known)).toEqual([])
  })
})
