// The settings file of the Electron app (in app.getPath('userData')): read
// once at start, written whole on every change. Pure Node, no Electron, so
// Vitest tests it. A missing file means defaults; a bad or old one is kept
// beside it as settings.json.bad, reported, and replaced; nothing here throws
// at the caller for a problem in the file.
import fs from 'node:fs'
import path from 'node:path'
import { normaliseSettings, settingsFromText, type Settings, type SettingsLoad } from '../../shared/settings'

export class SettingsFile {
  constructor(readonly file: string) {}

  load(): SettingsLoad {
    let text: string | null = null
    try {
      text = fs.readFileSync(this.file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'ENOENT') {
        return {
          ...settingsFromText(null, this.file),
          problem: `The settings file ${this.file} could not be read (${code ?? String(err)}); defaults are used.`,
        }
      }
    }
    const loaded = settingsFromText(text, this.file)
    if (loaded.problem) {
      // Keep the bad copy for the curious, then write a good file in its place.
      try {
        fs.copyFileSync(this.file, `${this.file}.bad`)
      } catch {
        // Nothing to keep.
      }
      const saved = this.trySave(loaded.settings)
      return saved ? { ...loaded, problem: `${loaded.problem} ${saved}` } : loaded
    }
    return loaded
  }

  /** Writes the settings (normalised) through a temporary file and a rename, so a crash never leaves half a file. */
  save(settings: Settings): void {
    const { settings: clean } = normaliseSettings(settings)
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const tmp = `${this.file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(clean, null, 2) + '\n')
    fs.renameSync(tmp, this.file)
  }

  /** save(), returning a sentence instead of throwing. */
  private trySave(settings: Settings): string | undefined {
    try {
      this.save(settings)
      return undefined
    } catch (err) {
      return `(Writing a new file failed too: ${err instanceof Error ? err.message : String(err)}.)`
    }
  }
}
