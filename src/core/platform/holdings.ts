// What a process holds: open files and sockets, working directory,
// environment, resource limits, control groups. Read on demand when the
// details pane opens (never on every tick: a process can hold thousands of
// descriptors). Each part says in words why it is missing, when it is.
// Linux reads them from /proc (procfsHoldings); macOS and Windows say where
// to look instead (unsupportedHoldings), through Platform.holdings.
import { coreMsg } from '../../shared/i18n/core'
import fs from 'node:fs'
import type { Facet, OpenFile, ProcessHoldings, ResourceLimit } from '../../shared/model'
import type { Msg } from '../../shared/msg'
import { LabError, plainMsg } from '../errors'
import { readEnviron, readOwner } from './procfs'
import { readSocketTable } from './sockets'

/** Descriptors listed at most; the pane says how many more there are. */
export const MAX_FILES = 2000

const ok = <T>(value: T): Facet<T> => ({ ok: true, value })
const no = <T>(reason: Msg): Facet<T> => ({ ok: false, reason })

type Part = 'files' | 'cwd' | 'environment' | 'limits' | 'cgroup'

function why(err: unknown, part: Part, pid: number): Msg {
  const code = (err as NodeJS.ErrnoException)?.code
  const what = coreMsg(`holdings.what.${part}`)
  if (code === 'EACCES' || code === 'EPERM') return coreMsg('holdings.notPermitted', { what })
  if (code === 'ENOENT' || code === 'ESRCH') return coreMsg('holdings.exited', { pid })
  // The system's own words for anything else (they have no translation).
  return coreMsg('holdings.couldNotRead', { what, why: plainMsg(err instanceof Error ? err.message : String(err)) })
}

export const HOLDINGS_NOTE = {
  darwin: coreMsg('holdings.note.darwin'),
  win32: coreMsg('holdings.note.win32'),
} as const

/** Every part "not available", with the system's own way to see it. */
export function unsupportedHoldings(pid: number, note: Msg): ProcessHoldings {
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
    return no(why(err, 'files', pid))
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

function readFacet<T>(pid: number, what: Part, read: () => T): Facet<T> {
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
      ? no(coreMsg('holdings.othersEnvironment', { pid }))
      : readFacet(pid, 'environment', () => readEnviron(pid))
  return {
    pid,
    readAt,
    files: readOpenFiles(pid),
    cwd: readFacet(pid, 'cwd', () => fs.readlinkSync(`/proc/${pid}/cwd`)),
    environment,
    limits: readFacet(pid, 'limits', () => parseLimits(fs.readFileSync(`/proc/${pid}/limits`, 'latin1'))),
    cgroup: readFacet(pid, 'cgroup', () =>
      fs
        .readFileSync(`/proc/${pid}/cgroup`, 'latin1')
        .split('\n')
        .filter((l) => l !== ''),
    ),
  }
}
