// Toasts: what the user must know happened (an error from the core, a signal
// sent). Errors stay longer; none is ever dropped silently.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { isMsg, type Msg } from '../../../shared/msg'

export type NoticeLevel = 'info' | 'error'

export interface Notice {
  readonly id: number
  readonly level: NoticeLevel
  /** A message, rendered in the dashboard's language when shown (or plain text). */
  readonly text: Msg | string
}

const MAX_SHOWN = 5

export const useNoticesStore = defineStore('notices', () => {
  const items = ref<Notice[]>([])
  let nextId = 1

  function dismiss(id: number): void {
    items.value = items.value.filter((n) => n.id !== id)
  }

  function push(level: NoticeLevel, text: Msg | string): void {
    const id = nextId++
    items.value = [...items.value, { id, level, text }].slice(-MAX_SHOWN)
    setTimeout(() => dismiss(id), level === 'error' ? 12_000 : 4_000)
  }

  return {
    items,
    dismiss,
    info: (text: Msg | string) => push('info', text),
    error: (text: Msg | string) => push('error', text),
  }
})

/** The message of whatever a rejected API call threw, in English (the core's LabError message). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * Why a rejected API call failed, as the core's message (a LabError's Msg,
 * rendered in the user's language where shown), or the English text when the
 * error carries none (a lost connection).
 */
export function reasonOf(err: unknown): Msg | string {
  const msg = (err as { msg?: unknown } | null)?.msg
  return isMsg(msg) ? msg : messageOf(err)
}
