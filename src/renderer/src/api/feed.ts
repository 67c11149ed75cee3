// Where the stores' snapshots and events come from: the live core, or a
// recording being replayed. The stores subscribe here once; while a recording
// plays, the live pushes are dropped and the player's are delivered instead,
// and a seek backwards resets every store before the player refills them.
import type { Msg } from '../../../shared/msg'
import type { ProcLabApi } from '../../../shared/api'
import type { LabEvent, Snapshot } from '../../../shared/model'

type Cb<T> = (v: T) => void

const resetCbs = new Set<() => void>()
let replaying = false
let replayClock = 0

/** One pushed stream: subscribers get the live core's pushes, or the player's during a replay. */
function stream<T>(subscribeLive: (api: ProcLabApi, cb: Cb<T>) => void) {
  const cbs = new Set<Cb<T>>()
  // The API object subscribed to: one per page (a test that installs another gets its own subscription).
  let subscribed: ProcLabApi | undefined
  return {
    on(cb: Cb<T>): void {
      cbs.add(cb)
      if (subscribed === window.proclab) return
      subscribed = window.proclab
      subscribeLive(subscribed, (v) => {
        if (!replaying) cbs.forEach((f) => f(v))
      })
    },
    play(v: T): void {
      if (replaying) cbs.forEach((f) => f(v))
    },
  }
}

const snapshots = stream<Snapshot>((api, cb) => api.onSnapshot(cb))
const events = stream<LabEvent>((api, cb) => api.onEvent(cb))

export const feed = {
  onSnapshot: snapshots.on,
  onEvent: events.on,
  /** A store's way to forget everything it holds (a replay starts or jumps back). */
  onReset(cb: () => void): void {
    resetCbs.add(cb)
  },
  replaying: (): boolean => replaying,
  /** The time the page shows: the wall clock, or the recorded time of the replay's position. */
  now: (): number => (replaying ? replayClock : Date.now()),

  // ---- the player's side ----
  beginReplay(): void {
    replaying = true
    this.reset()
  },
  /** Back to the live core's pushes, the stores emptied (the dashboard reloads the page instead). */
  endReplay(): void {
    replaying = false
    this.reset()
  },
  reset(): void {
    resetCbs.forEach((f) => f())
  },
  setClock(t: number): void {
    replayClock = t
  },
  playSnapshot: snapshots.play,
  playEvent: events.play,
}

/** Why nothing can be killed or started: the dashboard is replaying a recording. */
export const REPLAY_REASON: Msg = { key: 'ui.replay.reason' }
