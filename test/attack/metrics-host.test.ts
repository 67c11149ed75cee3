// Attack: DNS rebinding against the Prometheus port. --metrics-port serves
// /metrics without the token (a scraper on this machine has none), so a web
// page whose name resolves to 127.0.0.1 could read every per-process series
// (names, command lines' processes, CPU) unless the listener, like the main
// port, answers only a Host header that names it.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../helpers/procs'
import { startHost, type AttackHost } from './host'

let h: AttackHost
let port: number

beforeAll(async () => {
  h = await startHost(['--metrics', '--metrics-filter', '.', '--metrics-port', '0'])
  const m = await waitFor(() => /^Metrics: http:\/\/127\.0\.0\.1:(\d+)\/metrics$/m.exec(h.stdout()), 10_000)
  port = Number(m[1])
})

afterAll(async () => {
  await h?.stop()
})

/** GET /metrics on the metrics port with a chosen Host header (fetch cannot set Host). */
function scrape(host: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/metrics', setHost: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    if (host !== undefined) req.setHeader('host', host)
    req.on('error', reject)
    req.end()
  })
}

describe('metrics port and the Host header', () => {
  it('refuses a foreign Host with 421 (and a request without one with 400), and no series', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      `localhost:${port}.evil.example`,
    ]) {
      const r = await scrape(host)
      expect(r.status, `Host: ${host}`).toBe(421)
      expect(r.body).not.toContain('proclab_')
    }
    // No Host at all: Node itself refuses an HTTP/1.1 request without one (400).
    const none = await scrape(undefined)
    expect(none.status).toBe(400)
    expect(none.body).not.toContain('proclab_')
  })

  it('serves the series to a loopback Host naming this port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const r = await waitFor(async () => {
        const x = await scrape(host)
        return x.body.includes('proclab_process_cpu_percent{') ? x : null
      }, 10_000)
      expect(r.status, `Host: ${host}`).toBe(200)
    }
  })
})
