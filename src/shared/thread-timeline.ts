// What getThreadTimeline() returns: each thread of one process as coloured
// run-lengths of scheduling states over the last minute. Shared by the core
// (which samples it) and the dashboard (which draws it).

/**
 * What a thread was doing, as the OS tells it: on a CPU, waiting for one, or
 * blocked and on what. `lock`: a futex (Linux) or a lock-like wait (Windows);
 * `io`: a read, poll or epoll wait; `sleep`: nanosleep or Sleep().
 */
export const TIMELINE_STATES = ['running', 'runnable', 'lock', 'io', 'sleep', 'stopped', 'other'] as const
export type TimelineState = (typeof TIMELINE_STATES)[number]

/** One run-length: the thread was seen in `state` from `from` to `to` (ms since epoch). */
export interface TimelineSegment {
  readonly from: number
  readonly to: number
  readonly state: TimelineState
}

export interface ThreadTimelineRow {
  readonly tid: number
  readonly name: string
  readonly segments: readonly TimelineSegment[]
}

export interface ThreadTimeline {
  readonly pid: number
  /** The window asked for (ms since epoch); segments are clipped to it. */
  readonly from: number
  readonly to: number
  /** Milliseconds between samples: a wait shorter than this may not show. */
  readonly intervalMs: number
  readonly threads: readonly ThreadTimelineRow[]
}

/** How much of the past the core keeps per process (seconds). */
export const TIMELINE_MAX_SECONDS = 60
