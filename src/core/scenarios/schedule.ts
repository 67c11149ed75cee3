// The core's side of "be the scheduler" (lock-race and deadlock with
// `schedule: manual`), the same for both languages: it reads the schedule the
// program publishes (ThreadLive.schedule), adds the challenge (when the steps
// so far lost an update or deadlocked, by the model in schedule-model.ts, and
// the fewest steps any schedule needs), and replays a saved schedule at the
// start of a run through the very step action the learner uses.
import { coreMsg } from '../../shared/i18n/core'
import {
  parseSchedule,
  scheduleText,
  STEP_ACTION,
  type ScheduleChallenge,
  type ScheduleLive,
} from '../../shared/scheduler'
import type { ThreadLive } from '../../shared/thread-lab'
import { toLabError } from '../errors'
import { hostAction } from '../bridge/thread-kit'
import { fewestSteps, play, type Goal, type Program } from './schedule-model'
import type { ScenarioContext } from './types'

/** A schedule's thread names as the model's thread indices (Thread-1 → 0). */
export const indicesOf = (steps: readonly string[]): number[] =>
  steps.map((s) => Number(/^Thread-(\d+)$/.exec(s)?.[1] ?? 0) - 1)

export interface ManualSchedule {
  /** For runHost: adds the challenge to each schedule the program publishes, and starts the replay. */
  readonly hooks: { onLive(live: Partial<ThreadLive>): Partial<ThreadLive> | void }
  /** The last schedule published (with its challenge). */
  last(): ScheduleLive | undefined
  /** Settles when the replay has ended (at once without one). */
  readonly replayed: Promise<void>
}

export function manualSchedule(
  ctx: ScenarioContext,
  challenge: {
    readonly id: ScheduleChallenge['id']
    readonly program: Program
    readonly fewestOf: Program
    readonly goal: Goal
  },
  replay: string,
  threads: number,
): ManualSchedule {
  // The fewest steps is a property of the configuration: searched once.
  const fewest = fewestSteps(challenge.fewestOf, challenge.goal)
  const toTake = replay.trim() ? (parseSchedule(replay, threads) ?? []) : []
  let last: ScheduleLive | undefined
  let replayStarted = false
  let replayDone!: () => void
  const replayed = new Promise<void>((r) => (replayDone = r))
  if (!toTake.length) replayDone()

  async function runReplay(): Promise<void> {
    for (let i = 0; i < toTake.length; i++) {
      if (ctx.signal.aborted) break
      try {
        await hostAction(ctx, STEP_ACTION, { thread: toTake[i] })
      } catch (err) {
        const why = toLabError(err).msg
        ctx.log(coreMsg('schedule.log.replayStopped', { n: i + 1, thread: toTake[i], why }), 'warn')
        return
      }
    }
    ctx.log(coreMsg('schedule.log.replayed', { count: toTake.length, schedule: scheduleText(toTake) }))
  }

  return {
    hooks: {
      onLive(live) {
        if (!live.schedule) return
        const { metAt } = play(challenge.program, indicesOf(live.schedule.steps), challenge.goal)
        last = { ...live.schedule, challenge: { id: challenge.id, metAt, fewest } }
        if (toTake.length && !replayStarted) {
          replayStarted = true
          void runReplay()
            .catch((err: unknown) => ctx.log(toLabError(err).msg, 'error'))
            .finally(replayDone)
        }
        return { schedule: last }
      },
    },
    last: () => last,
    replayed,
  }
}
