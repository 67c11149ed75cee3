// What this test process can do, found by trying it (never by uid === 0: a
// container's root may lack CAP_SETUID, and a normal user may hold
// CAP_SYS_NICE). A test that needs one calls needs(ctx, ...) first: without
// it the test is skipped with the reason printed, so a skip is never silent.
//
// The root lane of .ci/run sets PROCLAB_EXPECT_ROOT=1 and runs only the tests
// named with ROOT_TAG: there a missing root capability fails the test instead
// of skipping it, so the lane cannot pass by running nothing.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { describe, type TestContext } from 'vitest'
import { hostPlatform } from '../../src/core/platform'

export interface Capability {
  readonly name: string
  readonly ok: boolean
  /** Why not, in words, when !ok. */
  readonly why: string
  /** Only root (or a capability root has) gives it: the root lane must have it. */
  readonly root: boolean
}

/** In the name of every test that needs a root capability; the root lane selects them by it (`-t`). */
export const ROOT_TAG = '[needs root]'

const NOBODY = 65534

function once(make: () => Capability): () => Capability {
  let c: Capability | undefined
  return () => (c ??= make())
}

/** A tiny Node program, run as the given user; its exit status, or the spawn error's code. */
function tryNode(script: string, opts: { uid?: number; gid?: number } = {}): { status: number | null; code?: string } {
  const r = spawnSync(process.execPath, ['-e', script], { stdio: 'ignore', timeout: 10_000, ...opts })
  return { status: r.status, code: (r.error as NodeJS.ErrnoException | undefined)?.code }
}

/** Starting a child as another user (uid/gid 65534, "nobody"): needs CAP_SETUID and CAP_SETGID. */
export const canSetUid = once(() => {
  if (process.platform === 'win32')
    return { name: 'setuid', ok: false, root: true, why: 'Windows has no uids to start a process as' }
  const r = tryNode('0', { uid: NOBODY, gid: NOBODY })
  return r.status === 0
    ? { name: 'setuid', ok: true, root: true, why: '' }
    : {
        name: 'setuid',
        ok: false,
        root: true,
        why: `cannot start a process as uid ${NOBODY} (${r.code ?? `exit ${r.status}`}): needs root (CAP_SETUID)`,
      }
})

/** Lowering a nice value (making a process less nice): needs CAP_SYS_NICE (or an RLIMIT_NICE that allows it). */
export const canLowerNice = once(() => {
  if (process.platform === 'win32')
    return { name: 'lower nice', ok: false, root: true, why: 'Windows has priority classes, not nice values' }
  // A child makes itself nicer (always allowed), then tries to take it back.
  const r = tryNode("const os = require('os'); os.setPriority(0, 10); os.setPriority(0, 5)")
  return r.status === 0
    ? { name: 'lower nice', ok: true, root: true, why: '' }
    : {
        name: 'lower nice',
        ok: false,
        root: true,
        why: 'cannot lower a nice value (10 → 5 was refused): needs root (CAP_SYS_NICE)',
      }
})

/** Linux's /proc, for tests that check what ProcLab shows against what the kernel says there. */
export const hasProcfs = once(() =>
  process.platform === 'linux' && fs.existsSync('/proc/self/stat')
    ? { name: 'procfs', ok: true, root: false, why: '' }
    : {
        name: 'procfs',
        ok: false,
        root: false,
        why: `no /proc on ${os.platform()}: the kernel's own figures this test compares with are Linux's`,
      },
)

/** Some process of another user exists that this one may not read (pid 1 belongs to root). */
export const isUnprivileged = once(() => {
  if (!hasProcfs().ok) return { ...hasProcfs(), name: 'unprivileged' }
  let readable = true
  try {
    fs.closeSync(fs.openSync('/proc/1/io', 'r'))
  } catch {
    readable = false
  }
  return readable
    ? {
        name: 'unprivileged',
        ok: false,
        root: false,
        why: 'this process may read /proc/1/io (root): the refusal a normal user gets cannot be seen from here',
      }
    : { name: 'unprivileged', ok: true, root: false, why: '' }
})

const expectRoot = (): boolean => process.env.PROCLAB_EXPECT_ROOT === '1'

/**
 * Skips the running test, printing why, unless every capability is there.
 * Under PROCLAB_EXPECT_ROOT=1 a missing root capability is a failure.
 */
export function needs(ctx: TestContext, ...caps: Capability[]): void {
  const missing = caps.filter((c) => !c.ok)
  if (missing.length === 0) return
  const why = missing.map((c) => c.why).join('; ')
  if (expectRoot() && missing.some((c) => c.root))
    throw new Error(`PROCLAB_EXPECT_ROOT=1, but this test cannot run: ${why}`)
  console.warn(`skipped: ${ctx.task.name}: ${why}`)
  ctx.skip(why)
}

/**
 * describe() for a block whose every test needs the capability (e.g. /proc):
 * without it the block is skipped and the reason printed once.
 */
export function describeWith(cap: Capability): typeof describe | typeof describe.skip {
  if (cap.ok) return describe
  return ((name: string, fn: () => void) => {
    console.warn(`skipped: ${name}: ${cap.why}`)
    describe.skip(name, fn)
  }) as typeof describe.skip
}

/** The test is about what happens without the capability (the refusal a normal user meets). */
export function lacking(cap: Capability): Capability {
  return {
    name: `no ${cap.name}`,
    ok: !cap.ok,
    root: false,
    why: `this process has ${cap.name} (it runs as root): the refusal a normal user meets cannot happen here`,
  }
}

/** The platform lists another process's threads (Linux: /proc; Windows: the NT table; not macOS). */
export const hasThreadList = once(() => {
  const p = hostPlatform()
  return p.info.threads
    ? { name: 'thread list', ok: true, root: false, why: '' }
    : {
        name: 'thread list',
        ok: false,
        root: false,
        why: `${p.info.os} gives ProcLab no thread list of another process (ids, states, CPU) to compare with`,
      }
})
