// The scenario catalogue, in the order of the seed tutorial.
import type { AnyScenario } from './types'
import { forkScenario } from './fork'
import { processJoinScenario } from './process-join'
import { poolScenario } from './pool'
import { subprocessScenario } from './subprocess'
import { queuePairScenario } from './queue-pair'
import { crashIsolationScenario } from './crash-isolation'
import { distributedScenario } from './distributed'
import { threadsScenario } from './threads'
import { lockRaceScenario } from './lock-race'
import { deadlockScenario } from './deadlock'
import { spinScenario } from './spin'
import { threadLocalScenario } from './thread-local'
import { switchCostScenario } from './switch-cost'
import { cpuVsIoScenario } from './cpu-vs-io'
import { asyncIoScenario } from './async-io'

export const SCENARIOS: readonly AnyScenario[] = [
  forkScenario,
  processJoinScenario,
  poolScenario,
  subprocessScenario,
  queuePairScenario,
  threadsScenario,
  lockRaceScenario,
  deadlockScenario,
  spinScenario,
  threadLocalScenario,
  crashIsolationScenario,
  distributedScenario,
  switchCostScenario,
  cpuVsIoScenario,
  asyncIoScenario,
]
