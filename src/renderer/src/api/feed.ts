// Where the stores' snapshots and events come from: the live core, or a
// recording being replayed. The stores subscribe here once; while a recording
// plays, the live pushes are dropped and the player's are delivered instead,
// and a seek backwards resets every store before the player refills them.
import type { LabEvent, Snapshot } from '../../../shared/model'

type Cb<T> = (v: T) => void

const snapshotCbs = new Set<Cb<Snapshot>>()
const eventCbs = new Set<Cb<LabEvent>>()
const resetCbs = new Set<() => void>()
let liveSnapshots = false
let liveEvents = false
let replaying = false

export const feed = {
  onSnapshot(cb: Cb<Snapshot>): void {
    snapshotCbs.add(cb)
    if (!liveSnapshots) {
      liveSnapshots = true
      window.proclab.onSnapshot((s) => {
        if (!replaying) snapshotCbs.forEach((f) => f(s))
      })
    }
  },
  onEvent(cb: Cb<LabEvent>): void {
    eventCbs.add(cb)
    if (!liveEvents) {
      liveEvents = true
      window.proclab.onEvent((e) => {
        if (!replaying) eventCbs.forEach((f) => f(e))
      })
    }
  },
  /** A store's way to forget everything it holds (a replay starts or jumps back). */
  onReset(cb: () => void): void {
    resetCbs.add(cb)
  },
  replaying: (): boolean => replaying,

  // ---- the player's side ----
  beginReplay(): void {
    replaying = true
    this.reset()
  },
  reset(): void {
    resetCbs.forEach((f) => f())
  },
  playSnapshot(s: Snapshot): void {
    if (replaying) snapshotCbs.forEach((f) => f(s))
  },
  playEvent(e: LabEvent): void {
    if (replaying) eventCbs.forEach((f) => f(e))
  },
}

export const REPLAY_REASON = 'This is a recording: nothing can be killed or started in a replay'
