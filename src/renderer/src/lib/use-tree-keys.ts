// Keyboard navigation of the process tree, as a tree grid is driven: arrows
// move and fold, Page keys and Home/End jump, Enter opens, Delete asks to kill
// (the marked processes if any, with one confirmation), Space marks a row,
// F5 switches tree and flat list, F7/F8 (or ] and [) change the priority as in
// htop; a run group row holds the cursor itself, a process row is the selection.
// Ctrl/Cmd-click marks one row, Shift-click the rows from the selection to it.
import type { Virtualizer } from '@tanstack/vue-virtual'
import { nextTick, watch, type ComputedRef, type Ref } from 'vue'
import { rangePids, type TreeRow } from './process-tree'
import { useSelectionStore } from '../stores/selection'
import { useTreeStore } from '../stores/tree'

export interface TreeNavigation {
  readonly rows: ComputedRef<readonly TreeRow[]>
  readonly activeIndex: ComputedRef<number>
  /** Keyboard cursor on a run group row (process rows are the selection itself). */
  readonly runCursor: Ref<string | null>
  readonly virtualizer: Ref<Virtualizer<HTMLDivElement, Element>>
  readonly scrollEl: Ref<HTMLDivElement | undefined>
  readonly rowHeight: number
}

export function useTreeKeys(n: TreeNavigation) {
  const tree = useTreeStore()
  const selection = useSelectionStore()
  const { rows, activeIndex, runCursor, virtualizer, scrollEl } = n
  const ROW_H = n.rowHeight

  function moveTo(index: number): void {
    const list = rows.value
    if (!list.length) return
    const i = Math.max(0, Math.min(list.length - 1, index))
    const row = list[i]
    if (row.kind === 'process') {
      runCursor.value = null
      selection.select(row.p.pid)
    } else {
      runCursor.value = row.key
    }
    virtualizer.value.scrollToIndex(i, { align: 'auto' })
  }

  function onRowClick(row: TreeRow, e?: MouseEvent): void {
    if (row.kind === 'process') {
      runCursor.value = null
      if (e && (e.ctrlKey || e.metaKey)) {
        // The first Ctrl-click keeps the row selected before it marked too: two rows, as in a file list.
        if (!selection.marked.size && selection.pid !== null && selection.pid !== row.p.pid)
          selection.markAll([selection.pid])
        selection.toggleMark(row.p.pid)
      } else if (e?.shiftKey && selection.pid !== null) {
        selection.markAll(rangePids(rows.value, selection.pid, row.p.pid))
        // The anchor stays where it was: a second Shift-click changes the range from the same row.
        scrollEl.value?.focus({ preventScroll: true })
        return
      } else {
        selection.clearMarks()
      }
      selection.select(row.p.pid)
    } else {
      runCursor.value = row.key
      tree.toggle(row.key)
    }
    scrollEl.value?.focus({ preventScroll: true })
  }

  function onRowDblClick(row: TreeRow): void {
    if (row.kind === 'process') selection.openDetails()
  }

  function pageRows(): number {
    return Math.max(1, Math.floor((scrollEl.value?.clientHeight ?? ROW_H * 10) / ROW_H) - 1)
  }

  function onKey(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return
    const i = activeIndex.value
    const row = i >= 0 ? rows.value[i] : undefined
    switch (e.key) {
      case 'ArrowDown':
        moveTo(i < 0 ? 0 : i + 1)
        break
      case 'ArrowUp':
        moveTo(i < 0 ? 0 : i - 1)
        break
      case 'PageDown':
        moveTo(i + pageRows())
        break
      case 'PageUp':
        moveTo(i - pageRows())
        break
      case 'Home':
        moveTo(0)
        break
      case 'End':
        moveTo(rows.value.length - 1)
        break
      case 'ArrowRight':
        if (!row) moveTo(0)
        else if (row.hasChildren && !row.expanded) tree.setCollapsed(row.key, false)
        else if (row.expanded) moveTo(i + 1)
        break
      case 'ArrowLeft':
        if (!row) break
        if (row.expanded) tree.setCollapsed(row.key, true)
        else if (row.parentKey) moveTo(tree.tree.indexByKey.get(row.parentKey) ?? i)
        break
      case 'Enter':
        if (row?.kind === 'process') selection.openDetails()
        else if (row) tree.toggle(row.key)
        break
      case 'Delete':
        if (selection.marked.size) selection.askKillMany([...selection.marked], 'SIGTERM')
        else if (row?.kind === 'process') selection.askKill(row.p.pid, 'SIGTERM')
        break
      case ' ':
        // htop's Space tags the process under the cursor; the cursor moves on to the next row.
        if (row?.kind !== 'process') return
        selection.toggleMark(row.p.pid)
        moveTo(i + 1)
        break
      case 'F5':
        tree.flat = !tree.flat
        break
      case 'Escape':
        if (!selection.marked.size) return
        selection.clearMarks()
        break
      // htop's keys: F7 or ] raise the priority (nice - 1), F8 or [ lower it (nice + 1).
      case 'F7':
      case ']':
        if (row?.kind === 'process') void selection.renice(row.p.pid, -1)
        break
      case 'F8':
      case '[':
        if (row?.kind === 'process') void selection.renice(row.p.pid, +1)
        break
      default:
        return
    }
    e.preventDefault()
  }

  /** Scrolls the active row into view if it is outside it. */
  function revealActive(): void {
    void nextTick(() => {
      const i = activeIndex.value
      const el = scrollEl.value
      if (i < 0 || !el) return
      const top = i * ROW_H
      if (top < el.scrollTop || top + ROW_H > el.scrollTop + el.clientHeight)
        virtualizer.value.scrollToIndex(i, { align: 'center' })
    })
  }

  // A selection made elsewhere (details pane, event log, lab) scrolls into view.
  watch(
    () => selection.pid,
    () => {
      if (selection.pid !== null) runCursor.value = null
      revealActive()
    },
  )
  // So does the selected row when the filter or scope changes the rows around it.
  watch([() => tree.filter, () => tree.scope], revealActive)

  function onFilterKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      if (tree.filter) tree.filter = ''
      else scrollEl.value?.focus()
      e.preventDefault()
    } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault()
      scrollEl.value?.focus()
      // The first match, or the row already selected if it is still shown.
      if (activeIndex.value < 0) {
        const first = rows.value.findIndex((r) => r.kind === 'process' && r.match)
        moveTo(first < 0 ? 0 : first)
      }
    }
  }

  return { moveTo, onRowClick, onRowDblClick, onKey, onFilterKey }
}
