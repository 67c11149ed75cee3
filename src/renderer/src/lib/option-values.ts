// A run's options as the user chose them in the form, in their language:
// "Language: Python · Workers: 4 · Longest task (ms): 200", never the raw
// JSON the core stores ({"language":"python",...}). Labels and choices come
// from the same catalog texts the form shows (optionText).
import { localeTag, optionText, t } from '../i18n'
import { paramValue } from '../../../shared/msg'

function valueText(prefix: string, key: string, v: unknown): string {
  if (typeof v === 'boolean') return t(v ? 'ui.option.yes' : 'ui.option.no')
  if (Array.isArray(v)) return v.length ? v.join(', ') : t('ui.option.none')
  // A number as the run panel's outcome beside it writes its numbers (grouped: "100,000 change_it()
  // calls", the option's hint too), except an option that names something (a port): one rule, paramValue.
  if (typeof v === 'number') return String(paramValue(key, v, localeTag()))
  if (typeof v === 'string') return optionText(prefix, key, `choice.${v}`) ?? v
  return '—'
}

/** Each option as "label: value", in the order the run has them. */
export function optionsShown(scenarioId: string, options: Readonly<Record<string, unknown>>): string[] {
  const prefix = `scenario.${scenarioId}.option`
  return Object.entries(options).map(
    ([key, v]) => `${optionText(prefix, key, 'label') ?? key}: ${valueText(prefix, key, v)}`,
  )
}
