// Which crashes a worker can make here. A crash that needs a signal the
// worker's language cannot send on this OS (Python on Windows has no
// signal.SIGKILL) is not offered, and the platform says why; the rest are.
import { CRASHES, type Crash } from '../../../shared/scenarios/crash-isolation'
import type { Msg } from '../../../shared/msg'
import type { SignalName } from '../../../shared/model'
import type { Platform } from '../../platform'

/** The signal a worker sends itself to make a crash of this kind. */
const SELF_SIGNAL: Partial<Record<Crash, SignalName>> = { sigkill: 'SIGKILL' }

export interface CrashKinds {
  readonly offered: readonly Crash[]
  readonly missing: readonly { readonly how: Crash; readonly why: Msg }[]
}

export function crashKinds(p: Pick<Platform, 'pythonMissingSignals'>, language: 'python' | 'node'): CrashKinds {
  // Node sends every signal it names, on Windows too (SIGKILL is TerminateProcess there).
  const lacks = language === 'python' ? (p.pythonMissingSignals ?? []) : []
  const offered: Crash[] = []
  const missing: { how: Crash; why: Msg }[] = []
  for (const how of CRASHES) {
    const gap = lacks.find((m) => m.signal === SELF_SIGNAL[how])
    if (gap) missing.push({ how, why: gap.why })
    else offered.push(how)
  }
  return { offered, missing }
}

/** The crash action's choices: every kind one of the two languages can make here. */
export function crashChoices(p: Pick<Platform, 'pythonMissingSignals'>): Crash[] {
  const either = new Set([...crashKinds(p, 'node').offered, ...crashKinds(p, 'python').offered])
  return CRASHES.filter((c) => either.has(c))
}
