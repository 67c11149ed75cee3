// What the system ProcLab runs on can do: which signals exist (and why the
// others do not), whether processes can be suspended, whether threads can be
// listed. Asked once; the kill menu, the Suspend/Resume buttons and the
// threads pane offer only what exists and say why the rest is missing.
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { MissingSignal, PlatformInfo } from '../../../shared/model'
import type { Msg } from '../../../shared/msg'
import { messageOf, useNoticesStore } from './notices'
import { KILL_SIGNALS } from './selection'

export const usePlatformStore = defineStore('platform', () => {
  const notices = useNoticesStore()
  const info = shallowRef<PlatformInfo | null>(null)
  let asked = false

  async function load(): Promise<void> {
    if (asked) return
    asked = true
    try {
      info.value = await window.proclab.getPlatform()
    } catch (err) {
      notices.error(`Could not read what this system supports: ${messageOf(err)}`)
    }
  }

  /** The kill menu: every signal until the answer arrives (the core refuses a missing one with its reason anyway). */
  const killSignals = computed(() => {
    const i = info.value
    return KILL_SIGNALS.filter((s) => !i || i.signals.includes(s.signal)).map((s) => ({
      ...s,
      // This system's own note where it differs from Unix (Windows), else the usual meaning, in the user's language.
      help: i?.signalNotes[s.signal] ?? { key: `ui.runs.actions.signal.${s.signal}.help` },
    }))
  })
  const missingKillSignals = computed<readonly MissingSignal[]>(() =>
    (info.value?.missingSignals ?? []).filter((m) => KILL_SIGNALS.some((k) => k.signal === m.signal)),
  )
  const canSuspend = computed(() => info.value?.canSuspend ?? true)
  const suspendWhy = computed<Msg | undefined>(() => info.value?.suspendWhy)
  const threadsWhy = computed<Msg>(() => info.value?.threadsWhy ?? { key: 'core.platform.noThreads' })

  return { info, load, killSignals, missingKillSignals, canSuspend, suspendWhy, threadsWhy }
})
