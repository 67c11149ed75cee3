// Exposes window.proclab: named methods generated from the channel table, never
// ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { EVENTS, INVOKE, INVOKE_NAMES, unwrapReply, type InvokeReply } from '../shared/channels'
import type { ProcLabApi } from '../shared/api'
import type { LabEvent, Snapshot } from '../shared/model'

function subscribe<T>(channel: string) {
  return (cb: (payload: T) => void): (() => void) => {
    const listener = (_e: IpcRendererEvent, payload: T): void => cb(payload)
    ipcRenderer.on(channel, listener)
    return () => ipcRenderer.removeListener(channel, listener)
  }
}

const api = Object.fromEntries(
  INVOKE_NAMES.map((name) => [
    name,
    async (...args: unknown[]) => unwrapReply((await ipcRenderer.invoke(INVOKE[name], ...args)) as InvokeReply),
  ]),
) as unknown as ProcLabApi

api.onSnapshot = subscribe<Snapshot>(EVENTS.snapshot)
api.onEvent = subscribe<LabEvent>(EVENTS.event)

contextBridge.exposeInMainWorld('proclab', api)
