// Scheduling priority (nice): -20 is the most favoured, 19 the least. Anyone
// may make their own process nicer (a higher number); making it less nice (a
// lower number than it has) needs root (CAP_SYS_NICE on Linux), as `renice`
// says. The refusal comes back in words, not as "EACCES".
import { coreMsg } from '../shared/i18n/core'
import os from 'node:os'
import { LabError, plainMsg } from './errors'
import type { Platform } from './platform'

export const NICE_MIN = -20
export const NICE_MAX = 19

/** Maps the error of os.setPriority to what the user must know. */
export function priorityError(err: unknown, pid: number, from: number | undefined, to: number): LabError {
  // Node wraps libuv's errno in ERR_SYSTEM_ERROR with the errno name in info.code:
  // EACCES (raising a priority without privilege), EPERM (another user's process), ESRCH.
  const e = err as { code?: string; info?: { code?: string } } | undefined
  const errno = e?.info?.code ?? (e?.code?.startsWith('E') && e.code !== 'ERR_SYSTEM_ERROR' ? e.code : undefined)
  if (errno === 'ESRCH') return new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
  if (errno === 'EACCES' || (errno === 'EPERM' && from !== undefined && to < from)) {
    return new LabError('EPERM', coreMsg('error.niceNeedsRoot', { pid, from: from ?? '?', to }))
  }
  if (errno === 'EPERM') return new LabError('EPERM', coreMsg('error.anotherUser', { pid }))
  if (err instanceof LabError) return err
  return new LabError('EINTERNAL', plainMsg(err instanceof Error ? err.message : String(err)))
}

export function getNice(pid: number): number {
  try {
    return os.getPriority(pid)
  } catch (err) {
    throw priorityError(err, pid, undefined, 0)
  }
}

/**
 * Sets the nice value of one process. As with signals, another user's process
 * is refused before the OS is asked (root could, but a monitor should not
 * reprioritise the system behind the user's back).
 */
export function setNice(pid: number, nice: number, platform: Platform): number {
  if (!Number.isInteger(nice) || nice < NICE_MIN || nice > NICE_MAX)
    throw new LabError('EINVAL', coreMsg('error.niceRange', { min: NICE_MIN, max: NICE_MAX }))
  // Where the platform cannot tell the owner (undefined), the OS's own refusal is mapped below.
  const owner = platform.owner(pid)
  if (owner === null) throw new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
  if (owner && typeof process.getuid === 'function' && owner.uid !== process.getuid())
    throw new LabError('EPERM', coreMsg('error.otherUser', { pid, user: String(owner.user) }))
  const from = getNice(pid)
  try {
    os.setPriority(pid, nice)
  } catch (err) {
    throw priorityError(err, pid, from, nice)
  }
  return getNice(pid)
}
