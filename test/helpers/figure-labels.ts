// Every figure an outcome shows needs a label in both languages (scenario.<id>.figure.<key>).
import { expect } from 'vitest'
import { coreCatalog } from '../../src/shared/i18n'
import { lookup } from '../../src/shared/msg'
import type { RunOutcome } from '../../src/shared/model'

export function expectFigureLabels(id: string, outcome: RunOutcome): void {
  for (const locale of ['en', 'zh'] as const) {
    const missing = Object.keys(outcome.figures).filter(
      (k) => lookup(coreCatalog(locale), `scenario.${id}.figure.${k}`) === undefined,
    )
    expect(missing, `${locale}: figures of ${id} without a label`).toEqual([])
  }
}
