// Ending a whole process tree on Windows, from the process table rather than
// from `taskkill /T`:
//  - Windows has no process groups, and Node's kill() ends one process only:
//    a Python program's worker processes (spin's keep a core busy) outlive it;
//  - `taskkill` without /F only posts WM_CLOSE, which a windowless console
//    program never receives, so a "graceful" stop always waited its whole grace
//    period and then forced anyway;
//  - `taskkill /T` is missing from Wine 8, where this code is run for real
//    (npm run test:wine), and each taskkill is a process start per stop.
// The table (NtQuerySystemInformation, one call) gives every process's parent
// and creation time; each member of the tree is then ended with
// TerminateProcess (Node's kill(): OpenProcess + TerminateProcess, exit code 1).

/** What the walk needs of one row of the process table. */
export interface TreeRow {
  readonly pid: number
  readonly ppid: number
  /** Creation time (ms since 1970); 0 where the system does not say (Idle, System). */
  readonly start: number
}

/**
 * The members of a tree, root first, then each generation: `known` (pid →
 * creation time) grows with every row whose parent is a member. Windows never
 * rewrites a parent pid when the parent ends, and pids are reused, so a row
 * counts as a child only if it was created no earlier than the member it names
 * as parent; otherwise its parent was an older process that had the same pid.
 */
export function growTree(table: readonly TreeRow[], known: Map<number, number>): number[] {
  const added: number[] = []
  let grew = true
  while (grew) {
    grew = false
    for (const p of table) {
      if (known.has(p.pid) || p.pid === p.ppid || p.pid <= 4) continue
      const parentStart = known.get(p.ppid)
      if (parentStart === undefined || p.start < parentStart) continue
      known.set(p.pid, p.start)
      added.push(p.pid)
      grew = true
    }
  }
  return added
}

export interface TreeEnder {
  /** The process table now, or undefined if it cannot be read. */
  readonly table: () => readonly TreeRow[] | undefined
  /** Ends one process; throws if it has gone (ignored). */
  readonly terminate: (pid: number) => void
}

/**
 * Ends `root` and everything it started. Returns the pids it ended, or
 * undefined if the table could not be read (the caller falls back to taskkill).
 * A few rounds: a member may start a child between the read and its end; the
 * root goes first so it starts no more.
 */
export function endTree(root: number, how: TreeEnder, rounds = 4): number[] | undefined {
  const first = how.table()
  if (!first) return undefined
  const self = first.find((p) => p.pid === root)
  if (!self) return []
  const known = new Map([[root, self.start]])
  const ended: number[] = []
  const end = (pid: number): void => {
    try {
      how.terminate(pid)
      ended.push(pid)
    } catch {
      // Gone already: what we wanted.
    }
  }
  end(root)
  let table: readonly TreeRow[] | undefined = first
  for (let i = 0; i < rounds && table; i++) {
    const added = growTree(table, known)
    if (added.length === 0) break
    for (const pid of added) end(pid)
    table = how.table()
  }
  return ended
}
