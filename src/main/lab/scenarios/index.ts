// The scenario catalogue, in the order of the seed tutorial.
import type { Scenario } from './types'

export const SCENARIOS: readonly Scenario[] = []
