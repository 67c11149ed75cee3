import os from 'node:os'
import type { CpuLoad } from '../../shared/model'

interface Times {
  busy: number
  total: number
}

function readTimes(): Times[] {
  return os.cpus().map(({ times }) => {
    const busy = times.user + times.nice + times.sys + times.irq
    return { busy, total: busy + times.idle }
  })
}

/**
 * Per-core load from os.cpus() deltas: os.cpus() reports cumulative times since
 * boot, so the load over an interval is the difference of two readings.
 */
export class CpuLoadMeter {
  private last = readTimes()

  read(): CpuLoad[] {
    const now = readTimes()
    const loads = now.map((t, id) => {
      const prev = this.last[id]
      const total = prev ? t.total - prev.total : 0
      const busy = prev ? t.busy - prev.busy : 0
      return { id, percent: computePercent(busy, total) }
    })
    this.last = now
    return loads
  }
}

/** busy/total as a percentage, clamped: counters can step backwards on some VMs. */
export function computePercent(busy: number, total: number): number {
  if (!(total > 0)) return 0
  return Math.min(100, Math.max(0, (busy / total) * 100))
}

export function machinePercent(cpus: readonly CpuLoad[]): number {
  if (cpus.length === 0) return 0
  return cpus.reduce((s, c) => s + c.percent, 0) / cpus.length
}
