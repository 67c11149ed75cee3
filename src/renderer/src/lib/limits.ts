// A process's resource limits (/proc/<pid>/limits) as a reader takes them in:
// "unlimited" in their language, bytes as KiB/MiB (not "8388608 bytes"),
// seconds as "s" (never "unlimited seconds"); other units as the kernel names them.
import { t } from '../i18n'
import { formatBytes } from './format'

export function limitText(value: string, units: string | undefined): string {
  if (value === 'unlimited') return t('ui.holdings.unlimited')
  const n = Number(value)
  if (value === '' || !Number.isFinite(n)) return value
  if (units === 'bytes') return formatBytes(n)
  if (units === 'seconds') return t('ui.holdings.seconds', { n })
  return units ? `${value} ${units}` : value
}
