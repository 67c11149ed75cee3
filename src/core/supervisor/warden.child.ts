// The warden: a tiny process that outlives ProcLab by a moment. ProcLab tells
// it which process groups it has started; when the IPC channel closes (ProcLab
// quit, crashed or was killed with SIGKILL), it ends every one of those groups,
// so no scenario process is ever left behind. Being a separate process is the
// point: nothing running inside ProcLab can clean up after a SIGKILL.
// Where there are no process groups (Windows), the core sends mode 'tree' and
// the children's pids, and each tree is ended with taskkill /T /F.
import { spawnSync } from 'node:child_process'

let groups = new Set<number>()
let mode: 'group' | 'tree' = 'group'

function endAll(): never {
  for (const pgid of groups) {
    try {
      if (mode === 'tree') {
        const opts = { stdio: 'ignore', windowsHide: true, timeout: 5000 } as const
        // Wine 8's taskkill has no /T and refuses the whole line: then at least the leader ends.
        // (Stop itself walks the process table, platform/win32-tree.ts, which the warden, a child
        // entry, may not import.)
        if (spawnSync('taskkill', ['/T', '/F', '/PID', String(pgid)], opts).status !== 0)
          spawnSync('taskkill', ['/F', '/PID', String(pgid)], opts)
      } else process.kill(-pgid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  process.exit(0)
}

process.on('message', (m: { type?: string; pgids?: number[]; mode?: string }) => {
  if (m?.type === 'groups' && Array.isArray(m.pgids))
    groups = new Set(m.pgids.filter((n) => Number.isInteger(n) && n > 1))
  if (m?.mode === 'tree' || m?.mode === 'group') mode = m.mode
})
process.on('disconnect', endAll)
// Signals meant for the terminal's foreground group do not concern the warden:
// it leaves when ProcLab does.
process.on('SIGINT', () => {})
process.on('SIGHUP', () => {})
process.on('SIGTERM', endAll)
if (!process.connected) endAll()
