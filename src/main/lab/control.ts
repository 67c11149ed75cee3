// Signals to arbitrary processes, with the refusals a careful tool makes first.
import { SIGNALS, type SignalName } from '../../shared/model'
import { LabError, fromSystemError } from './errors'
import { readOwner, userName, HAS_PROCFS } from './sampler/procfs'
import type { Supervisor } from './supervisor/supervisor'

const WINDOWS_SIGNALS = new Set<SignalName>(['SIGTERM', 'SIGKILL', 'SIGINT'])

export function checkSignal(signal: string): SignalName {
  if (!(SIGNALS as readonly string[]).includes(signal)) {
    throw new LabError('EINVAL', `Unknown signal ${signal}: use one of ${SIGNALS.join(', ')}`)
  }
  if (process.platform === 'win32' && !WINDOWS_SIGNALS.has(signal as SignalName)) {
    throw new LabError('EINVAL', `${signal} is not available on Windows`)
  }
  return signal as SignalName
}

/** Why ProcLab will not signal this pid, or undefined if it may. */
export function refusal(pid: number): LabError | undefined {
  if (pid === 1) return new LabError('EREFUSED', 'Refusing to signal pid 1 (init): the whole system depends on it')
  if (pid === process.pid) return new LabError('EREFUSED', `Refusing to signal pid ${pid}: that is ProcLab itself`)
  if (HAS_PROCFS && typeof process.getuid === 'function') {
    const owner = readOwner(pid)
    if (owner === undefined) return new LabError('ESRCH', `No process with pid ${pid} (it may have exited already)`)
    if (owner !== process.getuid()) {
      return new LabError('EPERM', `Permission denied: pid ${pid} belongs to user ${userName(owner)}, not to you`)
    }
  }
  return undefined
}

export function sendSignal(supervisor: Supervisor, pid: number, signal: SignalName = 'SIGTERM'): void {
  checkSignal(signal)
  const refused = refusal(pid)
  if (refused) throw refused
  try {
    supervisor.signal(pid, signal)
  } catch (err) {
    throw fromSystemError(err, pid)
  }
}
