// A process's role is data (the string a scenario or a Python program gives
// it); the user reads it in their language: roleMsg maps a known role, with
// its number, to a catalog message, and leaves an unknown one as it is.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { coreCatalog } from '../src/shared/i18n'
import { renderPlain, type Msg } from '../src/shared/msg'
import { roleMsg } from '../src/shared/roles'

const en = coreCatalog('en')
const zh = coreCatalog('zh')
const shown = (tree: typeof en, role: string): string => {
  const m = roleMsg(role)
  return typeof m === 'string' ? m : renderPlain(tree, m as Msg)
}

describe('a role as the user reads it', () => {
  it.each([
    ['pool worker 1', '进程池工作进程 1'],
    ['local worker 2', '本地工作进程 2'],
    ['worker 3', '工作进程 3'],
    ['scenario host', '场景宿主进程'],
    ['fresh interpreter', '全新的解释器'],
    ['load client', '负载客户端'],
    ['manager server', '管理器服务进程'],
    ['spin process 2', '自旋进程 2'],
    ['cpu process 2/4', 'CPU 进程 2/4'],
    ['switch-cost process 3/8', '切换开销进程 3/8'],
    ['child (sys.exit)', '子进程（sys.exit）'],
    ['start cost (spawn)', '启动开销（spawn）'],
  ])('%s is %s in Chinese and itself in English', (role, chinese) => {
    expect(shown(zh, role)).toBe(chinese)
    expect(shown(en, role)).toBe(role)
  })

  it('leaves a role it does not know as it is (a program of the user, a new role)', () => {
    expect(roleMsg('python3 switch_cost.py')).toBe('python3 switch_cost.py')
    expect(roleMsg('pool worker')).toBe('pool worker')
    expect(roleMsg('gardener 3')).toBe('gardener 3')
    expect(roleMsg('toString')).toBe('toString')
  })

  it('knows every fixed role the Python programs and the scenarios give', () => {
    // Roles written as literals where processes are adopted or started; numbered and
    // coded ones ("pool worker %d", `spin process ${i + 1}`) are tried with a number.
    const roots = ['src/python', 'src/core/scenarios', 'src/core/bridge', 'src/child']
    const files = roots.flatMap((r) =>
      fs.readdirSync(r, { recursive: true, encoding: 'utf8' }).map((f) => path.join(r, f)),
    )
    const roles = new Set<string>()
    for (const f of files.filter((f) => /\.(py|ts)$/.test(f))) {
      const text = fs.readFileSync(f, 'utf8')
      for (const m of text.matchAll(/adopt\([^,]+, "([^"]+)"(?: % [^)]*)?\)?/g)) roles.add(m[1])
      for (const m of text.matchAll(/role: ['`]([^'`]+)['`]/g)) roles.add(m[1])
      for (const m of text.matchAll(/(?:forkChild\('[^']+'|new Child\('[^']+'|Local\(), ['"`]([^'"`]+)['"`]/g))
        roles.add(m[1])
    }
    const concrete = [...roles]
      .map((r) => r.replace(/%d|\$\{[^}]+\}/g, '1').replace(/%s/, 'spawn'))
      .filter(
        (r) =>
          !/^python3 /.test(r) && // Threads' own data (cpu-vs-io's and switch-cost's workers), not process roles.
          !['cpu', 'io-server', 'echo', 'ping', 'pong'].includes(r),
      )
    expect(concrete.length).toBeGreaterThan(15)
    const unknown = concrete.filter((r) => typeof roleMsg(r) === 'string')
    expect(unknown).toEqual([])
  })
})
