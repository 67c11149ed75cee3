// The timeline store against a fake `window.proclab`: it asks for a watched
// process once a second, stops when the last view leaves, holds still while
// the monitor is paused, keeps the rows of a process that has just ended, and
// asks nothing in a replay (the recorded process is not on this machine).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { feed } from '../../src/renderer/src/api/feed'
import { useMonitorStore } from '../../src/renderer/src/stores/monitor'
import { TIMELINE_POLL_MS, useTimelineStore } from '../../src/renderer/src/stores/timeline'
import type { ThreadTimeline } from '../../src/shared/thread-timeline'
import { FakeApi, installFakeApi, removeFakeApi } from './fake-api'

let api: FakeApi

beforeEach(() => {
  api = installFakeApi()
})

afterEach(() => {
  feed.endReplay()
  removeFakeApi()
})

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await nextTick()
}

const timeline = (pid: number, to: number): ThreadTimeline => ({
  pid,
  from: to - 60_000,
  to,
  intervalMs: 40,
  threads: [{ tid: pid, name: 'main', segments: [{ from: to - 1000, to, state: 'lock' }] }],
})

describe('timeline store', () => {
  it('asks at once and then once a second while watched, and stops when the last view leaves', async () => {
    let n = 0
    api.answer('getThreadTimeline', async (pid) => timeline(pid, ++n))
    const store = useTimelineStore()
    const stopA = store.watch(42)
    const stopB = store.watch(42)
    await settle()
    expect(api.callsOf('getThreadTimeline')).toEqual([[42, 60]])
    expect(store.entries.get(42)?.value?.threads[0].segments[0].state).toBe('lock')
    await vi.advanceTimersByTimeAsync(3 * TIMELINE_POLL_MS)
    expect(api.callsOf('getThreadTimeline')).toHaveLength(4)
    stopA()
    await vi.advanceTimersByTimeAsync(TIMELINE_POLL_MS)
    expect(api.callsOf('getThreadTimeline')).toHaveLength(5)
    stopB()
    expect(store.entries.has(42)).toBe(false)
    await vi.advanceTimersByTimeAsync(5 * TIMELINE_POLL_MS)
    expect(api.callsOf('getThreadTimeline')).toHaveLength(5)
  })

  it('holds still while the monitor is paused', async () => {
    api.answer('getThreadTimeline', async (pid) => timeline(pid, 1))
    const store = useTimelineStore()
    store.watch(7)
    await settle()
    useMonitorStore().paused = true
    await vi.advanceTimersByTimeAsync(3 * TIMELINE_POLL_MS)
    expect(api.callsOf('getThreadTimeline')).toHaveLength(1)
  })

  it('keeps the rows it has when the process ends, with the core’s reason', async () => {
    api.answer('getThreadTimeline', async (pid) => timeline(pid, 1))
    const store = useTimelineStore()
    store.watch(9)
    await settle()
    api.refuse('getThreadTimeline', {
      code: 'ESRCH',
      message: 'No process with pid 9',
      msg: { key: 'core.error.noProcess', params: { pid: 9 } },
    })
    await vi.advanceTimersByTimeAsync(TIMELINE_POLL_MS)
    const e = store.entries.get(9)
    expect(e?.value?.threads).toHaveLength(1)
    expect(e?.error).toMatchObject({ key: 'core.error.noProcess' })
  })

  it('asks nothing in a replay, and says so', async () => {
    feed.beginReplay()
    const store = useTimelineStore()
    store.watch(5)
    await vi.advanceTimersByTimeAsync(2 * TIMELINE_POLL_MS)
    expect(api.callsOf('getThreadTimeline')).toEqual([])
    expect(store.entries.get(5)?.replay).toBe(true)
  })
})
