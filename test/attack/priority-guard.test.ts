// Attack: use setPriority() where kill() is refused. Changing the nice value of
// pid 1, of the host, of its warden or of one of their threads starves or
// favours them behind the user's back, so setPriority must refuse exactly the
// targets kill refuses (one guard, src/core/control.ts), and leave their nice
// values as they were.
import { spawn } from 'node:child_process'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { onLinux, waitFor } from '../helpers/procs'
import { threadIds, useAttackHost, wardenOf } from './host'

const at = useAttackHost()

/** A nice value the target does not have, so a change would show. */
const otherNice = (now: number): number => (now === 10 ? 11 : 10)

function niceOf(pid: number): number | undefined {
  try {
    return os.getPriority(pid)
  } catch {
    return undefined
  }
}

/**
 * setPriority(pid) is refused with the code kill(pid, SIGCONT) is refused with,
 * the target's nice value is unchanged, and the host still answers. Returns the message.
 */
async function refusedLikeKill(pid: number, code: string | RegExp): Promise<string> {
  const before = niceOf(pid)
  const nice = otherNice(before ?? 0)
  try {
    const r = await at.c.call('setPriority', [pid, nice])
    expect(r, `setPriority(${pid}, ${nice})`).toMatchObject({ ok: false, error: { code } })
    expect(niceOf(pid), `nice of ${pid}`).toBe(before)
    // SIGCONT: harmless even if the kill guard let it through.
    const k = await at.c.call('kill', [pid, 'SIGCONT'])
    expect(k, `kill(${pid}, SIGCONT)`).toMatchObject({ ok: false })
    expect('error' in r && r.error.code, `setPriority(${pid}) and kill(${pid}) refused alike`).toBe(
      'error' in k && k.error.code,
    )
    expect((await at.c.call('listScenarios', [])) as { ok: boolean }).toMatchObject({ ok: true })
    return 'error' in r ? r.error.message : ''
  } finally {
    // Without the guard (run as root) pid 1 would keep the new value: put it back.
    if (before !== undefined && niceOf(pid) !== before) {
      try {
        os.setPriority(pid, before)
      } catch {
        // not ours to restore
      }
    }
  }
}

describe.runIf(onLinux)('priority guard (the same targets as kill)', () => {
  it('refuses pid 1 and leaves its nice value alone', async () => {
    expect(await refusedLikeKill(1, /EREFUSED|EPERM/)).toMatch(/priority of pid 1|belongs to/)
  })

  it('refuses the host itself and its threads', async () => {
    expect(await refusedLikeKill(at.h.pid, 'EREFUSED')).toMatch(/priority of pid \d+: that is ProcLab itself/)
    const tids = threadIds(at.h.pid)
    expect(tids.length, 'node runs a few threads besides its main one').toBeGreaterThan(0)
    for (const tid of tids.slice(0, 3)) {
      expect(await refusedLikeKill(tid, 'EREFUSED')).toMatch(
        new RegExp(`thread of ProcLab itself \\(process ${at.h.pid}\\)`),
      )
    }
  })

  it("refuses the host's warden and the warden's threads", async () => {
    const warden = await waitFor(() => wardenOf(at.h), 5000)
    expect(await refusedLikeKill(warden, 'EREFUSED')).toMatch(/part of ProcLab itself/)
    for (const tid of threadIds(warden).slice(0, 2)) await refusedLikeKill(tid, 'EREFUSED')
  })

  it('refuses a thread of an ordinary process, naming the process; the process itself may be made nicer', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      await waitFor(() => other.pid && threadIds(other.pid).length > 0, 5000)
      const tid = threadIds(other.pid!)[0]
      const msg = await refusedLikeKill(tid, 'EREFUSED')
      expect(msg).toContain(`thread ${tid} of process ${other.pid}`)
      // Not a blanket refusal: the test's own process is reprioritised as asked.
      const r = await at.c.call('setPriority', [other.pid, 7])
      expect(r).toMatchObject({ ok: true, value: 7 })
      expect(niceOf(other.pid!)).toBe(7)
    } finally {
      other.kill('SIGKILL')
    }
  })
})
