// Attack on the WebSocket itself: frames that are not what the protocol says,
// and a client that asks without end and never reads the answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MAX_BUFFERED_BYTES, MAX_IN_FLIGHT } from '../../src/core/limits'
import { answers, connect, descendants, rssBytes, startHost, type AttackHost, expectNoNewProcess } from './host'

let h: AttackHost

beforeAll(async () => {
  h = await startHost()
})

afterAll(async () => {
  await h?.stop()
})

/** The close code, or 0 if the socket is still open after 5 s. */
function closeCodeOf(ws: WebSocket, ms = 5000): Promise<number> {
  return new Promise((r) => {
    const t = setTimeout(() => r(0), ms)
    ws.once('close', (code) => {
      clearTimeout(t)
      r(code)
    })
  })
}

describe('malformed frames', () => {
  const cases: [string, (ws: WebSocket) => void][] = [
    ['not JSON', (ws) => ws.send('{nope')],
    ['binary garbage', (ws) => ws.send(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]))],
    [
      'binary JSON',
      (ws) => ws.send(Buffer.from(JSON.stringify({ id: 1, method: 'kill', args: [1] })), { binary: true }),
    ],
    ['JSON null', (ws) => ws.send('null')],
    ['a list', (ws) => ws.send('[1,2,3]')],
    ['no id', (ws) => ws.send(JSON.stringify({ method: 'listRuns', args: [] }))],
    ['id as text', (ws) => ws.send(JSON.stringify({ id: '1', method: 'listRuns', args: [] }))],
    ['method as number', (ws) => ws.send(JSON.stringify({ id: 1, method: 7, args: [] }))],
    ['oversized', (ws) => ws.send('x'.repeat(600 * 1024))],
    ['deep nesting', (ws) => ws.send('['.repeat(100_000) + ']'.repeat(100_000))],
  ]
  for (const [what, send] of cases) {
    it(`closes the socket on ${what}, and the host serves the others`, async () => {
      const before = descendants(h.pid)
      const c = await connect(h)
      const closed = closeCodeOf(c.ws)
      send(c.ws)
      expect(await closed).toBeGreaterThan(1000)
      expect(await answers(h)).toBe(true)
      await expectNoNewProcess(h.pid, before)
    })
  }

  it('answers an unknown method, a non-list args and a prototype name with EINVAL, keeping the socket', async () => {
    const c = await connect(h)
    try {
      for (const [method, args] of [
        ['constructor', []],
        ['__proto__', []],
        ['hasOwnProperty', ['kill']],
        ['invoke', ['kill', [1]]],
        ['kill', { 0: 1 }],
        ['kill', 'x'],
      ] as const) {
        expect(await c.call(method, args as unknown as unknown[]), method).toMatchObject({
          ok: false,
          error: { code: 'EINVAL' },
        })
      }
      expect(c.ws.readyState).toBe(WebSocket.OPEN)
    } finally {
      c.close()
    }
  })
})

describe('backpressure', () => {
  it('bounds what one socket that never reads can cost, and closes it', async () => {
    const before = descendants(h.pid)
    const rssBefore = rssBytes(h.pid)
    const c = await connect(h)
    const closed = closeCodeOf(c.ws, 60_000)
    // Never read: the kernel's buffers fill, then the host's. pause() stops the socket being read at all.
    c.ws.pause()
    // The scenario with the most source makes the largest replies.
    const other = await connect(h)
    const ids = ((await other.call('listScenarios', [])) as { value: { id: string }[] }).value.map((x) => x.id)
    const sizes = await Promise.all(
      ids.map(async (id) => [id, JSON.stringify(await other.call('getScenarioSource', [id])).length] as const),
    )
    const [biggest, replyBytes] = sizes.reduce((a, b) => (b[1] > a[1] ? b : a))
    other.close()
    const N = 10_000
    let peak = rssBefore
    for (let i = 0; i < N; i++) {
      if (c.ws.readyState !== WebSocket.OPEN) break
      c.ws.send(JSON.stringify({ id: 1_000_000 + i, method: 'getScenarioSource', args: [biggest] }))
      if (i % 500 === 0) {
        await new Promise((r) => setTimeout(r, 20))
        peak = Math.max(peak, rssBytes(h.pid))
      }
    }
    // Let the host work through what reached it.
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100))
      peak = Math.max(peak, rssBytes(h.pid))
    }
    c.ws.resume()
    const code = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(0), 5000))])
    const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`
    console.log(
      `[attack] host RSS under ${N} getScenarioSource('${biggest}') calls (${mb(N * replyBytes)} of replies) from a client that never reads: ${mb(rssBefore)} before, ${mb(peak)} peak, ${mb(rssBytes(h.pid))} after (bounds: ${MAX_IN_FLIGHT} in flight, ${mb(MAX_BUFFERED_BYTES)} buffered)`,
    )
    expect(code, 'the host closes a socket past the bound').toBeGreaterThan(1000)
    expect(peak - rssBefore, 'growth under the burst').toBeLessThan(120 * 1048576)
    expect(await answers(h)).toBe(true)
    await expectNoNewProcess(h.pid, before)
  })
})
