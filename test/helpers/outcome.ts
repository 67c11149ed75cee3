// Reading a run's outcome in tests: checks found by their message key, and
// any message rendered in English (the way a log would).
import { coreCatalog } from '../../src/shared/i18n'
import { renderPlain, type Msg } from '../../src/shared/msg'
import type { OutcomeCheck, RunOutcome } from '../../src/shared/model'

const EN = coreCatalog('en')

/** A message (or a not-yet-converted string) as English text. */
export function english(m: Msg | string | undefined): string {
  if (m === undefined) return ''
  return typeof m === 'string' ? m : renderPlain(EN, m)
}

/** The check whose label key ends with `key` (e.g. 'check.copied'); fails the test naming the keys there are. */
export function checkOf(outcome: RunOutcome | undefined, key: string): OutcomeCheck {
  const checks = outcome?.checks ?? []
  const found = checks.find((c) => typeof c.label !== 'string' && c.label.key.endsWith(key))
  if (!found) {
    const keys = checks.map((c) => (typeof c.label === 'string' ? c.label : c.label.key)).join(', ')
    throw new Error(`no check ${key} in the outcome (checks: ${keys || 'none'})`)
  }
  return found
}

/** Figure keys of an outcome that have no label in the English catalog (scenario.<id>.figure.<key>). */
export function unlabelledFigures(scenarioId: string, outcome: RunOutcome): string[] {
  const figures = (EN.scenario as Record<string, Record<string, unknown>>)[scenarioId]?.figure
  const has = (key: string): boolean =>
    typeof key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], figures) ===
    'string'
  return Object.keys(outcome.figures ?? {}).filter((k) => !has(k))
}
