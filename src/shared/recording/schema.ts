// The shape of each line of a recording, checked as it is read: a recording
// may come from anyone (a download, a mail), and its values end up in the
// dashboard and in HTML reports. A field the views and reports use as a
// number (pid, ppid, tid, times) must be one, a text must be text; a line
// that breaks this refuses the whole file, naming the line and the field.
// Objects are loose: fields this version does not know are kept, so newer
// minor additions still replay.
import { z } from 'zod'

const num = z.number()
const int = z.number().int()
const text = z.string()

const msg: z.ZodType<unknown> = z.lazy(() =>
  z.looseObject({ key: text, params: z.record(z.string(), z.union([text, num, msg])).optional() }),
)
const msgOrText = z.union([text, msg])

const processInfo = z.looseObject({
  pid: int,
  ppid: int,
  name: text,
  cmd: text.optional(),
  cpu: num,
  memory: num,
  threads: num.optional(),
  uid: int.optional(),
  user: text.optional(),
  state: text.optional(),
  nice: num.optional(),
  startedAt: num.optional(),
  runId: text.optional(),
  role: text.optional(),
})

const thread = z.looseObject({ pid: int, tid: int, name: text, state: msgOrText })

const check = z.looseObject({ label: msgOrText, ok: z.boolean().nullable(), detail: msgOrText.optional() })

const outcome = z.looseObject({
  summary: msgOrText,
  checks: z.array(check),
  facts: z.array(z.looseObject({ label: msgOrText, detail: msgOrText.optional() })).optional(),
  figures: z.record(z.string(), z.union([num, text, z.boolean(), z.null()])),
})

const exitInfo = z.looseObject({
  pid: int,
  code: int.nullish(),
  signal: text.nullish(),
  reason: text.optional(),
  startedAt: num.optional(),
  endedAt: num.optional(),
})

const runInfo = z.looseObject({
  runId: text,
  scenarioId: text,
  title: text,
  status: text,
  startedAt: num,
  endedAt: num.optional(),
  options: z.record(z.string(), z.unknown()),
  hostPid: int.optional(),
  pids: z.array(int),
  error: text.optional(),
  errorMsg: msg.optional(),
  outcome: outcome.optional(),
  // A thread run's table is drawn in the report: its ids must be numbers.
  live: z.looseObject({ threads: z.array(thread).optional() }).nullish(),
})

const runSummary = z.looseObject({ runId: text, scenarioId: text, status: text, pids: z.array(int) })

export const snapshotSchema = z.looseObject({
  takenAt: num,
  seq: num,
  processes: z.array(processInfo),
  runs: z.array(runSummary).optional(),
  selfPid: int.optional(),
  selected: z.looseObject({ pid: int }).optional(),
})

const runBound = { runId: text.optional(), role: text.optional() }
export const eventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('spawn'), at: num, pid: int, ppid: int, name: text, ...runBound }),
  z.looseObject({ type: z.literal('exit'), at: num, exit: exitInfo, ...runBound }),
  z.looseObject({ type: z.literal('output'), at: num, pid: int, stream: text, text, ...runBound }),
  z.looseObject({ type: z.literal('run'), at: num, run: runInfo }),
  z.looseObject({ type: z.literal('restart'), at: num, oldPid: int, attempt: num, delayMs: num, ...runBound }),
  z.looseObject({ type: z.literal('signal'), at: num, pid: int, signal: text }),
  z.looseObject({ type: z.literal('log'), at: num, level: text, text: msgOrText, runId: text.optional() }),
])

export const lineSchema = z.discriminatedUnion('k', [
  z.looseObject({ k: z.literal('snap'), s: snapshotSchema }),
  z.looseObject({
    k: z.literal('delta'),
    at: num,
    set: z.looseObject({ takenAt: num.optional(), seq: num.optional(), runs: z.array(runSummary).optional() }),
    unsel: z.literal(true).optional(),
    up: z.array(processInfo),
    rm: z.array(int),
  }),
  z.looseObject({ k: z.literal('event'), e: eventSchema }),
  z.looseObject({ k: z.literal('end'), at: num, reason: z.enum(['stopped', 'limit']) }),
])

export const headerSchema = z.looseObject({
  startedAt: num,
  platform: text,
  scenarios: z.array(z.looseObject({ id: text })).optional(),
})

/** Where a value broke the shape, for the message: `run.pids.0: expected number, received string`. */
export function firstIssue(err: z.ZodError): string {
  const i = err.issues[0]
  return `${i.path.length ? i.path.join('.') : 'the line'}: ${i.message}`
}
