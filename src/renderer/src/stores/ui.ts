// Which view is in front. Other views (the Lab) switch to the monitor through
// this store, e.g. to show a run's process there.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type View = 'monitor' | 'lab'

export const useUiStore = defineStore('ui', () => {
  const view = ref<View>('monitor')
  return { view, show: (v: View) => (view.value = v) }
})
