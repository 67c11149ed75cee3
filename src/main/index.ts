// The Electron shell: app lifecycle, one secure window, the channel table on
// ipcMain. Everything else lives in the core (src/core).
import { app, BrowserWindow, Menu, session, shell, type IpcMainInvokeEvent } from 'electron'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Lab } from '../core/lab'
import { forwardEvents, registerIpc } from './ipc'
import { startWarden } from '../core/supervisor/warden-client'
import { saveDownloadsWithDialog } from './downloads'

const here = path.dirname(fileURLToPath(import.meta.url))
const lab = new Lab()
let win: BrowserWindow | null = null

function rendererUrl(): string {
  // electron-vite sets this in development only; the app loads its own file otherwise.
  return process.env['ELECTRON_RENDERER_URL'] ?? `file://${path.join(here, '../renderer/index.html')}`
}

/** Only our own window's top frame, showing our own page, may call the core. */
function isTrusted(e: IpcMainInvokeEvent): boolean {
  const frame = e.senderFrame
  if (!win || e.sender !== win.webContents || !frame || frame !== win.webContents.mainFrame) return false
  const expected = new URL(rendererUrl())
  const actual = new URL(frame.url)
  return expected.protocol === 'file:' ? actual.protocol === 'file:' : actual.origin === expected.origin
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
    },
  })
  const stopForwarding = forwardEvents(lab, win)
  win.on('closed', () => {
    stopForwarding()
    win = null
  })
  win.once('ready-to-show', () => win?.show())
  // Navigation and new windows are denied; external links open in the browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  void win.loadURL(rendererUrl())
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin'
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(isMac ? [{ role: 'appMenu' as const }] : []),
      { label: 'File', submenu: [{ role: isMac ? ('close' as const) : ('quit' as const), label: 'Quit ProcLab', accelerator: 'CmdOrCtrl+Q' }] },
      { role: 'viewMenu' as const },
      { role: 'windowMenu' as const },
    ]),
  )
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
