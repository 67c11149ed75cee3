// The theme in effect: the user's choice, or the OS colour scheme for
// "system". It is set as data-theme on <html> (base.css keys the dark palette
// on it) and exposed as a ref for the parts that cannot follow CSS by
// themselves (canvas charts read their colours once when drawn).
import { computed, ref, watchEffect } from 'vue'
import type { Theme } from '../../../shared/settings'

const query = window.matchMedia('(prefers-color-scheme: dark)')
const systemDark = ref(query.matches)
query.addEventListener('change', (e) => (systemDark.value = e.matches))

const chosen = ref<Theme>('system')

export const prefersDark = computed(() => (chosen.value === 'system' ? systemDark.value : chosen.value === 'dark'))

export function setTheme(theme: Theme): void {
  chosen.value = theme
}

watchEffect(() => {
  document.documentElement.dataset.theme = prefersDark.value ? 'dark' : 'light'
})
