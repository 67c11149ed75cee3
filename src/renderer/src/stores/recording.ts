// One-click recording: the core writes the file; when it stops (by the user or
// at its size bound) the finished file is saved through a download (web) or
// the save dialog (Electron).
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RecordingInfo } from '../../../shared/api'
import { download, fromBase64 } from '../lib/download'
import { messageOf, useNoticesStore } from './notices'

export const useRecordingStore = defineStore('recording', () => {
  const notices = useNoticesStore()
  const info = shallowRef<RecordingInfo | null>(null)
  const busy = ref(false)
  let poll: ReturnType<typeof setInterval> | undefined

  async function refresh(): Promise<void> {
    try {
      const next = await window.proclab.getRecording()
      const was = info.value?.recording
      info.value = next
      // Stopped by the core itself: the size bound was hit, or the disk refused.
      if (was && !next.recording) {
        stopPolling()
        if (next.current?.message) notices.error(next.current.message)
        await save()
      }
    } catch {
      // The next poll tries again.
    }
  }

  function stopPolling(): void {
    clearInterval(poll)
    poll = undefined
  }

  async function save(): Promise<void> {
    const file = await window.proclab.getRecordingFile('last')
    if (file) download(file.name, 'application/gzip', fromBase64(file.base64))
  }

  async function toggle(): Promise<void> {
    if (busy.value) return
    busy.value = true
    try {
      if (info.value?.recording) {
        stopPolling()
        info.value = await window.proclab.stopRecording()
        const c = info.value.current
        notices.info(`Recording saved (${((c?.bytes ?? 0) / 1024).toFixed(0)} KB)`)
        await save()
      } else {
        info.value = await window.proclab.startRecording()
        poll = setInterval(() => void refresh(), 1000)
      }
    } catch (err) {
      notices.error(`Recording: ${messageOf(err)}`)
    } finally {
      busy.value = false
    }
  }

  return { info, busy, toggle, refresh }
})
