// OpenMetrics / Prometheus text for the web host (--metrics). Machine-wide
// series always; per-process series only for processes matching the user's
// filter, and never more of them than a hard cap, so a scrape can never grow
// an unbounded label set. prom-client does the exposition format.
import http from 'node:http'
import { Gauge, Registry, openMetricsContentType, type RegistryContentType } from 'prom-client'
import type { ProcessInfo, Snapshot } from '../../shared/model'

/** The most processes a scrape may carry, whatever the user asks for. */
export const METRICS_HARD_CAP = 500
export const METRICS_DEFAULT_CAP = 50

export interface MetricsOptions {
  /** Processes whose name or command line matches get their own series. None when absent. */
  filter?: RegExp
  /** How many matching processes get series (the busiest first); at most METRICS_HARD_CAP. */
  maxProcesses?: number
}

export interface SnapshotSource {
  on(e: 'snapshot', cb: (s: Snapshot) => void): unknown
  off(e: 'snapshot', cb: (s: Snapshot) => void): unknown
}

export class LabMetrics {
  readonly registry = new Registry<RegistryContentType>()
  private latest: Snapshot | undefined
  private readonly cap: number

  constructor(
    private readonly source: SnapshotSource,
    private readonly opts: MetricsOptions = {},
  ) {
    this.cap = Math.max(0, Math.min(opts.maxProcesses ?? METRICS_DEFAULT_CAP, METRICS_HARD_CAP))
    source.on('snapshot', this.onSnapshot)
    const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, s: Snapshot) => void): void => {
      // Each scrape starts from nothing: a process gone since the last one leaves no stale series.
      const g: Gauge = new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        collect: () => {
          g.reset()
          if (this.latest) fill(g, this.latest)
        },
      })
    }
    gauge(
      'proclab_cpu_core_percent',
      'Load of one logical CPU over the last sampling interval (0-100)',
      ['core'],
      (g, s) => {
        for (const c of s.cpus) g.set({ core: String(c.id) }, c.percent)
      },
    )
    gauge('proclab_cpu_machine_percent', 'Machine load: mean of all cores (100 = every core busy)', [], (g, s) =>
      g.set(s.cpuTotal),
    )
    gauge('proclab_memory_total_bytes', 'Physical memory', [], (g, s) => g.set(s.memory.total))
    gauge('proclab_memory_used_bytes', 'Physical memory in use', [], (g, s) => g.set(s.memory.used))
    gauge('proclab_processes', 'Processes on the machine', [], (g, s) => g.set(s.processes.length))
    gauge(
      'proclab_process_filter_matches',
      'Processes matching the metrics filter (series are exported for at most the cap)',
      [],
      (g, s) => g.set(this.matching(s).length),
    )
    const perProcess = (name: string, help: string, value: (p: ProcessInfo) => number | undefined): void =>
      gauge(name, help, ['pid', 'name'], (g, s) => {
        for (const p of this.exported(s)) {
          const v = value(p)
          if (v !== undefined) g.set({ pid: String(p.pid), name: p.name }, v)
        }
      })
    perProcess(
      'proclab_process_cpu_percent',
      'CPU of a process, percent of ONE core (a busy thread reads about 100)',
      (p) => p.cpu,
    )
    perProcess('proclab_process_memory_bytes', 'Resident memory of a process', (p) => p.memory)
    perProcess('proclab_process_threads', 'Threads of a process', (p) => p.threads)
  }

  private readonly onSnapshot = (s: Snapshot): void => {
    this.latest = s
  }

  private matching(s: Snapshot): ProcessInfo[] {
    const f = this.opts.filter
    if (!f) return []
    return s.processes.filter((p) => f.test(p.name) || (p.cmd !== undefined && f.test(p.cmd)))
  }

  /** The busiest matching processes, at most the cap. */
  private exported(s: Snapshot): ProcessInfo[] {
    if (!this.cap) return []
    return this.matching(s)
      .sort((a, b) => b.cpu - a.cpu || a.pid - b.pid)
      .slice(0, this.cap)
  }

  /** Prometheus text, or OpenMetrics when the scraper asks for it. */
  async render(accept: string | undefined): Promise<{ type: string; body: string }> {
    const open = (accept ?? '').includes('application/openmetrics-text')
    this.registry.setContentType(open ? openMetricsContentType : Registry.PROMETHEUS_CONTENT_TYPE)
    return { type: this.registry.contentType, body: await this.registry.metrics() }
  }

  close(): void {
    this.source.off('snapshot', this.onSnapshot)
  }
}

/** Answers GET /metrics; `authorised` says whether the request may read it. */
export function serveMetrics(
  metrics: LabMetrics,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  authorised: boolean,
): void {
  if (req.method !== 'GET') {
    res.writeHead(405).end()
    return
  }
  if (!authorised) {
    res
      .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="proclab"' })
      .end('missing or wrong token\n')
    return
  }
  metrics.render(req.headers.accept).then(
    ({ type, body }) => res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body),
    (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${err.message}\n`),
  )
}

/** The token a scraper sent: `Authorization: Bearer T` or `?token=T`. */
export function tokenOf(req: http.IncomingMessage): string {
  const auth = req.headers.authorization ?? ''
  const m = /^Bearer\s+(\S+)$/i.exec(auth)
  if (m) return m[1]
  try {
    return new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? ''
  } catch {
    return ''
  }
}
