// Registers the channel table on ipcMain. Every handler checks that the call
// comes from our own window's top frame before the core sees it; the core then
// validates the arguments.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { EVENTS, INVOKE, INVOKE_NAMES, type InvokeReply } from '../shared/channels'
import type { Lab } from '../core/lab'

export function registerIpc(lab: Lab, isTrusted: (e: IpcMainInvokeEvent) => boolean): () => void {
  for (const name of INVOKE_NAMES) {
    ipcMain.handle(INVOKE[name], (e, ...args: unknown[]): Promise<InvokeReply> | InvokeReply => {
      if (!isTrusted(e)) return { ok: false, error: { code: 'EPERM', message: 'Call refused: unknown sender' } }
      return lab.invoke(name, args)
    })
  }
  return () => INVOKE_NAMES.forEach((name) => ipcMain.removeHandler(INVOKE[name]))
}

/** Forwards the core's pushed streams to one window. */
export function forwardEvents(lab: Lab, win: BrowserWindow): () => void {
  const onSnapshot = (s: unknown): void => {
    if (!win.isDestroyed()) win.webContents.send(EVENTS.snapshot, s)
  }
  const onEvent = (e: unknown): void => {
    if (!win.isDestroyed()) win.webContents.send(EVENTS.event, e)
  }
  lab.on('snapshot', onSnapshot)
  lab.on('event', onEvent)
  return () => {
    lab.off('snapshot', onSnapshot)
    lab.off('event', onEvent)
  }
}
