// Toasts: what the user must know happened (an error from the core, a signal
// sent). Errors stay longer; none is ever dropped silently.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type NoticeLevel = 'info' | 'error'

export interface Notice {
  readonly id: number
  readonly level: NoticeLevel
  readonly text: string
}

const MAX_SHOWN = 5

export const useNoticesStore = defineStore('notices', () => {
  const items = ref<Notice[]>([])
  let nextId = 1

  function dismiss(id: number): void {
    items.value = items.value.filter((n) => n.id !== id)
  }

  function push(level: NoticeLevel, text: string): void {
    const id = nextId++
    items.value = [...items.value, { id, level, text }].slice(-MAX_SHOWN)
    setTimeout(() => dismiss(id), level === 'error' ? 12_000 : 4_000)
  }

  return {
    items,
    dismiss,
    info: (text: string) => push('info', text),
    error: (text: string) => push('error', text),
  }
})

/** The message of whatever a rejected API call threw. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
