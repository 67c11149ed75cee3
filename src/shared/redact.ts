// Secrets that ride on command lines: `curl ...?token=...` (the web host's
// own token among them), `--token X`, `Authorization: Bearer X`, a password
// in a URL. Any user may read a process's command line while it runs, but a
// recording, a report or an export keeps it after the process is gone and
// travels further (mail, an issue), so what ProcLab stores or exports of a
// command line has such values replaced. Pure: the core and the dashboard use it.
import type { ProcessInfo, Snapshot } from './model'

export const REDACTED = '[redacted]'

// A parameter or option whose name ends in one of these words: token, access_token, X-Auth-Token, --api-key…
const NAME = String.raw`[\w.-]*(?:token|secret|password|passwd|authkey|api[_-]?key|bearer)`
/** name=value in a query string, an option (--token=X) or an environment assignment (TOKEN=X). */
const ASSIGNED = new RegExp(String.raw`(^|[\s?&;"'])(${NAME})=([^\s&;"'#]+)`, 'gi')
/** --token VALUE, -token VALUE: an option whose value is the next word. */
const OPTION = new RegExp(String.raw`(^|\s)(--?${NAME})(\s+)(?!-)([^\s"']+)`, 'gi')
/** An Authorization header's credentials (only after "Authorization:": `--password-store=basic --x` is no credential). */
const AUTH = /(Authorization:\s*(?:Bearer|Basic|Token)\s+)[^\s'"]+/gi
/** user:password@ in a URL. */
const USERINFO = /(\/\/[^\s/:@]+):([^\s/@]+)@/g

/** The command line with secret values replaced by [redacted]; the same string when there is none. */
export function redactCommandLine(cmd: string): string {
  // Cheap test first: most command lines name none of these.
  if (!/token|secret|passw|authkey|api[_-]?key|bearer|authorization|:\/\/[^\s/]*@/i.test(cmd)) return cmd
  return cmd
    .replace(ASSIGNED, (_m, pre: string, name: string) => `${pre}${name}=${REDACTED}`)
    .replace(OPTION, (_m, pre: string, name: string, gap: string) => `${pre}${name}${gap}${REDACTED}`)
    .replace(AUTH, (_m, header: string) => `${header}${REDACTED}`)
    .replace(USERINFO, (_m, user: string) => `${user}:${REDACTED}@`)
}

/** A process with its command line redacted (the same object when nothing changed). */
export function redactProcess<P extends Pick<ProcessInfo, 'cmd'>>(p: P): P {
  if (p.cmd === undefined) return p
  const cmd = redactCommandLine(p.cmd)
  return cmd === p.cmd ? p : { ...p, cmd }
}

/** A snapshot whose command lines are redacted, the selected process's too (the same object when nothing changed). */
export function redactSnapshot(s: Snapshot): Snapshot {
  let changed = false
  const processes = s.processes.map((p) => {
    const r = redactProcess(p)
    if (r !== p) changed = true
    return r
  })
  const selected = s.selected ? redactProcess(s.selected) : undefined
  if (!changed && selected === s.selected) return s
  return { ...s, processes, ...(selected ? { selected } : {}) }
}

/** A run's options with every text (or list of texts) redacted as a command line: the subprocess scenario's command and arguments are one. */
export function redactOptions(options: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  let changed = false
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(options)) {
    const r =
      typeof v === 'string'
        ? redactCommandLine(v)
        : Array.isArray(v) && v.every((x) => typeof x === 'string')
          ? redactArgv(v)
          : v
    if (r !== v) changed = true
    out[k] = r
  }
  return changed ? out : options
}

/** An argument list: each word on its own, and a word after a secret-named option (`--token`, `X`) too. */
function redactArgv(argv: readonly string[]): readonly string[] {
  const joined = redactCommandLine(argv.join('\n'))
  if (joined === argv.join('\n')) return argv
  const words = argv.map((a) => redactCommandLine(a))
  for (let i = 1; i < words.length; i++) if (new RegExp(`^--?${NAME}$`, 'i').test(argv[i - 1])) words[i] = REDACTED
  return words
}
