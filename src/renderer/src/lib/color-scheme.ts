// The OS colour scheme as a ref, for the parts that cannot follow CSS by
// themselves (canvas charts read their colours once when drawn).
import { readonly, ref } from 'vue'

const query = window.matchMedia('(prefers-color-scheme: dark)')
const dark = ref(query.matches)
query.addEventListener('change', (e) => (dark.value = e.matches))

export const prefersDark = readonly(dark)
