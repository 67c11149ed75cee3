// Request schemas: every call from a renderer is parsed against these before the
// core acts. Objects are strict, so an unknown field is an error, not ignored.
import { z } from 'zod'
import type { InvokeName } from './channels'
import { SIGNALS } from './model'
import { TIMELINE_MAX_SECONDS } from './thread-timeline'
import { COLUMN_IDS, LANGUAGES, SETTINGS_INTERVALS_MS, SETTINGS_VERSION, THEMES } from './settings'

// Linux's pid_max tops out at 2^22; anything above cannot be a process.
export const PID_MAX = 4_194_304

const pid = z
  .number({ error: 'pid must be a number' })
  .int('pid must be an integer')
  .min(1, 'pid must be a positive integer')
  .max(PID_MAX, `pid must be at most ${PID_MAX}`)

const id = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9-]+$/, 'ids are lowercase letters, digits and dashes')

/**
 * Keys that name an object's prototype machinery. JSON.parse (and structured
 * clone) keep an own "__proto__" key, but copying it into a new object sets the
 * prototype instead, so it would vanish silently and the run start with defaults.
 */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype']

// Zod's record skips an own "__proto__" key without a word, so it is checked on the raw input first.
const noPrototypeKeys = z.custom<unknown>(
  (v) => typeof v !== 'object' || v === null || !PROTOTYPE_KEYS.some((k) => Object.hasOwn(v, k)),
  'option keys __proto__, constructor and prototype are not allowed',
)

const options = noPrototypeKeys.pipe(z.record(z.string().max(64), z.unknown())).optional()

export const MIN_INTERVAL_MS = 250
export const MAX_INTERVAL_MS = 10_000
export const MAX_JOIN_MS = 10 * 60_000

export const requestSchemas = {
  getSnapshot: z.tuple([]),
  getPlatform: z.tuple([]),
  setSampling: z.tuple([
    z
      .object({
        intervalMs: z
          .number()
          .int()
          .min(MIN_INTERVAL_MS, `intervalMs must be at least ${MIN_INTERVAL_MS}`)
          .max(MAX_INTERVAL_MS, `intervalMs must be at most ${MAX_INTERVAL_MS}`)
          .optional(),
      })
      .strict(),
  ]),
  selectProcess: z.tuple([pid.nullable()]),
  getProcess: z.tuple([pid]),
  listScenarios: z.tuple([]),
  listRuns: z.tuple([]),
  getRunRecord: z.tuple([id]),
  getScenarioSource: z.tuple([id]),
  startScenario: z.tuple([id, options]),
  stopScenario: z.tuple([id]),
  scenarioAction: z.tuple([id, id, options]),
  kill: z.tuple([pid, z.enum(SIGNALS, { error: `signal must be one of ${SIGNALS.join(', ')}` }).optional()]),
  join: z.tuple([pid, z.number().int().min(0).max(MAX_JOIN_MS, `timeoutMs must be at most ${MAX_JOIN_MS}`).optional()]),
  inspectProcess: z.tuple([pid]),
  getThreadTimeline: z.tuple([
    pid,
    z
      .number({ error: 'seconds must be a number' })
      .min(1, 'seconds must be at least 1')
      .max(TIMELINE_MAX_SECONDS, `seconds must be at most ${TIMELINE_MAX_SECONDS}`)
      .optional(),
  ]),
  setPriority: z.tuple([
    pid,
    z
      .number({ error: 'nice must be a number' })
      .int('nice must be an integer')
      .min(-20, 'nice must be at least -20')
      .max(19, 'nice must be at most 19'),
  ]),
  loadSettings: z.tuple([]),
  saveSettings: z.tuple([
    z
      .object({
        version: z.literal(SETTINGS_VERSION),
        intervalMs: z.union(SETTINGS_INTERVALS_MS.map((ms) => z.literal(ms))),
        theme: z.enum(THEMES),
        language: z.enum(LANGUAGES),
        columns: z.array(z.enum(COLUMN_IDS)).max(COLUMN_IDS.length),
      })
      .strict(),
  ]),
  startRecording: z.tuple([]),
  stopRecording: z.tuple([]),
  getRecording: z.tuple([]),
  getRecordingFile: z.tuple([z.enum(['last', 'replay'])]),
} satisfies Record<InvokeName, z.ZodType>

/** Human-readable first problem of a failed parse. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? `argument ${i.path.join('.')}: ` : ''
      return where + i.message
    })
    .join('; ')
}
