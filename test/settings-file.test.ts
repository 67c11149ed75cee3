// The Electron settings file: survives a restart (a new SettingsFile on the
// same path), and a bad or old file is reported, kept aside and replaced,
// never fatal.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsFile } from '../src/core/settings/settings-file'
import { Lab } from '../src/core/lab'
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from '../src/shared/settings'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

function file(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-settings-'))
  dirs.push(d)
  return path.join(d, 'nested', 'settings.json')
}

const mine: Settings = {
  version: 1,
  intervalMs: 2000,
  theme: 'dark',
  language: 'zh-CN',
  columns: ['pid', 'nice', 'command'],
}

describe('settings file', () => {
  it('gives defaults when there is no file yet, and no problem', () => {
    expect(new SettingsFile(file()).load()).toEqual({ settings: DEFAULT_SETTINGS })
  })

  it('keeps what was saved across a restart', () => {
    const f = file()
    new SettingsFile(f).save(mine)
    expect(new SettingsFile(f).load()).toEqual({ settings: mine })
  })

  it.each([
    ['not JSON', '{"version": 1, "theme": "da', /not valid JSON/],
    ['an old version', JSON.stringify({ version: 0, theme: 'dark' }), /another version/],
    ['not an object', '[1,2,3]', /not a JSON object/],
    ['a bad field', JSON.stringify({ ...mine, theme: 'purple' }), /theme "purple"/],
  ])('reports %s, keeps the bad copy and replaces the file', (_what, text, problem) => {
    const f = file()
    fs.mkdirSync(path.dirname(f), { recursive: true })
    fs.writeFileSync(f, text)
    const loaded = new SettingsFile(f).load()
    expect(loaded.problem).toMatch(problem)
    // Good fields of an otherwise valid file survive; the rest is default.
    if (text.includes('purple')) expect(loaded.settings).toEqual({ ...mine, theme: 'system' })
    else expect(loaded.settings).toEqual(DEFAULT_SETTINGS)
    expect(fs.readFileSync(`${f}.bad`, 'utf8')).toBe(text)
    // The replacement reads back cleanly.
    expect(new SettingsFile(f).load()).toEqual({ settings: loaded.settings })
  })

  it('reports an unreadable file (a directory in its place) without throwing', () => {
    const f = file()
    fs.mkdirSync(f, { recursive: true })
    const loaded = new SettingsFile(f).load()
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS)
    expect(loaded.problem).toMatch(/could not be read/)
  })

  it('normalises: duplicate columns once, unknown column refused', () => {
    expect(normaliseSettings({ ...mine, columns: ['pid', 'pid'] }).settings.columns).toEqual(['pid'])
    expect(normaliseSettings({ ...mine, columns: ['pid', 'bogus'] }).problems).toEqual([
      'columns is not a list of known column names',
    ])
  })

  it('goes through the Lab: validated saves, null where the host keeps no file', async () => {
    const f = file()
    const lab = new Lab({ settings: new SettingsFile(f) })
    try {
      expect(await lab.invoke('saveSettings', [mine])).toEqual({ ok: true, value: null })
      expect(await lab.invoke('loadSettings', [])).toEqual({ ok: true, value: { settings: mine } })
      const bad = await lab.invoke('saveSettings', [{ ...mine, intervalMs: 7 }])
      expect(bad.ok).toBe(false)
      expect(JSON.parse(fs.readFileSync(f, 'utf8'))).toEqual(mine)
    } finally {
      await lab.close()
    }
    const web = new Lab()
    try {
      expect(await web.invoke('loadSettings', [])).toEqual({ ok: true, value: null })
    } finally {
      await web.close()
    }
  })
})
