// The user's settings, remembered between starts: in the host's settings file
// (Electron: the app-data folder) or, where the host keeps none (the web
// host), in the browser's localStorage. A bad or old stored copy is reported
// once and replaced; the dashboard always starts. The language is 'system'
// (navigator.languages) until the user picks one in the header.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import {
  DEFAULT_SETTINGS,
  settingsFromText,
  type ColumnId,
  type Settings,
  type SettingsLoad,
} from '../../../shared/settings'
import { setTheme } from '../lib/color-scheme'
import { localeOf, setLocale, t } from '../i18n'
import { messageOf, useNoticesStore } from './notices'

export const STORAGE_KEY = 'proclab.settings'

export const useSettingsStore = defineStore('settings', () => {
  const notices = useNoticesStore()
  const settings = shallowRef<Settings>(DEFAULT_SETTINGS)
  /** True when the host keeps the settings (a file); false: this browser's storage. */
  let inHost = false

  function fromBrowser(): SettingsLoad {
    let text: string | null = null
    try {
      text = localStorage.getItem(STORAGE_KEY)
    } catch {
      // Storage disabled (a private window with a strict policy): defaults, not saved.
    }
    return settingsFromText(text, 'browser storage')
  }

  async function load(): Promise<Settings> {
    let loaded: SettingsLoad | null = null
    try {
      loaded = await window.proclab.loadSettings()
    } catch (err) {
      notices.error(t('ui.settings.readFailed', { why: messageOf(err) }))
    }
    inHost = loaded !== null
    loaded ??= fromBrowser()
    settings.value = loaded.settings
    setTheme(loaded.settings.theme)
    setLocale(localeOf(loaded.settings.language))
    if (loaded.problem) {
      notices.error(loaded.problem)
      // The host replaced its own file; the browser's copy is replaced here.
      if (!inHost) await persist()
    }
    return loaded.settings
  }

  async function persist(): Promise<void> {
    try {
      if (inHost) await window.proclab.saveSettings(settings.value)
      else localStorage.setItem(STORAGE_KEY, JSON.stringify(settings.value))
    } catch (err) {
      notices.error(t('ui.settings.saveFailed', { why: messageOf(err) }))
    }
  }

  function update(patch: Partial<Omit<Settings, 'version'>>): void {
    settings.value = Object.freeze({ ...settings.value, ...patch })
    if (patch.theme) setTheme(patch.theme)
    // The whole dashboard follows at once: every text is a computed t().
    if (patch.language) setLocale(localeOf(patch.language))
    void persist()
  }

  function toggleColumn(id: ColumnId, on: boolean): void {
    const cur = settings.value.columns
    if (cur.includes(id) === on) return
    // Kept in the table's own order, whatever order they were switched on in.
    const order = DEFAULT_ORDER
    update({ columns: on ? order.filter((c) => c === id || cur.includes(c)) : cur.filter((c) => c !== id) })
  }

  return { settings, load, update, toggleColumn }
})

const DEFAULT_ORDER: readonly ColumnId[] = [
  'pid',
  'cpu',
  'memory',
  'virtual',
  'shared',
  'swap',
  'ioRead',
  'ioWrite',
  'state',
  'nice',
  'threads',
  'started',
  'user',
  'command',
]
