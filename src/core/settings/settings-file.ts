// The settings file of the Electron app (in app.getPath('userData')): read
// once at start, written whole on every change. Pure Node, no Electron, so
// Vitest tests it. A missing file means defaults; a bad or old one is kept
// beside it as settings.json.bad, reported, and replaced; nothing here throws
// at the caller for a problem in the file.
import fs from 'node:fs'
import path from 'node:path'
import { englishOf, LabError } from '../errors'
import { PRIVATE_DIR_MODE, readPrivateFile, writePrivateFile } from '../platform/private-files'
import { normaliseSettings, settingsFromText, type Settings, type SettingsLoad } from '../../shared/settings'

/** A settings file is a few hundred bytes; anything past this is not one. */
const MAX_SETTINGS_BYTES = 1024 * 1024

export class SettingsFile {
  constructor(readonly file: string) {}

  load(): SettingsLoad {
    let text: string | null = null
    try {
      // Not through a link, only a regular file of this user, bounded: as every file ProcLab reads back.
      text = readPrivateFile(this.file, MAX_SETTINGS_BYTES).toString('utf8')
    } catch (err) {
      if (!(err instanceof LabError && err.code === 'ENOENT')) {
        // Left where it is (not copied aside, not replaced): it may be someone else's file or a link to one.
        return {
          ...settingsFromText(null, this.file),
          problem: `The settings file ${this.file} could not be read (${englishOf(err instanceof LabError ? err.msg : String(err))}); defaults are used.`,
        }
      }
    }
    const loaded = settingsFromText(text, this.file)
    if (loaded.problem) {
      // Keep the bad copy for the curious, then write a good file in its place.
      try {
        const bad = `${this.file}.bad`
        fs.rmSync(bad, { force: true })
        writePrivateFile(bad, text ?? '')
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
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE })
    const tmp = `${this.file}.${process.pid}.tmp`
    // A leftover from a crash would make the exclusive create fail; it is ours to remove.
    fs.rmSync(tmp, { force: true })
    // Created 0600 and renamed over the old one: the settings are the user's alone.
    writePrivateFile(tmp, JSON.stringify(clean, null, 2) + '\n')
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
