// How a message writes its numbers, in both renderers (the dashboard's
// vue-i18n and renderPlain, used by the report and the logs): English plural
// forms follow the count ("1 task", "0 tasks", "2 tasks"), several counts in
// one message each choose their own, Chinese keeps its one form, counts are
// grouped as the rest of the dashboard groups them ("2,866,635 of 4,000,000"),
// and an identifier never is ("pid 4194304").
import { afterEach, describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { I18nT } from 'vue-i18n'
import { catalog, i18n, setLocale, tm } from '../src/renderer/src/i18n'
import {
  isIdentifierParam,
  leafKeys,
  lookup,
  parseMessage,
  renderPlain,
  type Locale,
  type MessageTree,
  type Msg,
} from '../src/shared/msg'

const trees = { en: catalog('en') as MessageTree, zh: catalog('zh') as MessageTree }

/** The same message through both renderers, in one language: they must agree. */
function both(locale: Locale, msg: Msg): string {
  setLocale(locale)
  const dashboard = tm(msg)
  expect(renderPlain(trees[locale], msg, locale)).toBe(dashboard)
  return dashboard
}

afterEach(() => setLocale('en'))

describe('plural forms', () => {
  const onWorkers = (peak: number, n: number, outside: number): Msg => ({
    key: 'scenario.pool.detail.onWorkers',
    params: { peak, n, outside },
  })

  it('are singular for 1 and plural for 0 and 2, for each count of a message on its own', () => {
    expect(both('en', onWorkers(1, 2, 0))).toBe(
      'at most 1 task at once with 2 workers; 0 tasks on a pid outside the pool',
    )
    expect(both('en', onWorkers(2, 1, 1))).toBe(
      'at most 2 tasks at once with 1 worker; 1 task on a pid outside the pool',
    )
    expect(both('en', { key: 'ui.toolbar.count', params: { n: 1 } })).toBe('1 process')
    expect(both('en', { key: 'ui.toolbar.count', params: { n: 0 } })).toBe('0 processes')
    expect(both('en', { key: 'ui.toolbar.count', params: { n: 2 } })).toBe('2 processes')
  })

  it('can change more than the noun ("the only worker was", "all the workers were"; never "all 1 worker")', () => {
    const up = (n: number): Msg => ({ key: 'scenario.pool.outcome.upNode', params: { n, ms: 40 } })
    expect(both('en', up(1))).toBe('The only worker was up 40 ms after the pool was created.')
    expect(both('en', up(4))).toBe('All the workers were up 40 ms after the pool was created.')
  })

  it('leave the Chinese text as it is, whatever the count', () => {
    expect(both('zh', onWorkers(1, 2, 0))).toBe(both('zh', onWorkers(1, 2, 0)))
    expect(both('zh', { key: 'ui.toolbar.count', params: { n: 1 } })).toBe('1 个进程')
    expect(both('zh', { key: 'ui.toolbar.count', params: { n: 2 } })).toBe('2 个进程')
  })

  it('follow a count given as a numeric string, grouped or not, and stay as written without one', () => {
    expect(both('en', { key: 'ui.toolbar.count', params: { n: '1' } })).toBe('1 process')
    // The toolbar hands its counts over grouped already: "1,234" is 1234, not 1.
    expect(both('en', { key: 'ui.toolbar.count', params: { n: '1,234' } })).toBe('1,234 processes')
    expect(renderPlain(trees.en, { key: 'ui.toolbar.count' })).toBe('{n} {n:process|processes}')
  })

  it("follow <i18n-t :plural> where the count is a component (the kill dialog's title)", async () => {
    const title = async (n: number): Promise<string> => {
      const app = createSSRApp({
        render: () =>
          h(
            I18nT,
            { keypath: 'ui.kill.titleTree', plural: n, tag: 'h2' },
            { signal: () => h('b', 'SIGTERM'), name: () => h('b', 'bash'), n: () => h('b', String(n)) },
          ),
      })
      app.use(i18n)
      return (await renderToString(app)).replace(/<[^>]*>/g, '')
    }
    expect(await title(1)).toBe('Send SIGTERM to bash and the 1 process below it?')
    expect(await title(3)).toBe('Send SIGTERM to bash and the 3 processes below it?')
  })

  it('are written in a form the parser checks: two forms, braces balanced', () => {
    expect(parseMessage('{n} {n:worker}').errors).toEqual(['plural forms must be "one|other": {n:worker}'])
    expect(parseMessage('{n} {n:a|b|c}').errors).toHaveLength(1)
    expect(parseMessage('{n workers').errors).toHaveLength(1)
    expect(parseMessage("{'$'}HOME {n:a|b}").errors).toEqual([])
  })
})

describe('numbers in messages', () => {
  it('are grouped as the locale groups them, in both languages and both renderers', () => {
    const changes: Msg = { key: 'scenario.lock-race.table.changesOf', params: { changes: 2866635, expected: 4000000 } }
    expect(both('en', changes)).toBe('2,866,635 of 4,000,000')
    expect(both('zh', changes)).toBe('4,000,000 次中的 2,866,635 次')
    const round: Msg = {
      key: 'scenario.lock-race.detail.round',
      params: { balance: -1133365, lost: 1133365, expected: 4000000, ms: 5805.392578125 },
    }
    expect(both('en', round)).toBe('balance -1,133,365, 1,133,365 of 4,000,000 updates lost, 5,805.393 ms')
  })

  it('keep a tiny measured value instead of rounding it to 0', () => {
    const msg: Msg = { key: 'scenario.lock-race.table.changesOf', params: { changes: 0.00042, expected: 12345.6789 } }
    expect(both('en', msg)).toBe('0.00042 of 12,345.679')
  })

  it('never group an identifier: a pid, a tid, an exit code', () => {
    expect(both('en', { key: 'core.error.noProcess', params: { pid: 4194304 } })).toBe(
      'No process with pid 4194304 (it may have exited already)',
    )
    expect(both('zh', { key: 'core.error.noProcess', params: { pid: 4194304 } })).toBe(
      '没有 PID 为 4194304 的进程（它可能已经退出）',
    )
    expect(both('zh', { key: 'ui.details.pid', params: { pid: 123456 } })).toBe('PID 123456')
    // The pid fork() returned in the parent, and the uid of "not to you (user 1000)".
    expect(
      both('en', {
        key: 'scenario.fork.detail.forkReturnsZero',
        params: { inChild: 0, inParentPid: 14839, child: 14839 },
      }),
    ).toBe("in the child fork() returned 0; in the parent it returned 14839, the child's pid is 14839")
    expect(both('en', { key: 'core.file.ownedBy', params: { uid: 1001, me: 1000 } })).toMatch(/1001\D.*\b1000\b/)
    for (const name of [
      'pid',
      'tid',
      'ppid',
      'masterPid',
      'loopTid',
      'exitCode',
      'code',
      'port',
      'uid',
      'runId',
      'parent',
    ])
      expect(isIdentifierParam(name), name).toBe(true)
    for (const name of ['n', 'count', 'total', 'expected', 'ms', 'held', 'threads', 'episode'])
      expect(isIdentifierParam(name), name).toBe(false)
  })
})

describe('the English catalog', () => {
  const english = leafKeys(trees.en).map((k) => [k, lookup(trees.en, k)!] as const)

  it('writes no count with a fixed plural noun ("1 threads"): each uses {n:one|other}', () => {
    const NOUNS =
      'threads|processes|tasks|workers|runs|lines|connections|switches|rounds|iterations|items|cores|updates|times|steps|seconds|crashes|restarts|results|requests|errors|values|greetings|squares|descriptors|busy loops|round trips|back-offs|loops|trips'
    // A count, perhaps one adjective ("{n} worker processes"), then a plural noun; or "task(s)".
    const fixed = new RegExp(
      `\\{\\w+\\}(?: (?:worker|local|kernel|earlier|context|involuntary|busy|round))? (?:${NOUNS})\\b|\\w\\((?:s|es)\\)`,
    )
    expect(english.filter(([, text]) => fixed.test(text)).map(([k, text]) => `${k}: ${text}`)).toEqual([])
  })

  it('names an identifier parameter (after "pid", "tid", "code", "port"...) so that it is never grouped', () => {
    // "by pid: {lanes}" introduces a list the core writes as text: only "pid {x}" names one.
    const AFTER = /\b(?:pid|ppid|tid|tgid|uid|PID|TID|UID|code|port|exitcode)s? \{(\w+)\}/g
    const grouped = english.flatMap(([k, text]) =>
      [...text.matchAll(AFTER)].filter((m) => !isIdentifierParam(m[1])).map((m) => `${k}: ${m[0]}`),
    )
    expect(grouped).toEqual([])
  })
})
