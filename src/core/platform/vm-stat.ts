// macOS: os.freemem() reports only "Pages free", which the kernel keeps near
// zero by caching files in the rest, so the memory bar would read nearly full
// on every Mac. What programs can still get is free + inactive (clean, cached
// pages the kernel drops on demand) + speculative + purgeable, as vm_stat
// counts them; this is the figure Activity Monitor's "Memory Used" leaves out.

export interface VmStat {
  readonly pageSize: number
  readonly pages: ReadonlyMap<string, number>
}

/** Parses `vm_stat` output: a header with the page size, then "Pages free:   12345." lines. */
export function parseVmStat(text: string): VmStat | null {
  const size = /page size of (\d+) bytes/.exec(text)
  if (!size) return null
  const pages = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m = /^(.+?):\s+(\d+)\.?\s*$/.exec(line.trim())
    if (m) pages.set(m[1].replace(/^"|"$/g, '').toLowerCase(), Number(m[2]))
  }
  return { pageSize: Number(size[1]), pages }
}

/** Bytes available to programs, or null if the output lacks the counts. */
export function availableFromVmStat(v: VmStat): number | null {
  const free = v.pages.get('pages free')
  const inactive = v.pages.get('pages inactive')
  if (free === undefined || inactive === undefined) return null
  const spec = v.pages.get('pages speculative') ?? 0
  const purgeable = v.pages.get('pages purgeable') ?? 0
  return (free + inactive + spec + purgeable) * v.pageSize
}
