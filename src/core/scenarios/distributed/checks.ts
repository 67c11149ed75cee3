// The verdicts of `distributed`, pure: given the master's result, the
// processes ProcLab adopted (with their parents as the OS reports them) and,
// in Python mode, where the key was looked for, each check says what was
// measured. Node and Python modes share the keys where the claim is the same.
import { roleMsg } from '../../../shared/roles'
import type { Msg } from '../../../shared/msg'
import type { OutcomeCheck, OutcomeFact, RunOutcome } from '../../../shared/model'
import type {
  DistributedData,
  DistributedLanguage,
  DistributedResult,
  DistributedResultItem as Result,
  QueueSample,
} from '../../../shared/scenarios/distributed'
import { distributedMsg as msg } from '../../../shared/i18n/scenarios/distributed'

export const LOOPBACK = '127.0.0.1'

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address)
}

export interface AdoptedProcess {
  readonly pid: number
  readonly role: string
  /** Its parent as the OS reported it at adoption, when the platform tells. */
  readonly osPpid?: number
  /** Its parent as the reporting process said. */
  readonly ppid: number
}

/** Where the key was looked for, and found (Python mode). */
export interface KeyScan {
  /** The master told ProcLab its key (else there was nothing to look for). */
  readonly keyKnown: boolean
  /** Lines of output of every process of the run. */
  readonly lines: number
  readonly inOutput: number
  /** Command lines read from the OS (null where it cannot tell). */
  readonly argvRead: number | null
  readonly inArgv: number
}

export interface DistributedInput {
  readonly language: DistributedLanguage
  readonly masterPid: number
  /** Workers the master started. */
  readonly workers: number
  readonly tasks: number
  /** Python: where the master put the tasks (the tutorial's pitfall is 'original'). */
  readonly putInto?: 'proxy' | 'original'
  readonly bind: string
  readonly allowRemote: boolean
  readonly result: DistributedResult
  readonly adopted: readonly AdoptedProcess[]
  readonly keyScan?: KeyScan
  readonly series: readonly QueueSample[]
}

const parentOf = (a: AdoptedProcess): number => a.osPpid ?? a.ppid

export function distributedOutcome(f: DistributedInput): RunOutcome<DistributedData> {
  const r = f.result
  const { tasks: t, workers: w, masterPid } = f
  const python = f.language === 'python'

  // Each task answered exactly once, with the right square.
  const byId = new Map<number, Result[]>()
  for (const res of r.results) byId.set(res.id, [...(byId.get(res.id) ?? []), res])
  const correct = r.tasks.filter((task) => {
    const got = byId.get(task.id) ?? []
    return got.length === 1 && got[0].n === task.n && got[0].square === task.n * task.n
  }).length
  const example = r.results[0]

  const perPid = new Map<number, number>()
  for (const res of r.results) perPid.set(res.pid, (perPid.get(res.pid) ?? 0) + 1)
  const localRole = python ? 'local worker ' : 'worker '
  const locals = f.adopted.filter((a) => a.role.startsWith(localRole))
  const localPids = new Set(r.workers.map((k) => k.pid))
  const underMaster = locals.filter((a) => parentOf(a) === masterPid).length
  const osSaid = locals.every((a) => a.osPpid !== undefined)
  const share: Msg[] = r.workers.map((k) =>
    msg('detail.shareOne', { role: roleMsg(k.role), pid: k.pid, n: perPid.get(k.pid) ?? 0 }),
  )
  const known = r.known ?? []
  const hand = known.filter((k) => k.kind !== 'local')
  const remote = known.filter((k) => k.kind === 'remote')
  const knownPids = new Set([...localPids, ...known.filter((k) => k.greeted).map((k) => k.pid)])
  const strangers = [...perPid.keys()].filter((pid) => !knownPids.has(pid))
  const expectedPids = Math.min(w, t)
  const shareText = msg('detail.share', { list: share.length ? joinMsgs(share) : '—', underMaster, w, masterPid })

  // The tutorial's pitfall: the tasks went into task_master's own queue, which no worker reads.
  const original = python && f.putInto === 'original'
  const o = r.original ?? null
  const checks: OutcomeCheck[] = [
    original
      ? {
          label: msg('check.originalUnseen'),
          ok: o !== null && r.results.length === 0 && o.localQueued === t && o.serverQueued === 0,
          detail: msg('detail.originalUnseen', {
            t,
            local: o?.localQueued ?? '?',
            server: o?.serverQueued ?? '?',
            results: r.results.length,
          }),
        }
      : {
          label: msg('check.allAnswered', { t }),
          ok: correct === t && r.results.length === t && !r.timedOut,
          detail: msg(r.timedOut ? 'detail.allAnsweredTimedOut' : 'detail.allAnswered', {
            correct,
            t,
            collected: r.results.length,
            example: example ? example.text : '—',
          }),
        },
    python
      ? {
          label: msg('check.workersPython'),
          ok: strangers.length === 0 && locals.length === w && underMaster === w,
          detail: msg('detail.workersPython', {
            share: shareText,
            hand: hand.length,
            remote: remote.length,
            handDone: hand.reduce((s, k) => s + (perPid.get(k.pid) ?? 0), 0),
            strangers: strangers.length ? strangers.join(', ') : '—',
            how: msg(osSaid ? 'detail.byOs' : 'detail.byMaster'),
          }),
        }
      : {
          label: msg('check.workersNode', { n: expectedPids }),
          ok: perPid.size === expectedPids && strangers.length === 0 && locals.length === w && underMaster === w,
          detail: msg('detail.workersNode', {
            share: shareText,
            strangers: strangers.length ? strangers.join(', ') : '—',
            how: msg(osSaid ? 'detail.byOs' : 'detail.byMaster'),
          }),
        },
  ]

  // The intruder: the right address, a wrong key.
  let refused = 0
  let servedToRefused = 0
  if (r.intruder) {
    const v = r.intruder.view
    if (python) {
      refused = v.refused ? 1 : 0
      servedToRefused = v.received
      checks.push({
        label: msg('check.wrongKey'),
        ok: !!v.refused && v.received === 0 && r.intruder.exit?.code === 1,
        detail: msg('detail.wrongKeyPython', {
          pid: r.intruder.pid,
          said: msg(v.refused ? 'detail.authError' : 'detail.neverRefused'),
          received: v.received,
          exit: r.intruder.exit?.signal ?? r.intruder.exit?.code ?? '?',
        }),
      })
    } else {
      const refusedConns = r.connections.filter((c) => c.state === 'refused')
      refused = refusedConns.length
      servedToRefused = refusedConns.reduce((s, c) => s + c.served, 0)
      const ignored = refusedConns.reduce((s, c) => s + c.ignored, 0)
      const admitted = r.connections.filter((c) => c.state !== 'refused').length
      checks.push({
        label: msg('check.wrongKey'),
        ok: refused === 1 && servedToRefused === 0 && !!v.refused && v.received === 0 && admitted === w,
        detail: msg('detail.wrongKeyNode', {
          pid: r.intruder.pid,
          said: msg(v.refused ? 'detail.told' : 'detail.neverRefused'),
          received: v.received,
          refused,
          served: servedToRefused,
          ignored,
        }),
      })
    }
  }

  // Where the server listened, by the kernel's own list.
  const listenAt = `${r.address.address}:${r.address.port}`
  const boundOk =
    r.address.address === f.bind &&
    (isLoopback(f.bind) || f.allowRemote) &&
    (r.listeners === null || (r.listeners.length > 0 && r.listeners.every((l) => l === listenAt)))
  checks.push({
    label: msg(isLoopback(f.bind) ? 'check.loopback' : 'check.boundAsAsked', { bind: f.bind }),
    ok: boundOk,
    detail: msg(r.listeners ? 'detail.bound' : 'detail.boundNoProc', {
      at: listenAt,
      kernel: r.listeners?.join(', ') || '—',
      who: msg(python ? 'detail.whoServer' : 'detail.whoMaster'),
    }),
  })

  if (python) {
    // The queues live in the manager's own server process, a child of the master, not in the master.
    const server = f.adopted.find((a) => a.role === 'manager server')
    const serverOk =
      r.serverPid !== undefined &&
      r.serverPid !== masterPid &&
      server !== undefined &&
      server.pid === r.serverPid &&
      parentOf(server) === masterPid &&
      (r.listeners === null || r.listeners.length > 0) &&
      (r.masterListeners === null || r.masterListeners?.length === 0) &&
      r.serverExit?.code === 0
    checks.push({
      label: msg('check.serverProcess'),
      ok: serverOk,
      detail: msg('detail.serverProcess', {
        server: r.serverPid ?? '?',
        parent: server ? parentOf(server) : '?',
        master: masterPid,
        masterListens: r.masterListeners === null ? '?' : r.masterListeners?.join(', ') || msg('detail.nowhere'),
        exit: r.serverExit?.signal ?? r.serverExit?.code ?? '?',
      }),
    })
  }

  const badExits = r.workers.filter((k) => k.exit.code !== 0)
  checks.push({
    label: msg('check.workersExited', { w }),
    ok: badExits.length === 0,
    detail: r.workers.length
      ? joinMsgs(
          r.workers.map((k) =>
            msg(k.exit.signal ? 'detail.exitSignal' : 'detail.exitCode', {
              pid: k.pid,
              code: k.exit.code ?? '?',
              signal: k.exit.signal ?? '',
            }),
          ),
        )
      : msg('detail.noLocalWorkers'),
  })

  if (f.keyScan) {
    const k = f.keyScan
    checks.push({
      label: msg('check.keyHidden'),
      ok: k.keyKnown && k.inOutput === 0 && k.inArgv === 0 && k.lines > 0,
      detail: msg(k.argvRead === null ? 'detail.keyHiddenNoArgv' : 'detail.keyHidden', {
        lines: k.lines,
        inOutput: k.inOutput,
        argv: k.argvRead ?? 0,
        inArgv: k.inArgv,
      }),
    })
  }

  // What ProcLab changed in the tutorial's two programs, and why, is said, not fixed silently.
  const facts: OutcomeFact[] = python
    ? [
        { label: msg('fact.managers') },
        { label: msg('fact.importQueue') },
        { label: msg(original ? 'fact.originalRun' : 'fact.originalPitfall') },
        { label: msg('fact.keyTransport') },
      ]
    : [{ label: msg('fact.nodeProtocol') }]

  const wallMs = r.results.length ? r.collectedAt - r.tasksPutAt : 0
  const maxQueued = f.series.reduce((m, s) => Math.max(m, s.task), 0)
  return {
    summary: msg(python ? 'outcome.python' : 'outcome.node', {
      master: masterPid,
      server: r.serverPid ?? '?',
      at: listenAt,
      w,
      hand: hand.length,
      results: r.results.length,
      t,
      sec: (wallMs / 1000).toFixed(2),
    }),
    checks,
    facts,
    figures: {
      language: f.language,
      masterPid,
      address: r.address.address,
      port: r.address.port,
      workers: w,
      tasks: t,
      results: r.results.length,
      correct,
      workerPids: perPid.size,
      refused,
      servedToRefused,
      intruderPid: r.intruder?.pid ?? null,
      intruderExitCode: r.intruder?.exit?.code ?? null,
      wallMs,
      maxTaskQueue: maxQueued,
      serverPid: r.serverPid ?? null,
      handWorkers: hand.length,
      remoteWorkers: remote.length,
      keyLeaks: f.keyScan ? f.keyScan.inOutput + f.keyScan.inArgv : null,
    },
    data: {
      language: f.language,
      tasks: r.tasks,
      results: r.results,
      connections: r.connections,
      workers: r.workers,
      listeners: r.listeners,
      series: f.series,
      known,
    },
  }
}

/** A list of messages as one: "a, b, c" in either language. */
function joinMsgs(parts: readonly Msg[]): Msg {
  return parts.slice(1).reduce<Msg>((acc, m) => msg('detail.list', { a: acc, b: m }), parts[0])
}
