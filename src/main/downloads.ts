// Exports (recordings, reports, the process table) leave the dashboard as
// downloads of in-page blobs; in the app each one goes through the system's
// save dialog, starting in the Downloads folder under the suggested name.
import { app, type Session } from 'electron'
import fs from 'node:fs'
import path from 'node:path'

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  '.gz': { name: 'ProcLab recording', extensions: ['gz'] },
  '.html': { name: 'Report (HTML)', extensions: ['html'] },
  '.json': { name: 'JSON', extensions: ['json'] },
  '.csv': { name: 'CSV', extensions: ['csv'] },
}

export function saveDownloadsWithDialog(session: Session): void {
  session.on('will-download', (_e, item) => {
    const name = item.getFilename()
    const filter = FILTERS[path.extname(name)]
    item.setSaveDialogOptions({
      title: 'Save from ProcLab',
      defaultPath: path.join(app.getPath('downloads'), name),
      filters: filter ? [filter] : [],
    })
    // A recording or an export shows every process of the machine: once saved it is the user's alone (0600).
    // Windows has no such mode (chmod only toggles read-only there): the file keeps the ACL of the folder chosen.
    item.once('done', (_e, state) => {
      if (state === 'completed' && process.platform !== 'win32')
        void fs.promises.chmod(item.getSavePath(), 0o600).catch(() => {})
    })
  })
}
