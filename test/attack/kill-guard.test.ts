// Attack: use kill() to freeze or end ProcLab itself. On Linux kill() on any
// thread id signals the whole thread group, so the guard must judge a target by
// its Tgid, not by comparing pids and walking parents.
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { RunInfo } from '../../src/shared/model'
import { procState, waitFor } from '../helpers/procs'
import { answers, descendants, threadIds, useAttackHost, wardenOf, expectNoNewProcess } from './host'

const at = useAttackHost()

async function refused(pid: unknown, signal: string, code: string | RegExp): Promise<string> {
  const before = descendants(at.h.pid)
  const r = await at.c.call('kill', [pid, signal])
  expect(r, `kill(${String(pid)}, ${signal})`).toMatchObject({ ok: false, error: { code } })
  // Nothing changed: the host runs, answers, and has the same processes.
  expect(procState(at.h.pid)).toMatch(/[RS]/)
  expect(await answers(at.h)).toBe(true)
  await expectNoNewProcess(at.h.pid, before)
  return 'error' in r ? r.error.message : ''
}

describe('kill guard', () => {
  it('refuses a thread id of the web host and the host keeps answering', async () => {
    const tids = threadIds(at.h.pid)
    expect(tids.length, 'node runs a few threads besides its main one').toBeGreaterThan(0)
    for (const tid of tids.slice(0, 3)) {
      const msg = await refused(tid, 'SIGSTOP', 'EREFUSED')
      expect(msg).toMatch(new RegExp(`thread of ProcLab.*${at.h.pid}|${at.h.pid}.*ProcLab`))
    }
    await refused(tids[0], 'SIGKILL', 'EREFUSED')
  })

  it("refuses the host itself, pid 1, and the host's warden and its threads", async () => {
    expect(await refused(at.h.pid, 'SIGSTOP', 'EREFUSED')).toMatch(/ProcLab itself/)
    expect(await refused(1, 'SIGKILL', /EREFUSED|EPERM/)).toMatch(/pid 1|another user|belongs to/)
    const warden = await waitFor(() => wardenOf(at.h), 5000)
    expect(await refused(warden, 'SIGSTOP', 'EREFUSED')).toMatch(/part of ProcLab/)
    for (const tid of threadIds(warden).slice(0, 2)) await refused(tid, 'SIGKILL', 'EREFUSED')
  })

  it('refuses pid 0, -1 and other non-pids by schema', async () => {
    for (const bad of [0, -1, -at.h.pid, 1.5, 2 ** 31, '1', null]) await refused(bad, 'SIGKILL', 'EINVAL')
  })

  it('resolves a thread of an ordinary process to that process, and says so instead of signalling', async () => {
    // A node process of the test's own with several threads: not ProcLab's, so a signal to it is allowed.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      await waitFor(() => other.pid && threadIds(other.pid).length > 0, 5000)
      const tid = threadIds(other.pid!)[0]
      const msg = await refused(tid, 'SIGSTOP', 'EREFUSED')
      expect(msg).toContain(`thread ${tid}`)
      expect(msg).toContain(`process ${other.pid}`)
      expect(procState(other.pid!)).toMatch(/[RS]/)
      // The process itself may be signalled.
      expect(await at.c.call('kill', [other.pid, 'SIGTERM'])).toMatchObject({ ok: true })
      await waitFor(() => other.exitCode !== null || other.signalCode !== null, 5000)
    } finally {
      other.kill('SIGKILL')
    }
  })

  it("names a scenario thread's process and run, and leaves the run going", async () => {
    const started = await at.c.call('startScenario', ['threads', { language: 'node', count: 20, pauseMs: 1000 }])
    expect(started).toMatchObject({ ok: true })
    const runId = (started as { value: RunInfo }).value.runId
    try {
      // The scenario host: the run's one process, with LoopThread beside its main thread.
      const hostPid = await waitFor(async () => {
        const runs = (await at.c.call('listRuns', [])) as { value: RunInfo[] }
        const pid = runs.value.find((r) => r.runId === runId)?.pids[0]
        return pid && threadIds(pid).length > 0 ? pid : undefined
      }, 10_000)
      const tid = threadIds(hostPid)[0]
      const msg = await refused(tid, 'SIGSTOP', 'EREFUSED')
      expect(msg).toContain(`thread ${tid} of process ${hostPid}`)
      expect(msg).toContain('scenario host')
      expect(msg).toContain(`run ${runId}`)
      expect(procState(hostPid)).toMatch(/[RS]/)
      const runs = (await at.c.call('listRuns', [])) as { value: RunInfo[] }
      expect(runs.value.find((r) => r.runId === runId)?.status).toBe('running')
    } finally {
      await at.c.call('stopScenario', [runId])
    }
  })
})
