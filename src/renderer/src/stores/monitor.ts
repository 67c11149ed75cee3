import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { Snapshot } from '../../../shared/model'

export const useMonitorStore = defineStore('monitor', () => {
  const snapshot = shallowRef<Snapshot | null>(null)
  async function connect(): Promise<void> {
    window.proclab.onSnapshot((s) => (snapshot.value = s))
    snapshot.value = await window.proclab.getSnapshot()
  }
  return { snapshot, connect }
})
