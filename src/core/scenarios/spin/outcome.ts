// spin's outcome from what the run measured: a pure function, so a test can
// feed it a broken result and see each check fail (test/core/spin-checks.test.ts).
import type { Msg } from '../../../shared/msg'
import type { OutcomeCheck, RunOutcome } from '../../../shared/model'
import type { ThreadOutcomeData } from '../../../shared/thread-lab'
import type { SpinLanguage, SpinMode, SpinPhase, SpinResult } from '../../../shared/scenarios/spin'
import { spinMsg } from '../../../shared/i18n/scenarios/spin'
import { joinMsgs } from '../msg-list'
import { judgeOnFreeCores } from '../busy'

/** Another program on the machine can take a share: 80 % of the ideal still counts as "all cores". */
const FILL_SHARE = 0.8
/**
 * "About one core": never more than one core's worth (give or take what the
 * measuring and the OS add), and something ran. Other programs on a busy
 * machine can take most of that core, so the floor is low: the claim is the ceiling.
 */
const ONE_CORE = { min: 10, max: 130 }

const wayOf = (language: SpinLanguage, p: SpinPhase): Msg => spinMsg(`mode.${language}.${p.mode}`)
/** The way with its count ("1 worker thread", "4 worker threads"): English's plural is the noun's, so the count travels with it. */
const waysOf = (language: SpinLanguage, p: SpinPhase): Msg => spinMsg(`ways.${language}.${p.mode}`, { count: p.count })

export function phaseCheck(language: SpinLanguage, p: SpinPhase, cores: number): OutcomeCheck {
  const can = Math.min(p.count, cores)
  const perCore = p.perCore.map((c) => `${Math.round(c)}%`).join(' / ')
  const ways = waysOf(language, p)
  const parallel = p.mode === 'processes' || (p.mode === 'threads' && language === 'node')
  const label = parallel
    ? spinMsg('check.parallel', { ways, can, ideal: can * 100 })
    : spinMsg(p.mode === 'threads' ? 'check.gil' : 'check.oneLoop', { ways })
  if (p.cpu === null) return { label, ok: null, detail: spinMsg('detail.notMeasurable', { perCore }) }
  const ok = parallel ? p.cpu >= can * 100 * FILL_SHARE : p.cpu >= ONE_CORE.min && p.cpu <= ONE_CORE.max
  const check = { label, ok, detail: spinMsg('detail.cpu', { cpu: p.cpu, perCore }) }
  // The cores' load over the same window covers every process: what ours did not use, others did.
  const window = { machine: p.perCore.reduce((s, c) => s + c, 0), ours: p.cpu }
  return parallel ? judgeOnFreeCores(check, cores, [{ window, cores: can }]) : check
}

export function spinOutcome(
  r: SpinResult | undefined,
  threads: ThreadOutcomeData['threads'],
): RunOutcome<ThreadOutcomeData> {
  const phases = r?.phases ?? []
  const language = r?.language ?? 'node'
  const cores = r?.cores ?? 1
  const checks = phases.map((p) => phaseCheck(language, p, cores))
  const said = phases.map((p) =>
    p.cpu === null
      ? spinMsg('outcome.phaseUnmeasured', { ways: waysOf(language, p) })
      : spinMsg('outcome.phase', { ways: waysOf(language, p), cpu: p.cpu }),
  )
  const gilLess =
    language === 'python' &&
    phases.find((p) => p.mode === 'threads' && p.cpu !== null && p.cpu > ONE_CORE.max && p.count > 1)
  return {
    summary: phases.length
      ? gilLess
        ? spinMsg('outcome.freeThreaded', { cpu: gilLess.cpu ?? 0 })
        : spinMsg('outcome.summary', { cores, phases: joinMsgs(said, spinMsg('outcome.list')) })
      : spinMsg('outcome.stopped'),
    checks,
    facts: [
      { label: spinMsg('fact.osCount') },
      // The tutorial's "every 100 bytecodes" was Python 2: said where the GIL is shown.
      ...(language === 'python' ? [{ label: spinMsg('fact.gil') }] : []),
    ],
    figures: Object.fromEntries([
      ['cores', cores],
      ...phases.map((p) => [`${p.mode}.cpu`, p.cpu]),
      ...phases.map((p) => [`${p.mode}.coresMin`, Math.min(...p.perCore)]),
    ]),
    data: {
      threads,
      table: {
        columns: [
          spinMsg('table.way'),
          spinMsg('table.loops'),
          spinMsg('table.cpu'),
          ...Array.from({ length: cores }, (_, n) => spinMsg('table.core', { n })),
        ],
        rows: phases.map((p) => [wayOf(language, p), p.count, p.cpu, ...p.perCore]),
      },
    },
  }
}

/** The checks a Python run would have made, for the outcome that says it could not run. */
export function plannedChecks(mode: string, count: number, cores: number): Msg[] {
  const modes: SpinMode[] = mode === 'all' ? ['threads', 'processes', 'event-loop'] : [mode as SpinMode]
  return modes.map(
    (m) => phaseCheck('python', { mode: m, count, cpu: null, perCore: [], windowMs: 0, pids: [] }, cores).label as Msg,
  )
}
