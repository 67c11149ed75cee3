// Verdicts about cores on a shared machine. A check such as "2 processes use 2
// cores" or "as many as cores do the work twice as fast" needs the cores to be
// free; when other programs took them over the same window, the run could not
// show the claim either way, and a ✗ would teach the learner that the tutorial
// is wrong. So every such check measures what the rest of the machine used
// (all cores' busy time minus the run's own CPU, both by the OS's count) and,
// when too little was left, says "not measurable" with the figure, never ✗.
// Used by spin, switch-cost and cpu-vs-io (test/core/busy.test.ts and their
// *-checks tests).
import { coreMsg } from '../../shared/i18n/core'
import type { MachineWindow } from '../../shared/machine-window'
import type { OutcomeCheck } from '../../shared/model'

/**
 * A claim that needs k cores is judged when at least 80 % of k cores were left
 * by other programs: the same share spin has always accepted as "filled the
 * cores" (the OS and the measuring itself take a little).
 */
export const ROOM_SHARE = 0.8

/** What other processes used over the window, % of one core; null when the run's own share is unknown. */
export function othersUsed(w: MachineWindow | null | undefined): number | null {
  if (!w || w.ours === null) return null
  return Math.max(0, w.machine - w.ours)
}

/**
 * When other processes left less than `need` cores (of `cores`) over the
 * window: the share of the whole machine they used, in %, for the message.
 * Null when the run had room, or when the window was not measured (then the
 * check stands on its own figures, as before).
 */
export function crowdedBy(w: MachineWindow | null | undefined, cores: number, need: number, spare = 0): number | null {
  const others = othersUsed(w)
  if (others === null || cores <= 0) return null
  const room = cores * 100 - others
  return room < Math.min(need, cores) * 100 * ROOM_SHARE + spare ? Math.round(others / cores) : null
}

/**
 * A ✗ needs room to spare, % of one core: with others leaving just about what
 * the claim needs, the line is crossed or not by what they took as much as by
 * what the run did (seen: 2 threads at 159.8 % against a line of 160 %, others
 * having left 160.4 %, an e2e browser drawing beside them).
 */
export const FAIL_SPARE = 10

/** A window and how many cores the claim needed in it. */
export interface Needs {
  readonly window: MachineWindow | null | undefined
  readonly cores: number
}

/**
 * The check as measured, unless other processes took the cores in any of the
 * windows it compares: then "not measurable: other processes used X% of the
 * machine", with the measured figures kept. A crowded window makes the check
 * unmeasurable whichever way it came out, because a busy machine can fake a
 * pass as well as a failure (a slow "before" inflates a speed-up; a slow
 * "after" fakes a drop).
 */
export function judgeOnFreeCores(check: OutcomeCheck, cores: number, needs: readonly Needs[]): OutcomeCheck {
  if (check.ok === null) return check
  const spare = check.ok === false ? FAIL_SPARE : 0
  const crowded = needs.map((n) => crowdedBy(n.window, cores, n.cores, spare)).filter((x): x is number => x !== null)
  if (!crowded.length) return check
  const others = Math.max(...crowded)
  return {
    ...check,
    ok: null,
    detail: check.detail
      ? coreMsg('busy.crowded', { others, measured: check.detail })
      : coreMsg('busy.crowdedOnly', { others }),
  }
}

/**
 * With all cores busy, each must still do at least 75 % of the work per CPU
 * second that one did alone. Below that the "cores" share hardware the OS
 * cannot see — two hyperthreads of one core, or a virtual machine's vCPUs
 * that its host runs on fewer real cores (this project's CI machines do:
 * measured one alone at 35 M steps per CPU second, two together at 20 each)
 * — and every OS counter still says two cores were busy, so the other
 * checks cannot tell it from a run the tutorial would call wrong.
 */
export const CORE_SPEED_SHARE = 0.75

/**
 * The check as measured, unless the cores ran slower together than one did
 * alone (work per CPU second, `alone` and `together` in any one unit): then
 * "not measurable" with the share, the measured figures kept. Unchanged when
 * either speed is unknown or the check was not judged.
 */
export function judgeOnWholeCores(check: OutcomeCheck, alone: number | null, together: number | null): OutcomeCheck {
  if (check.ok === null || alone === null || together === null || alone <= 0) return check
  const share = together / alone
  if (share >= CORE_SPEED_SHARE) return check
  const pct = Math.round(share * 100)
  return {
    ...check,
    ok: null,
    detail: check.detail
      ? coreMsg('busy.sharedCores', { pct, measured: check.detail })
      : coreMsg('busy.sharedCoresOnly', { pct }),
  }
}

/** As many tasks as cores kept fewer than 90 % of the cores busy: one finished early. */
const UNEVEN_SHARE = 0.9

/**
 * A speed-up check that failed although the OS ran the tasks at once (they
 * kept `minBusy` cores or more busy): the cores were slower together than one
 * alone, beneath what the OS sees (hyperthreads, a virtual machine's host),
 * so "not measurable", never ✗. A failure with the cores not busy stands.
 */
export function ranAtOnce(check: OutcomeCheck, busy: number | null, minBusy: number): OutcomeCheck {
  if (check.ok !== false || busy === null || busy < minBusy) return check
  return { ...check, ok: null, detail: coreMsg('busy.slowTogether', { busy, measured: check.detail! }) }
}

/**
 * Past the cores, more tasks did better than as many as cores only because at
 * the cores one finished early and its core stood idle (`busy` of `cores`):
 * cores of unequal speed beneath the OS. "Not measurable", never ✗.
 */
export function unevenAtCores(check: OutcomeCheck, busy: number | null, cores: number): OutcomeCheck {
  if (check.ok !== false || busy === null || busy >= cores * UNEVEN_SHARE) return check
  return { ...check, ok: null, detail: coreMsg('busy.unevenCores', { busy, cores, measured: check.detail! }) }
}
