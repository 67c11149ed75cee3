// The one channel table. The preload, the ipcMain registration, the web host's
// WebSocket bridge and the browser client are all generated from it, so no
// channel string is written twice. No Node or Electron imports here: the
// sandboxed preload bundles this file.
import type { ProcLabInvoke } from './api'
import type { Msg } from './msg'

/** Request/response calls: renderer -> core. */
export const INVOKE = {
  getSnapshot: 'proclab:get-snapshot',
  getPlatform: 'proclab:get-platform',
  setSampling: 'proclab:set-sampling',
  selectProcess: 'proclab:select-process',
  getProcess: 'proclab:get-process',
  listScenarios: 'proclab:list-scenarios',
  listRuns: 'proclab:list-runs',
  getRunRecord: 'proclab:get-run-record',
  getScenarioSource: 'proclab:get-scenario-source',
  startScenario: 'proclab:start-scenario',
  stopScenario: 'proclab:stop-scenario',
  scenarioAction: 'proclab:scenario-action',
  kill: 'proclab:kill',
  join: 'proclab:join',
  inspectProcess: 'proclab:inspect-process',
  getThreadTimeline: 'proclab:get-thread-timeline',
  setPriority: 'proclab:set-priority',
  loadSettings: 'proclab:load-settings',
  saveSettings: 'proclab:save-settings',
  startRecording: 'proclab:start-recording',
  stopRecording: 'proclab:stop-recording',
  getRecording: 'proclab:get-recording',
  getRecordingFile: 'proclab:get-recording-file',
} as const satisfies Record<keyof ProcLabInvoke, string>

/** Pushed streams: core -> renderer. */
export const EVENTS = {
  snapshot: 'proclab:snapshot',
  event: 'proclab:event',
} as const

export type InvokeName = keyof typeof INVOKE

export const INVOKE_NAMES = Object.keys(INVOKE) as InvokeName[]

/**
 * Every invoke reply travels in this envelope so that an error reaches the
 * renderer with its own message and code, not Electron's "Error invoking
 * remote method" wrapper.
 */
export type InvokeReply =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false
      /** message: the English text (API clients, logs); msg: the same as a message the dashboard renders in its language. */
      readonly error: { readonly code: string; readonly message: string; readonly msg?: Msg }
    }

/** WebSocket frames of the web host. */
export type ClientFrame = { readonly id: number; readonly method: string; readonly args: unknown[] }
export type ServerFrame =
  ({ readonly id: number } & InvokeReply) | { readonly push: keyof typeof EVENTS; readonly payload: unknown }

/** Turns a reply envelope back into a value or a thrown Error with the core's message. */
export function unwrapReply(reply: InvokeReply): unknown {
  if (reply.ok) return reply.value
  const err = new Error(reply.error.message) as Error & { code?: string; msg?: Msg }
  err.code = reply.error.code
  if (reply.error.msg) err.msg = reply.error.msg
  throw err
}
