// The Electron shell: app lifecycle, one secure window, the channel table on
// ipcMain. Everything else lives in the core (src/core).
import { app, BrowserWindow, Menu, session, shell, type IpcMainInvokeEvent } from 'electron'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Lab } from '../core/lab'
import { coreCatalog } from '../shared/i18n'
import { renderPlain } from '../shared/msg'
import { forwardEvents, registerIpc } from './ipc'
import { isAllowedExternal, isTrustedPage, rendererUrl as pageUrl } from './policy'
import { startWarden } from '../core/supervisor/warden-client'
import { SettingsFile } from '../core/settings/settings-file'
import { saveDownloadsWithDialog } from './downloads'

const here = path.dirname(fileURLToPath(import.meta.url))
// The user's settings live in the app-data folder (e.g. ~/.config/ProcLab/settings.json on Linux).
// Recordings too: the user's own folder, created 0700 (never a fixed name in the shared temp folder).
const lab = new Lab({
  settings: new SettingsFile(path.join(app.getPath('userData'), 'settings.json')),
  recordingDir: path.join(app.getPath('userData'), 'recordings'),
})
let win: BrowserWindow | null = null

function rendererUrl(): string {
  // electron-vite's dev server in development only; an installed app loads its own file.
  return pageUrl({ isPackaged: app.isPackaged, env: process.env, indexFile: path.join(here, '../renderer/index.html') })
}

/** Only our own window's top frame, showing our own page (not any file: URL), may call the core. */
function isTrusted(e: IpcMainInvokeEvent): boolean {
  const frame = e.senderFrame
  if (!win || e.sender !== win.webContents || !frame || frame !== win.webContents.mainFrame) return false
  return isTrustedPage(frame.url, rendererUrl())
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'ProcLab',
    show: false,
    icon: path.join(here, '../../resources/icon.png'),
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click must not open a link in a new window (Electronegativity's AUXCLICK check).
      disableBlinkFeatures: 'Auxclick',
    },
  })
  const stopForwarding = forwardEvents(lab, win)
  win.on('closed', () => {
    stopForwarding()
    win = null
  })
  win.once('ready-to-show', () => win?.show())
  // Navigation and new windows are denied; ProcLab's own reference links (policy.ts) open in the browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  void win.loadURL(rendererUrl())
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin'
  // The menu speaks the system's language, as the dashboard does until the user picks one
  // (Electron translates the role menus itself where the OS does).
  const text = (key: 'file' | 'quit'): string =>
    renderPlain(coreCatalog(app.getLocale().toLowerCase().startsWith('zh') ? 'zh' : 'en'), { key: `core.menu.${key}` })
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      // On macOS the app menu holds Quit (Cmd+Q); File then closes the window (Cmd+W), as every Mac app does.
      ...(isMac ? [{ role: 'appMenu' as const }] : []),
      {
        label: text('file'),
        submenu: [
          isMac ? { role: 'close' as const } : { role: 'quit' as const, label: text('quit'), accelerator: 'Ctrl+Q' },
        ],
      },
      { role: 'viewMenu' as const },
      { role: 'windowMenu' as const },
    ]),
  )
}

/**
 * Electron's own processes (renderer, GPU, utility) are ProcLab's: the core
 * refuses to signal them. Where /proc gives their parent the core finds them
 * itself; elsewhere it learns them here, and again whenever they change.
 */
function watchHelpers(): void {
  const update = (): void =>
    lab.setHelperPids(
      app
        .getAppMetrics()
        .map((m) => m.pid)
        .filter((pid) => pid !== process.pid),
    )
  update()
  setInterval(update, 2000).unref()
  app.on('child-process-gone', update)
}

let quitting = false
app.on('before-quit', (e) => {
  if (quitting) return
  // Children first: ProcLab never leaves a process it started behind.
  e.preventDefault()
  quitting = true
  void lab.close().finally(() => app.quit())
})

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault())
})

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  registerIpc(lab, isTrusted)
  saveDownloadsWithDialog(session.defaultSession)
  startWarden(lab.supervisor)
  watchHelpers()
  lab.start()
  buildMenu()
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

// A terminal's Ctrl-C or a service manager's SIGTERM quits as the menu does, children first.
process.on('SIGINT', () => app.quit())
process.on('SIGTERM', () => app.quit())

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
