// How the process tree is shown: sort, filter, scope, collapsed nodes. The rows
// are derived from the latest snapshot with one computed; nothing here is
// deep-reactive.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { buildTree, type Scope, type SortDir, type SortKey, type Tree } from '../lib/process-tree'
import { useMonitorStore } from './monitor'
import { COLUMNS } from '../lib/columns'

const DESC_FIRST = new Set<SortKey>(COLUMNS.filter((c) => c.desc).map((c) => c.sort))

const EMPTY_TREE: Tree = { rows: [], indexByKey: new Map(), total: 0, matched: 0, own: 0, kernelHidden: 0 }

export const useTreeStore = defineStore('tree', () => {
  const monitor = useMonitorStore()
  const sortKey = ref<SortKey>('pid')
  const sortDir = ref<SortDir>('asc')
  const filter = ref('')
  const scope = ref<Scope>('all')
  const showKernel = ref(false)
  /** htop's F5: a flat list sorted as a whole instead of the tree (whose sort orders siblings). */
  const flat = ref(false)
  const collapsed = shallowRef<ReadonlySet<string>>(new Set())
  // While a filter is active its own collapse state applies, reset with each new
  // query, so a subtree folded earlier never hides a match.
  const collapsedFiltering = shallowRef<ReadonlySet<string>>(new Set())
  watch(filter, () => (collapsedFiltering.value = new Set()))

  const filtering = computed(() => filter.value.trim() !== '')
  const activeCollapsed = computed(() => (filtering.value ? collapsedFiltering.value : collapsed.value))

  const tree = computed<Tree>(() => {
    const s = monitor.snapshot
    if (!s) return EMPTY_TREE
    return buildTree(s.processes, {
      sortKey: sortKey.value,
      sortDir: sortDir.value,
      filter: filter.value,
      scope: scope.value,
      collapsed: activeCollapsed.value,
      selfPid: s.selfPid,
      runs: s.runs,
      hideKernel: !showKernel.value,
      flat: flat.value,
    })
  })

  function setCollapsed(key: string, fold: boolean): void {
    const cur = activeCollapsed.value
    if (cur.has(key) === fold) return
    const next = new Set(cur)
    if (fold) next.add(key)
    else next.delete(key)
    if (filtering.value) collapsedFiltering.value = next
    else collapsed.value = next
  }

  function toggle(key: string): void {
    setCollapsed(key, !activeCollapsed.value.has(key))
  }

  function expandAll(): void {
    if (filtering.value) collapsedFiltering.value = new Set()
    else collapsed.value = new Set()
  }

  /** Folds every node that has children, leaving the top level. */
  function collapseAll(): void {
    const next = new Set<string>()
    for (const r of tree.value.rows) if (r.hasChildren) next.add(r.key)
    if (filtering.value) collapsedFiltering.value = next
    else collapsed.value = next
  }

  /** Clicking the sorted column flips the direction; another column starts at its natural order. */
  function sortBy(key: SortKey): void {
    if (sortKey.value === key) {
      sortDir.value = sortDir.value === 'asc' ? 'desc' : 'asc'
      return
    }
    sortKey.value = key
    sortDir.value = DESC_FIRST.has(key) ? 'desc' : 'asc'
  }

  return {
    sortKey,
    sortDir,
    filter,
    scope,
    showKernel,
    flat,
    filtering,
    tree,
    setCollapsed,
    toggle,
    expandAll,
    collapseAll,
    sortBy,
  }
})
