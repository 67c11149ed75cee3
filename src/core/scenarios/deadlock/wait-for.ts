// The wait-for graph: threads and locks as nodes, "waits for" edges from a
// thread to the lock it is blocked on and "held by" edges from a lock to its
// owner. A deadlock is a cycle in it (T1 → B → T2 → A → T1). Each thread waits
// for at most one lock and each lock has at most one owner, so following
// edges from any thread traces a single path, and a cycle is found by walking
// it until a node repeats.
import type { GraphEdge, WaitForGraph } from '../../../shared/thread-lab'

export type { GraphEdge, GraphNode, WaitForGraph } from '../../../shared/thread-lab'

export interface GraphThread {
  readonly id: string
  readonly label: string
  /** Lock id this thread is blocked on. */
  readonly waitsFor?: string
}

export interface GraphLock {
  readonly id: string
  readonly label: string
  /** Thread id of the owner. */
  readonly heldBy?: string
}

export function buildWaitForGraph(threads: readonly GraphThread[], locks: readonly GraphLock[]): WaitForGraph {
  const threadIds = new Set(threads.map((t) => t.id))
  const lockIds = new Set(locks.map((l) => l.id))
  const next = new Map<string, string>()
  const edges: { from: string; to: string; kind: GraphEdge['kind'] }[] = []
  for (const t of threads) {
    if (t.waitsFor !== undefined && lockIds.has(t.waitsFor)) {
      next.set(t.id, t.waitsFor)
      edges.push({ from: t.id, to: t.waitsFor, kind: 'waits-for' })
    }
  }
  for (const l of locks) {
    if (l.heldBy !== undefined && threadIds.has(l.heldBy)) {
      next.set(l.id, l.heldBy)
      edges.push({ from: l.id, to: l.heldBy, kind: 'held-by' })
    }
  }
  const cycles = findCycles([...threadIds].sort(), next)
  const onCycle = new Set(cycles.flat())
  const cycleEdge = new Set(cycles.flatMap((c) => c.map((id, i) => `${id}>${c[(i + 1) % c.length]}`)))
  return {
    nodes: [
      ...threads.map((t) => ({ id: t.id, kind: 'thread' as const, label: t.label, inCycle: onCycle.has(t.id) })),
      ...locks.map((l) => ({ id: l.id, kind: 'lock' as const, label: l.label, inCycle: onCycle.has(l.id) })),
    ],
    edges: edges.map((e) => ({ ...e, inCycle: cycleEdge.has(`${e.from}>${e.to}`) })),
    cycles,
  }
}

/** Cycles of a graph where every node has at most one successor. */
export function findCycles(starts: readonly string[], next: ReadonlyMap<string, string>): string[][] {
  const done = new Set<string>()
  const cycles: string[][] = []
  for (const start of starts) {
    if (done.has(start)) continue
    const path: string[] = []
    const at = new Map<string, number>()
    let node: string | undefined = start
    while (node !== undefined && !done.has(node) && !at.has(node)) {
      at.set(node, path.length)
      path.push(node)
      node = next.get(node)
    }
    if (node !== undefined && at.has(node)) {
      const cycle = path.slice(at.get(node))
      cycles.push(rotateToFirstThread(cycle, starts))
    }
    for (const n of path) done.add(n)
  }
  return cycles
}

function rotateToFirstThread(cycle: string[], threadOrder: readonly string[]): string[] {
  let best = -1
  for (let i = 0; i < cycle.length; i++) {
    const rank = threadOrder.indexOf(cycle[i])
    if (rank >= 0 && (best < 0 || rank < threadOrder.indexOf(cycle[best]))) best = i
  }
  return best <= 0 ? cycle : [...cycle.slice(best), ...cycle.slice(0, best)]
}
