// A log axis's unlabelled ticks (uPlot passes null) show nothing, not "null 2 null 8".
import { expect, it } from 'vitest'
import { tickLabels } from '../../src/renderer/src/lib/ticks'

it('labels the ticks uPlot labels and leaves the others blank', () => {
  expect(tickLabels([1, null, 4, null, 16])).toEqual(['1', '', '4', '', '16'])
  expect(tickLabels([0, null, 2.5], (v) => `${v} %`)).toEqual(['0 %', '', '2.5 %'])
})
