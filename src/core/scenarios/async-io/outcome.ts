// async-io's outcome from what the run measured: a pure function, so a test can
// feed it a broken result and see each check fail (test/core/async-io-checks.test.ts).
import { asyncIoMsg } from '../../../shared/i18n/scenarios/async-io'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type { AsyncIoResult, ServeVariant } from '../../../shared/scenarios/async-io'
import type { ThreadOutcomeData } from '../../../shared/thread-lab'
import { joinMsgs } from '../msg-list'

const MB = 1024 * 1024
/** An event-loop connection must cost at most half of what a thread per connection costs (measured: ~5 KB vs ~27 KB in Python). */
const CHEAPER = 2

export const perConn = (v: ServeVariant): number => Math.max(0, v.rss - v.rssBefore) / Math.max(1, v.connections)
const kb = (bytes: number): number => Math.round(bytes / 102.4) / 10

export function asyncIoChecks(vs: readonly ServeVariant[]): OutcomeCheck[] {
  const ev = vs.find((v) => v.id === 'event-loop')
  const th = vs.find((v) => v.id === 'thread-per-connection')
  const checks: OutcomeCheck[] = vs.map((v) => ({
    label: asyncIoMsg('check.held', { server: asyncIoMsg(`server.${v.server}`), count: v.connections }),
    ok: v.held === v.connections && v.errors === 0,
    detail: asyncIoMsg('detail.held', {
      held: v.held,
      roundTrips: v.roundTrips,
      p50: v.p50,
      p99: v.p99,
      errors: v.errors,
    }),
  }))
  if (ev) {
    const label = asyncIoMsg('check.noThreadAdded', { count: ev.connections })
    checks.push(
      ev.threads === null || ev.threadsBefore === null
        ? { label, ok: null, detail: asyncIoMsg('detail.notMeasurable') }
        : {
            label,
            ok: ev.threads <= ev.threadsBefore,
            detail: asyncIoMsg('detail.noThreadAdded', { before: ev.threadsBefore, during: ev.threads }),
          },
    )
  }
  const pc = vs.find((v) => v.id === 'process-per-core')
  if (pc) {
    const ws = pc.workers ?? []
    const label = asyncIoMsg('check.perCore')
    const measured = ws.length > 0 && ws.every((w) => w.threads !== null && w.threadsBefore !== null)
    const list = ws.map((w) =>
      asyncIoMsg('detail.perCoreOne', { pid: w.pid, held: w.held, threads: w.threads ?? '?', cpu: w.cpu }),
    )
    checks.push(
      !measured
        ? { label, ok: null, detail: asyncIoMsg('detail.notMeasurable') }
        : {
            label,
            // Every worker kept to the thread it started with (one), and between them they held every connection.
            ok: ws.every((w) => w.threads! <= w.threadsBefore! && w.threads === 1) && pc.held === pc.connections,
            detail: asyncIoMsg('detail.perCore', {
              n: ws.length,
              list: list.length ? joinMsgs(list, asyncIoMsg('outcome.list')) : '—',
            }),
          },
    )
  }
  if (ev && th) {
    checks.push({
      label: asyncIoMsg('check.cheaper'),
      ok: perConn(ev) * CHEAPER < perConn(th),
      detail: asyncIoMsg('detail.cheaper', { loop: kb(perConn(ev)), thread: kb(perConn(th)) }),
    })
  }
  return checks
}

export function asyncIoOutcome(
  r: AsyncIoResult | undefined,
  threads: ThreadOutcomeData['threads'],
): RunOutcome<ThreadOutcomeData> {
  const vs = r?.variants ?? []
  const facts: OutcomeFact[] = [{ label: asyncIoMsg('fact.perConnection') }]
  if (vs.some((v) => v.server === 'node-workers')) facts.push({ label: asyncIoMsg('fact.workers') })
  const perCore = vs.find((v) => v.id === 'process-per-core')
  if (perCore) facts.push({ label: asyncIoMsg('fact.nginx', { n: perCore.workers?.length ?? '?' }) })
  // The thread list holds the threads that name themselves; the server's unnamed ones are the OS's count.
  const perThread = vs.find((v) => v.id === 'thread-per-connection')
  const listed = threads?.length ?? 0
  if (perThread?.threads != null && perThread.threads > listed)
    facts.push({ label: asyncIoMsg('fact.threadList', { listed, threads: perThread.threads }) })
  const said = vs.map((v) =>
    asyncIoMsg('outcome.variant', {
      server: asyncIoMsg(`server.${v.server}`),
      held: v.held,
      count: v.connections,
      threads: v.threads ?? '?',
      mb: Math.round((v.rss - v.rssBefore) / MB),
      kb: kb(perConn(v)),
      cpu: v.cpu,
    }),
  )
  return {
    summary: vs.length
      ? asyncIoMsg('outcome.summary', { variants: joinMsgs(said, asyncIoMsg('outcome.list')) })
      : asyncIoMsg('outcome.stopped'),
    checks: asyncIoChecks(vs),
    facts,
    figures: Object.fromEntries([
      ['language', r?.language ?? null],
      ...vs.flatMap((v) => [
        [`${v.id}.held`, v.held],
        [`${v.id}.threads`, v.threads],
        [`${v.id}.threadsBefore`, v.threadsBefore],
        [`${v.id}.kbPerConnection`, kb(perConn(v))],
        [`${v.id}.cpu`, v.cpu],
        [`${v.id}.p50`, v.p50],
      ]),
    ]),
    data: {
      threads,
      table: {
        columns: [
          asyncIoMsg('table.server'),
          asyncIoMsg('table.connections'),
          asyncIoMsg('table.held'),
          asyncIoMsg('table.threads'),
          asyncIoMsg('table.memory'),
          asyncIoMsg('table.perConnection'),
          asyncIoMsg('table.cpu'),
          asyncIoMsg('table.rtt'),
        ],
        rows: vs.map((v) => [
          asyncIoMsg(`server.${v.server}`),
          v.connections,
          v.held,
          asyncIoMsg('table.threadsChange', { before: v.threadsBefore ?? '?', during: v.threads ?? '?' }),
          Math.round(v.rss / MB),
          kb(perConn(v)),
          v.cpu,
          v.p50,
        ]),
      },
    },
  }
}
