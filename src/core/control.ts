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

/** What ProcLab is asked to do to a process: send it a signal, or change its nice value. */
export type Act = 'signal' | 'nice'

type CoreKey = Parameters<typeof coreMsg>[0]

/** One guard for both acts: the same targets are refused, each in words that name the act. */
const REFUSED = {
  signal: {
    init: 'error.refuseInit',
    self: 'error.refuseSelf',
    part: 'error.refusePart',
    ownThread: 'error.refuseOwnThread',
    thread: 'error.refuseThread',
  },
  nice: {
    init: 'error.refuseNice.init',
    self: 'error.refuseNice.self',
    part: 'error.refuseNice.part',
    ownThread: 'error.refuseNice.ownThread',
    thread: 'error.refuseNice.thread',
  },
} as const satisfies Record<Act, Record<string, CoreKey>>

/** Why ProcLab will not signal (or reprioritise) this pid, or undefined if it may. */
export function refusal(
  pid: number,
  supervisor: Supervisor,
  own: ProcLabProcesses = {},
  act: Act = 'signal',
): LabError | undefined {
  const say = REFUSED[act]
  if (pid === 1) return new LabError('EREFUSED', coreMsg(say.init))
  if (pid === process.pid) return new LabError('EREFUSED', coreMsg(say.self, { pid }))
  // Judged by thread group (Linux): kill() on a thread id signals every thread of its process.
  const tgid = supervisor.platform.threadGroupOf(pid)
  if (tgid === null) return new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
  if (tgid !== undefined && tgid !== pid) return threadRefusal(pid, tgid, supervisor, own, act)
  const owner = supervisor.platform.owner(pid) ?? own.ownerOf?.(pid)
  if (owner === null) return new LabError('ESRCH', coreMsg('error.noProcess', { pid }))
  if (owner && typeof process.getuid === 'function' && owner.uid !== process.getuid()) {
    return new LabError('EPERM', coreMsg('error.otherUser', { pid, user: String(owner.user) }))
  }
  if (isPartOfProcLab(pid, supervisor, own)) {
    return new LabError('EREFUSED', coreMsg(say.part, { pid }))
  }
  return undefined
}

/** Throws the refusal, if any: kill and setPriority both pass through here before the OS is asked. */
export function guardTarget(supervisor: Supervisor, pid: number, act: Act, own: ProcLabProcesses = {}): void {
  const refused = refusal(pid, supervisor, own, act)
  if (refused) throw refused
}

/**
 * A thread id is never signalled: the signal would reach its whole process,
 * which is not what a user who picked one thread meant. The message names the
 * process, so signalling that instead is one deliberate step away. Nor is a
 * thread reprioritised: the process table shows (and sets) a process's nice.
 */
function threadRefusal(tid: number, tgid: number, supervisor: Supervisor, own: ProcLabProcesses, act: Act): LabError {
  const say = REFUSED[act]
  if (tgid === process.pid || isPartOfProcLab(tgid, supervisor, own)) {
    return new LabError('EREFUSED', coreMsg(say.ownThread, { tid, tgid }))
  }
  const label = supervisor.labels().get(tgid)
  const name = supervisor.platform.processName(tgid)
  const what = [name, label?.role, label?.runId && `run ${label.runId}`].filter(Boolean).join(', ')
  return new LabError(
    'EREFUSED',
    coreMsg(say.thread, { tid, tgid, what: what ? coreMsg('error.threadWhat', { what }) : '' }),
  )
}

export function sendSignal(
  supervisor: Supervisor,
  pid: number,
  signal: SignalName = 'SIGTERM',
  own: ProcLabProcesses = {},
): void {
  checkSignal(signal, supervisor.platform)
  guardTarget(supervisor, pid, 'signal', own)
  try {
    supervisor.signal(pid, signal)
  } catch (err) {
    throw fromSystemError(err, pid)
  }
}
