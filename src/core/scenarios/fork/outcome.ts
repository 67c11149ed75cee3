// The verdicts of `fork`, from what the parent and the child reported and
// what the OS said of the child's parent. Pure: test/core/fork-checks.test.ts
// feeds it broken results to see each check fail.
import type { ExitStatus } from '../../../shared/child-protocol'
import { forkMsg } from '../../../shared/i18n/scenarios/fork'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { ForkResult } from '../../../shared/scenarios/fork'

/** Every check's label, in order (for a Python mode that could not run). */
export const FORK_PYTHON_CHECKS = [
  forkMsg('check.childUnderParent'),
  forkMsg('check.ownPids'),
  forkMsg('check.copied'),
  forkMsg('check.separate'),
  forkMsg('check.cheap'),
  forkMsg('check.cleanExit'),
]

const oneDecimal = (ms: number | undefined | null): number | null =>
  ms === undefined || ms === null ? null : Math.round(ms * 10) / 10
const shown = (v: number | string | null | undefined): string | number => v ?? '?'

export interface ForkRun {
  readonly parentPid: number
  readonly parentExit: Pick<ExitStatus, 'code' | 'signal'>
  readonly result: ForkResult
  /** The child's parent according to the OS at adoption, where the platform tells. */
  readonly osPpid?: number
  /** The system the run ran on (the Lab's platform), named in the outcome where there is no fork. */
  readonly platform: string
}

export function forkOutcome({ parentPid, parentExit, result: r, osPpid, platform }: ForkRun): RunOutcome<never> {
  if (!r.forkAvailable) {
    return {
      summary: forkMsg('outcome.noFork', { platform }),
      checks: FORK_PYTHON_CHECKS.map((label) => ({ label, ok: null, detail: forkMsg('detail.noFork') })),
      figures: { language: r.language, parentPid, parentMarker: r.parentMarker },
    }
  }
  const python = r.language === 'python'
  const hello = r.hello ?? undefined
  // The OS's word where the platform gives it; else what the child said of itself.
  const childPpid = osPpid ?? hello?.ppid
  const checks: OutcomeCheck[] = [
    {
      label: forkMsg('check.childUnderParent'),
      ok: childPpid === parentPid,
      detail: forkMsg('detail.childUnderParent', {
        child: shown(r.childPid),
        ppid: shown(childPpid),
        source: forkMsg(osPpid !== undefined ? 'detail.byOs' : 'detail.bySelf'),
        parent: parentPid,
      }),
    },
    {
      label: forkMsg('check.ownPids'),
      ok: hello !== undefined && hello.pid === r.childPid && hello.ppid === parentPid && r.parentPid === parentPid,
      detail: forkMsg('detail.ownPids', { parent: r.parentPid, child: shown(hello?.pid), ppid: shown(hello?.ppid) }),
    },
  ]
  const facts: OutcomeFact[] = []
  if (python) {
    const fresh = r.fresh ?? undefined
    // The child speaks only from inside `if pid == 0`: what fork() returned is told, not judged.
    facts.push({
      label: forkMsg('fact.forkReturns'),
      detail: forkMsg('detail.forkReturnsZero', {
        inChild: shown(hello?.forkReturned),
        inParentPid: shown(r.childPid),
        child: shown(hello?.pid),
      }),
    })
    checks.push(
      {
        label: forkMsg('check.copied'),
        ok: hello !== undefined && hello.marker === r.parentMarker,
        detail: forkMsg('detail.copied', { parent: r.parentMarker, child: shown(hello?.marker) }),
      },
      {
        label: forkMsg('check.separate'),
        ok: r.valueBefore !== undefined && hello?.value === r.valueBefore + 1 && r.parentValueAfter === r.valueBefore,
        detail: forkMsg('detail.separate', {
          before: shown(r.valueBefore),
          child: shown(hello?.value),
          parent: shown(r.parentValueAfter),
        }),
      },
      {
        label: forkMsg('check.cheap'),
        ok: hello !== undefined && fresh !== undefined && hello.afterMs < fresh.afterMs,
        detail: forkMsg('detail.cheap', {
          fork: shown(oneDecimal(hello?.afterMs)),
          fresh: shown(oneDecimal(fresh?.afterMs)),
        }),
      },
    )
  } else {
    facts.push({
      label: forkMsg('fact.nothingCopied'),
      detail: forkMsg('fact.nothingCopiedDetail', { parent: r.parentMarker, child: shown(hello?.marker) }),
    })
  }
  checks.push({
    label: forkMsg('check.cleanExit'),
    ok: r.childExit?.code === 0 && parentExit.code === 0,
    detail: forkMsg('detail.cleanExit', {
      child: shown(r.childExit?.code ?? r.childExit?.signal),
      parent: shown(parentExit.code ?? parentExit.signal),
    }),
  })

  const startMs = oneDecimal(hello?.afterMs)
  // Node's child IS a fresh interpreter: the same figure under both keys, so both modes line up.
  const freshMs = python ? oneDecimal(r.fresh?.afterMs) : startMs
  const ids = { parent: parentPid, child: shown(r.childPid) }
  const summary =
    startMs === null
      ? forkMsg('outcome.silent', ids)
      : python
        ? forkMsg('outcome.python', {
            ...ids,
            marker: shown(hello?.marker),
            forkMs: startMs,
            freshMs: shown(freshMs),
            ratio: freshMs !== null && startMs > 0 ? Math.round(freshMs / startMs) : '?',
          })
        : forkMsg('outcome.node', { ...ids, startMs })
  return {
    summary,
    checks,
    facts,
    figures: {
      language: r.language,
      parentPid,
      childPid: r.childPid ?? null,
      childPpid: childPpid ?? null,
      childStartMs: startMs,
      freshInterpreterMs: freshMs,
      parentMarker: r.parentMarker,
      childMarker: hello?.marker ?? null,
      childExitCode: r.childExit?.code ?? null,
    },
  }
}
