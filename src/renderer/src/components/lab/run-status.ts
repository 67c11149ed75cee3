import type { RunStatus } from '../../../../shared/model'

/** The pill colour of a run status. */
export function statusClass(s: RunStatus): string {
  switch (s) {
    case 'running':
    case 'starting':
      return 'accent'
    case 'finished':
      return 'ok'
    case 'failed':
      return 'danger'
    default:
      return 'warn'
  }
}
