// The whole catalog of messages the core sends: each scenario's (title,
// summary, options, checks, outcome) and the core's own, in both languages.
// The dashboard adds its own interface strings (src/renderer/src/i18n) and
// renders every Msg through vue-i18n; tests check the two languages have the
// same keys and parameters (test/i18n.test.ts).
import type { ScenarioId } from '../scenarios'
import type { Bilingual, Locale, MessageTree } from '../msg'
import { core } from './core'
import { fork } from './scenarios/fork'
import { processJoin } from './scenarios/process-join'
import { pool } from './scenarios/pool'
import { subprocess } from './scenarios/subprocess'
import { queuePair } from './scenarios/queue-pair'
import { threads } from './scenarios/threads'
import { lockRace } from './scenarios/lock-race'
import { deadlock } from './scenarios/deadlock'
import { spin } from './scenarios/spin'
import { threadLocal } from './scenarios/thread-local'
import { crashIsolation } from './scenarios/crash-isolation'
import { distributed } from './scenarios/distributed'
import { switchCost } from './scenarios/switch-cost'
import { cpuVsIo } from './scenarios/cpu-vs-io'
import { asyncIo } from './scenarios/async-io'

export const scenarioCatalog: { readonly [K in ScenarioId]: Bilingual<MessageTree> } = {
  fork: fork,
  'process-join': processJoin,
  pool: pool,
  subprocess: subprocess,
  'queue-pair': queuePair,
  threads: threads,
  'lock-race': lockRace,
  deadlock: deadlock,
  spin: spin,
  'thread-local': threadLocal,
  'crash-isolation': crashIsolation,
  distributed: distributed,
  'switch-cost': switchCost,
  'cpu-vs-io': cpuVsIo,
  'async-io': asyncIo,
}

/** The core's messages in one language: { core: ..., scenario: { fork: ..., ... } }. */
export function coreCatalog(locale: Locale): MessageTree {
  return {
    core: core[locale],
    scenario: Object.fromEntries(Object.entries(scenarioCatalog).map(([id, part]) => [id, part[locale]])),
  }
}
