// A <details> popover (Settings, Columns, Export) closes as a menu does: on
// Escape, with the focus back on its summary, and on a click outside it. The
// listeners live exactly as long as the component that owns the popover.
import { onBeforeUnmount, onMounted, type Ref } from 'vue'

export function useDismiss(details: Ref<HTMLDetailsElement | null | undefined>): void {
  const onKey = (e: KeyboardEvent): void => {
    const el = details.value
    if (e.key !== 'Escape' || !el?.open) return
    el.open = false
    el.querySelector('summary')?.focus()
    e.stopPropagation()
  }
  const onPointer = (e: PointerEvent): void => {
    const el = details.value
    if (el?.open && !el.contains(e.target as Node)) el.open = false
  }
  onMounted(() => {
    document.addEventListener('keydown', onKey, true)
    document.addEventListener('pointerdown', onPointer, true)
  })
  onBeforeUnmount(() => {
    document.removeEventListener('keydown', onKey, true)
    document.removeEventListener('pointerdown', onPointer, true)
  })
}
