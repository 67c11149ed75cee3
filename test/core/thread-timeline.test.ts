// The thread timeline's bookkeeping, with a scripted reader standing in for
// the OS: run-lengths, "runnable" from the schedstat counters, the minute it
// keeps, the stop when nobody asks, and the error where the OS cannot tell.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { hostPlatform } from '../../src/core/platform'
import type { Platform } from '../../src/core/platform'
import type { ThreadStateReading } from '../../src/core/platform/thread-states'
import { IDLE_MS, ThreadTimelines } from '../../src/core/thread-timeline'
import { coreMsg } from '../../src/shared/i18n/core'

let clock = 1_000_000
const now = (): number => clock

/** A platform whose one process (pid 10) answers what `script` returns at each read. */
function scripted(script: () => ThreadStateReading[] | null): { platform: Platform; reads: () => number } {
  let reads = 0
  const base = hostPlatform()
  const platform: Platform = {
    ...base,
    info: { ...base.info, timelineWhy: undefined },
    threadStates: (pid) =>
      pid === 10
        ? {
            read: () => {
              reads++
              return script()
            },
            close: () => {},
          }
        : null,
  }
  return { platform, reads: () => reads }
}

beforeEach(() => {
  vi.useFakeTimers()
  clock = 1_000_000
})
afterEach(() => vi.useRealTimers())

/** Moves the clock and the timers together, one sampling interval at a time. */
async function advance(ms: number, step = 40): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock += step
    await vi.advanceTimersByTimeAsync(step)
  }
}

describe('thread timeline bookkeeping', () => {
  it('joins equal samples into one run and starts a new run where the state changes', async () => {
    let state: ThreadStateReading['state'] = 'lock'
    const { platform } = scripted(() => [{ tid: 10, name: 'main', state }])
    const tl = new ThreadTimelines(platform, { now })
    tl.get(10)
    await advance(400)
    state = 'io'
    await advance(200)
    const t = tl.get(10)
    expect(t.threads).toHaveLength(1)
    expect(t.threads[0].segments.map((s) => [s.state, s.to - s.from])).toEqual([
      ['lock', 400],
      ['io', 200],
    ])
    tl.close()
  })

  it('calls a thread in R runnable when it queued for a CPU longer than it ran since the last sample', async () => {
    let run = 0
    let wait = 0
    let queued = false
    const { platform } = scripted(() => {
      // 40 ms between samples: ran 30 and waited 10, or ran 5 and waited 35.
      run += queued ? 5e6 : 30e6
      wait += queued ? 35e6 : 10e6
      return [{ tid: 10, name: 'spin', state: 'running', runNs: run, waitNs: wait }]
    })
    const tl = new ThreadTimelines(platform, { now })
    tl.get(10)
    await advance(400)
    queued = true
    await advance(400)
    const states = tl.get(10).threads[0].segments.map((s) => s.state)
    expect(states).toEqual(['running', 'runnable'])
    tl.close()
  })

  it('keeps one minute, clips the answer to the seconds asked, and stops reading when nobody asks', async () => {
    const { platform } = scripted(() => [{ tid: 10, name: 'main', state: 'sleep' }])
    const tl = new ThreadTimelines(platform, { now, idleMs: 100_000 })
    tl.get(10)
    await advance(70_000, 1000)
    const all = tl.get(10)
    const seg = all.threads[0].segments[0]
    expect(seg.to - seg.from).toBeLessThanOrEqual(60_000)
    const last5 = tl.get(10, 5)
    expect(last5.to - last5.from).toBe(5000)
    expect(last5.threads[0].segments[0].from).toBe(last5.from)
    tl.close()

    const quiet = scripted(() => [{ tid: 10, name: 'main', state: 'sleep' }])
    const tl2 = new ThreadTimelines(quiet.platform, { now })
    tl2.get(10)
    await advance(IDLE_MS + 2000, 500)
    const before = quiet.reads()
    expect(tl2.watched).toEqual([])
    await advance(2000, 500)
    expect(quiet.reads()).toBe(before)
    tl2.close()
  })

  it('refuses with the platform’s reason where the OS cannot tell, and ESRCH for a process that is not there', () => {
    const base = hostPlatform()
    const mac: Platform = {
      ...base,
      info: { ...base.info, timelineWhy: coreMsg('platform.macNoTimeline') },
      threadStates: () => null,
    }
    expect(() => new ThreadTimelines(mac).get(10)).toThrow(/No thread timeline on macOS/)
    const { platform } = scripted(() => null)
    expect(() => new ThreadTimelines(platform).get(11)).toThrow(/No process with pid 11/)
    // The process ends before its first sample: nothing to show, ESRCH.
    expect(() => new ThreadTimelines(platform).get(10)).toThrow(/No process with pid 10/)
  })
})
