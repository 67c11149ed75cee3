// What a process holds: open files and sockets, working directory,
// environment, resource limits, control groups. Read on demand when the
// details pane opens (never on every tick: a process can hold thousands of
// descriptors). Each part says in words why it is missing, when it is.
// Linux reads them from /proc (procfsHoldings); macOS and Windows say where
// to look instead (unsupportedHoldings), through Platform.holdings.
import { coreMsg } from '../../shared/i18n/core'
import fs from 'node:fs'
import type { Facet, OpenFile, ProcessHoldings, ResourceLimit } from '../../shared/model'
import { LabError } from '../errors'
import { readEnviron, readOwner } from './procfs'
import { readSocketTable } from './sockets'

/** Descriptors listed at most; the pane says how many more there are. */
export const MAX_FILES = 2000

const ok = <T>(value: T): Facet<T> => ({ ok: true, value })
const no = <T>(reason: string): Facet<T> => ({ ok: false, reason })

function why(err: unknown, what: string, pid: number): string {
  const code = (err as NodeJS.ErrnoException)?.code
  if (code === 'EACCES' || code === 'EPERM')
    return `Not permitted: the ${what} of another user's process can only be read with root privileges.`
  if (code === 'ENOENT' || code === 'ESRCH') return `pid ${pid} has exited.`
  return `Could not read the ${what}: ${err instanceof Error ? err.message : String(err)}`
}

export const HOLDINGS_NOTE = {
  darwin:
    'macOS does not expose this to other programs without special entitlements; `lsof -p PID` in a terminal lists open files and sockets.',
  win32:
    'Windows does not expose this to ordinary programs; Resource Monitor (resmon) shows handles and network connections per process.',
} as const

/** Every part "not available", with the system's own way to see it. */
export function unsupportedHoldings(pid: number, note: string): ProcessHoldings {
  const no = <T>(): Facet<T> => ({ ok: false, reason: note })
  return { pid, readAt: Date.now(), files: no(), cwd: no(), environment: no(), limits: no(), cgroup: no() }
}

export function classify(target: string): OpenFile['kind'] {
  if (target.startsWith('socket:')) return 'socket'
  if (target.startsWith('pipe:')) return 'pipe'
  if (target.startsWith('anon_inode:')) return 'anon'
  if (target.startsWith('/dev/')) return 'device'
  if (target.startsWith('/')) return 'file'
  return 'other'
}

export function readOpenFiles(pid: number): Facet<readonly OpenFile[]> {
  let names: string[]
  try {
    names = fs.readdirSync(`/proc/${pid}/fd`)
  } catch (err) {
    return no(why(err, 'open files', pid))
  }
  const fds = names
    .map(Number)
    .filter(Number.isInteger)
    .sort((a, b) => a - b)
  let sockets: ReturnType<typeof readSocketTable> | undefined
  const out: OpenFile[] = []
  for (const fd of fds.slice(0, MAX_FILES)) {
    let target: string
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`)
    } catch {
      continue // closed between the listing and the read
    }
    let kind = classify(target)
    if (kind === 'file') {
      try {
        if (fs.statSync(`/proc/${pid}/fd/${fd}`).isDirectory()) kind = 'directory'
      } catch {
        // A deleted file or a vanished fd: keep it as a file.
      }
    }
    const m = kind === 'socket' ? /^socket:\[(\d+)\]$/.exec(target) : null
    if (m) {
      sockets ??= readSocketTable(pid)
      const s = sockets.get(Number(m[1]))
      out.push(s ? { fd, kind, target, socket: s } : { fd, kind, target })
    } else out.push({ fd, kind, target })
  }
  return ok(out)
}

/** /proc/<pid>/limits: fixed-width columns under a header line. */
export function parseLimits(text: string): ResourceLimit[] {
  const lines = text.split('\n')
  const head = lines[0] ?? ''
  const softAt = head.indexOf('Soft Limit')
  const hardAt = head.indexOf('Hard Limit')
  const unitsAt = head.indexOf('Units')
  if (softAt < 0 || hardAt < 0) return []
  const out: ResourceLimit[] = []
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue
    const units = unitsAt >= 0 ? line.slice(unitsAt).trim() : ''
    out.push({
      name: line.slice(0, softAt).trim(),
      soft: line.slice(softAt, hardAt).trim(),
      hard: line.slice(hardAt, unitsAt >= 0 ? unitsAt : undefined).trim(),
      ...(units ? { units } : {}),
    })
  }
  return out
}

function readFacet<T>(pid: number, what: string, read: () => T): Facet<T> {
  try {
    return ok(read())
  } catch (err) {
    return no(why(err, what, pid))
  }
}

export function procfsHoldings(pid: number, myUid = process.getuid?.()): ProcessHoldings {
  const readAt = Date.now()
  const owner = readOwner(pid)
  if (owner === undefined) throw new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
  const environment: Facet<readonly string[]> =
    owner !== myUid
      ? no(
          `Shown only for your own processes: pid ${pid} belongs to another user, and an environment can hold secrets.`,
        )
      : readFacet(pid, 'environment', () => readEnviron(pid))
  return {
    pid,
    readAt,
    files: readOpenFiles(pid),
    cwd: readFacet(pid, 'working directory', () => fs.readlinkSync(`/proc/${pid}/cwd`)),
    environment,
    limits: readFacet(pid, 'limits', () => parseLimits(fs.readFileSync(`/proc/${pid}/limits`, 'latin1'))),
    cgroup: readFacet(pid, 'control groups', () =>
      fs
        .readFileSync(`/proc/${pid}/cgroup`, 'latin1')
        .split('\n')
        .filter((l) => l !== ''),
    ),
  }
}
