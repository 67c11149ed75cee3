// The user's settings: what the dashboard remembers between starts. Stored in
// a JSON file in the app-data folder (Electron) or the browser's localStorage
// (web host); both go through normaliseSettings, which never throws: a bad
// field falls back to its default and is reported, a file from another
// version is ignored as a whole.
export const SETTINGS_VERSION = 1

export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export const LANGUAGES = ['system', 'en', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

/** Optional columns of the process tree (the name is always shown). */
export const COLUMN_IDS = [
  'pid',
  'cpu',
  'memory',
  'virtual',
  'shared',
  'swap',
  'state',
  'started',
  'threads',
  'nice',
  'ioRead',
  'ioWrite',
  'user',
  'command',
] as const
export type ColumnId = (typeof COLUMN_IDS)[number]

export const SETTINGS_INTERVALS_MS = [250, 500, 1000, 2000, 5000, 10_000] as const

export interface Settings {
  readonly version: typeof SETTINGS_VERSION
  readonly intervalMs: number
  readonly theme: Theme
  readonly language: Language
  readonly columns: readonly ColumnId[]
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  version: SETTINGS_VERSION,
  intervalMs: 1000,
  theme: 'system',
  language: 'system',
  columns: Object.freeze(['pid', 'cpu', 'memory', 'ioRead', 'ioWrite', 'threads', 'user'] as ColumnId[]),
})

/** What loading found: the settings to use, and what was wrong with the stored ones (if anything). */
export interface SettingsLoad {
  readonly settings: Settings
  readonly problem?: string
}

function oneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v)
}

export function normaliseSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = []
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: DEFAULT_SETTINGS, problems: ['not a JSON object'] }
  }
  const o = raw as Record<string, unknown>
  if (o.version !== SETTINGS_VERSION) {
    return {
      settings: DEFAULT_SETTINGS,
      problems: [
        `written by another version of ProcLab (version ${JSON.stringify(o.version ?? null)}, expected ${SETTINGS_VERSION})`,
      ],
    }
  }
  const s: { -readonly [K in keyof Settings]: Settings[K] } = { ...DEFAULT_SETTINGS }
  if ((SETTINGS_INTERVALS_MS as readonly unknown[]).includes(o.intervalMs)) s.intervalMs = o.intervalMs as number
  else if (o.intervalMs !== undefined)
    problems.push(`intervalMs ${JSON.stringify(o.intervalMs)} is not one of ${SETTINGS_INTERVALS_MS.join(', ')}`)
  if (oneOf(THEMES, o.theme)) s.theme = o.theme
  else if (o.theme !== undefined) problems.push(`theme ${JSON.stringify(o.theme)} is not one of ${THEMES.join(', ')}`)
  if (oneOf(LANGUAGES, o.language)) s.language = o.language
  else if (o.language !== undefined)
    problems.push(`language ${JSON.stringify(o.language)} is not one of ${LANGUAGES.join(', ')}`)
  if (Array.isArray(o.columns) && o.columns.every((c) => oneOf(COLUMN_IDS, c)))
    s.columns = [...new Set(o.columns as ColumnId[])]
  else if (o.columns !== undefined) problems.push('columns is not a list of known column names')
  return { settings: s, problems }
}

/** Parses stored text (file or localStorage) into settings and a sentence on what was wrong, if anything. */
export function settingsFromText(text: string | null, where: string): SettingsLoad {
  if (text === null) return { settings: DEFAULT_SETTINGS }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return {
      settings: DEFAULT_SETTINGS,
      problem: `The stored settings (${where}) are not valid JSON (${err instanceof Error ? err.message : String(err)}); defaults are used and the stored copy was replaced.`,
    }
  }
  const { settings, problems } = normaliseSettings(raw)
  if (!problems.length) return { settings }
  return {
    settings,
    problem: `Some stored settings (${where}) were ignored: ${problems.join('; ')}. They were replaced with defaults.`,
  }
}
