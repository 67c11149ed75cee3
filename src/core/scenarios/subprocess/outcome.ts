// The verdicts of `subprocess`, from what the probe printed of its own
// arguments and what the program printed and how it ended. Pure:
// test/core/subprocess-checks.test.ts feeds it broken results to see each fail.
import { subprocessMsg as msg } from '../../../shared/i18n/scenarios/subprocess'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { SubprocessData, SubprocessResult } from '../../../shared/scenarios/subprocess'

export const SUBPROCESS_PYTHON_CHECKS = [msg('check.noShell'), msg('check.exitCode')]

export interface SubprocessRun {
  readonly result: SubprocessResult
  readonly program: string
  readonly args: readonly string[]
  readonly stdin: string | undefined
  readonly timeoutMs: number
}

export function subprocessOutcome({
  result: r,
  program,
  args,
  stdin,
  timeoutMs,
}: SubprocessRun): RunOutcome<SubprocessData> {
  const outLines = lines(r.stdout)
  const errLines = lines(r.stderr)
  const received = r.probe.argv === null ? '?' : JSON.stringify(r.probe.argv)
  const extra = r.probe.extra.filter((l) => l.trim() !== '')
  const checks: OutcomeCheck[] = [
    {
      label: msg('check.noShell'),
      ok: r.probe.argv !== null && r.probe.argv.length === 1 && r.probe.argv[0] === r.probe.sent && extra.length === 0,
      detail: msg('detail.noShell', {
        sent: JSON.stringify(r.probe.sent),
        received,
        extra: extra.length ? msg('detail.extra', { lines: extra.join(' / ') }) : '',
      }),
    },
    {
      label: msg('check.exitCode'),
      ok: r.exitCode === 0 && !r.timedOut,
      detail: r.outputCut
        ? msg('detail.cut')
        : r.timedOut
          ? msg('detail.stopped', { timeoutMs })
          : r.exitCode === null
            ? msg('detail.signal', { signal: r.signal ?? '?' })
            : msg('detail.exitCode', { code: r.exitCode }),
    },
  ]
  if (stdin !== undefined && isSort(program) && args.length === 0) {
    const inLines = lines(stdin)
    const sameLines = [...inLines].sort().join('\n') === [...outLines].sort().join('\n')
    checks.push({
      label: msg('check.sorted'),
      ok: sameLines && isOrdered(outLines),
      detail: msg('detail.sorted', {
        in: inLines.length,
        out: outLines.length,
        head: outLines.slice(0, 6).join(', ') + (outLines.length > 6 ? ', ...' : ''),
      }),
    })
  }
  // What call() and communicate() are is told, from what this run did: nothing to judge there.
  const facts: OutcomeFact[] = []
  const c = r.call
  if (c)
    facts.push({
      label: c.missing
        ? msg('fact.callMissing')
        : c.timedOut
          ? msg('fact.callTimedOut', { ms: c.ms })
          : msg('fact.call', { code: c.code ?? '?', ms: c.ms }),
    })
  if (r.language === 'python') facts.push({ label: msg('fact.communicate') })
  const says = { program, pid: r.pid, ms: r.durationMs, out: outLines.length, err: errLines.length, received }
  return {
    summary: r.timedOut
      ? msg('outcome.stopped', says)
      : r.exitCode === null
        ? msg('outcome.killed', { ...says, signal: r.signal ?? '?' })
        : msg('outcome.exited', { ...says, code: r.exitCode }),
    checks,
    facts,
    figures: {
      language: r.language,
      pid: r.pid,
      exitCode: r.exitCode,
      signal: r.signal,
      durationMs: r.durationMs,
      stdinBytes: r.stdinBytes,
      stdoutLines: outLines.length,
      stderrLines: errLines.length,
      timedOut: r.timedOut,
      shell: r.shell,
      probeArgs: received,
    },
    data: { stdout: r.stdout, stderr: r.stderr, argv: r.argv, probe: r.probe },
  }
}

/** The lines of a text, without the empty one after a final newline. */
function lines(text: string): string[] {
  return text ? text.replace(/\r?\n$/, '').split(/\r?\n/) : []
}

function isSort(program: string): boolean {
  return /(^|[\\/])sort(\.exe)?$/i.test(program)
}

/** In order by byte value (LC_ALL=C) or by the locale's collation: sort follows one of the two. */
function isOrdered(lines: string[]): boolean {
  const asIs = lines.join('\n')
  return [...lines].sort().join('\n') === asIs || [...lines].sort((a, b) => a.localeCompare(b)).join('\n') === asIs
}
