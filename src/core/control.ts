// Signals to arbitrary processes, with the refusals a careful tool makes first.
import { SIGNALS, type SignalName } from '../shared/model'
import { LabError, fromSystemError } from './errors'
import { coreMsg } from '../shared/i18n/core'
import type { Supervisor } from './supervisor/supervisor'
import type { Platform } from './platform'

/** The sampler's table, for the guards where the platform has no cheap read of one process (macOS, Windows). */
export interface ProcLabProcesses {
  readonly parentOf?: (pid: number) => number | undefined
  readonly ownerOf?: (pid: number) => { readonly uid: number; readonly user: string } | undefined
}

export function checkSignal(signal: string, platform: Platform): SignalName {
  if (!(SIGNALS as readonly string[]).includes(signal)) {
    throw new LabError('EINVAL', coreMsg('error.unknownSignal', { signal, signals: SIGNALS.join(', ') }))
  }
  if (!platform.info.signals.includes(signal as SignalName)) {
    const why = platform.info.missingSignals.find((m) => m.signal === signal)?.why
    throw new LabError('EINVAL', why ?? coreMsg('error.signalMissing', { signal }))
  }
  return signal as SignalName
}

/**
 * True when pid descends from this process without being one the supervisor
 * started: the warden, or Electron's renderer, GPU and utility processes.
 * Stopping one of those would freeze or cripple ProcLab itself (a SIGSTOPped
 * renderer cannot show the Resume button).
 */
function isPartOfProcLab(pid: number, supervisor: Supervisor, own: ProcLabProcesses): boolean {
  if (supervisor.knows(pid)) return false
  if (supervisor.isHelper(pid)) return true
  const parentOf = supervisor.platform.parentOf ?? own.parentOf
  if (!parentOf) return false
  let p = pid
  for (let depth = 0; depth < 64 && p > 1; depth++) {
    const ppid = parentOf(p)
    if (ppid === undefined) return false
    if (ppid === process.pid) return !supervisor.knows(p)
    p = ppid
  }
  return false
}

/** Why ProcLab will not signal this pid, or undefined if it may. */
export function refusal(pid: number, supervisor: Supervisor, own: ProcLabProcesses = {}): LabError | undefined {
  if (pid === 1) return new LabError('EREFUSED', coreMsg('error.refuseInit'))
  if (pid === process.pid) return new LabError('EREFUSED', coreMsg('error.refuseSelf', { pid }))
  // Judged by thread group (Linux): kill() on a thread id signals every thread of its process.
  const tgid = supervisor.platform.threadGroupOf(pid)
  if (tgid === null) return new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
  if (tgid !== undefined && tgid !== pid) return threadRefusal(pid, tgid, supervisor, own)
  const owner = supervisor.platform.owner(pid) ?? own.ownerOf?.(pid)
  if (owner === null) return new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
  if (owner && typeof process.getuid === 'function' && owner.uid !== process.getuid()) {
    return new LabError('EPERM', coreMsg('error.otherUser', { pid, user: String(owner.user) }))
  }
  if (isPartOfProcLab(pid, supervisor, own)) {
    return new LabError('EREFUSED', coreMsg('error.refusePart', { pid }))
  }
  return undefined
}

/**
 * A thread id is never signalled: the signal would reach its whole process,
 * which is not what a user who picked one thread meant. The message names the
 * process, so signalling that instead is one deliberate step away.
 */
function threadRefusal(tid: number, tgid: number, supervisor: Supervisor, own: ProcLabProcesses): LabError {
  if (tgid === process.pid || isPartOfProcLab(tgid, supervisor, own)) {
    return new LabError('EREFUSED', coreMsg('error.refuseOwnThread', { tid, tgid }))
  }
  const label = supervisor.labels().get(tgid)
  const name = supervisor.platform.processName(tgid)
  const what = [name, label?.role, label?.runId && `run ${label.runId}`].filter(Boolean).join(', ')
  return new LabError(
    'EREFUSED',
    coreMsg('error.refuseThread', { tid, tgid, what: what ? coreMsg('error.threadWhat', { what }) : '' }),
  )
}

export function sendSignal(
  supervisor: Supervisor,
  pid: number,
  signal: SignalName = 'SIGTERM',
  own: ProcLabProcesses = {},
): void {
  checkSignal(signal, supervisor.platform)
  const refused = refusal(pid, supervisor, own)
  if (refused) throw refused
  try {
    supervisor.signal(pid, signal)
  } catch (err) {
    throw fromSystemError(err, pid)
  }
}
