// A process's role is a string its scenario or Python program gives it
// (proclab.adopt(pid, "pool worker 1"), role: 'scenario host'): stable data
// that tests, logs and recordings match on. What the user reads is the role
// in their language, made here at display time: a known role (with its
// number) becomes a message from the catalog (core.role.*); an unknown one
// is shown as it is (a program's own name, e.g. "python3 switch_cost.py").
import { coreMsg } from './i18n/core'
import type { Msg } from './msg'

type RoleKey = Parameters<typeof coreMsg>[0] & `role.${string}`

const FIXED: Readonly<Record<string, RoleKey>> = {
  parent: 'role.parent',
  child: 'role.child',
  'pool parent': 'role.poolParent',
  'scenario host': 'role.scenarioHost',
  'thread host': 'role.threadHost',
  'load client': 'role.loadClient',
  manager: 'role.manager',
  'manager server': 'role.managerServer',
  'fork server': 'role.forkServer',
  'fresh interpreter': 'role.freshInterpreter',
  'argv probe': 'role.argvProbe',
  program: 'role.program',
  writer: 'role.writer',
  reader: 'role.reader',
  master: 'role.master',
  'pong process': 'role.pongProcess',
  'raw pipe echo': 'role.rawPipeEcho',
  'pool (rules round)': 'role.poolRulesRound',
  'program without the guard': 'role.withoutGuard',
  'child (raises)': 'role.childRaises',
}

// "pool worker 3", "cpu process 2/4": a kind and its number (of how many).
const NUMBERED: Readonly<Record<string, RoleKey>> = {
  'pool worker': 'role.poolWorker',
  worker: 'role.worker',
  'local worker': 'role.localWorker',
  'spin process': 'role.spinProcess',
  'event-loop worker': 'role.eventLoopWorker',
  'cpu process': 'role.cpuProcess',
  'switch-cost process': 'role.switchCostProcess',
}

// "child (sys.exit)", "start cost (spawn)": a kind and the code it runs (shown as written).
const WITH_CODE: Readonly<Record<string, RoleKey>> = {
  child: 'role.childWith',
  'start cost': 'role.startCost',
}

/** A role as the user reads it: a message for a known role, the string itself for any other. */
export function roleMsg(role: string): Msg | string {
  const fixed = Object.hasOwn(FIXED, role) ? FIXED[role] : undefined
  if (fixed) return coreMsg(fixed)
  const n = /^(.+?) (\d+)(?:\/(\d+))?$/.exec(role)
  const numbered = n && Object.hasOwn(NUMBERED, n[1]) ? NUMBERED[n[1]] : undefined
  if (n && numbered) {
    // Each numbered kind has its "{n}/{of}" text beside it (role.poolWorkerOf), checked by the test.
    return n[3] ? coreMsg(`${numbered}Of` as RoleKey, { n: n[2], of: n[3] }) : coreMsg(numbered, { n: n[2] })
  }
  const c = /^(.+?) \((.+)\)$/.exec(role)
  const coded = c && Object.hasOwn(WITH_CODE, c[1]) ? WITH_CODE[c[1]] : undefined
  if (c && coded) return coreMsg(coded, { code: c[2] })
  return role
}
