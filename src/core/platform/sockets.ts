// Sockets by inode, from /proc/net/{tcp,tcp6,udp,udp6,unix}: what `ss` and
// `lsof -i` print for the "socket:[inode]" links in /proc/<pid>/fd. Read from
// the network namespace of the process itself (/proc/<pid>/net/...), so a
// process in a container shows its own sockets.
import fs from 'node:fs'
import type { SocketInfo } from '../../shared/model'

// include/net/tcp_states.h
const TCP_STATES: Record<number, string> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
}

/** "0100007F:1F90" (little-endian words as the kernel prints them) → "127.0.0.1:8080"; IPv6 in brackets. */
export function decodeAddress(hex: string): string {
  const [addr, portHex] = hex.split(':')
  const port = parseInt(portHex, 16)
  if (addr.length === 8) {
    const b = Buffer.from(addr, 'hex')
    return `${b[3]}.${b[2]}.${b[1]}.${b[0]}:${port}`
  }
  // Four 32-bit words, each in host (little-endian) order.
  const bytes: number[] = []
  for (let w = 0; w < 4; w++) {
    const word = Buffer.from(addr.slice(w * 8, w * 8 + 8), 'hex')
    bytes.push(word[3], word[2], word[1], word[0])
  }
  // An IPv4 client of an IPv6 socket (::ffff:a.b.c.d) reads best as the IPv4 address.
  if (bytes.slice(0, 10).every((x) => x === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `[::ffff:${bytes.slice(12).join('.')}]:${port}`
  }
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16))
  return `[${compressIpv6(groups)}]:${port}`
}

/** RFC 5952: the longest run of zero groups becomes "::". */
function compressIpv6(groups: string[]): string {
  let best = -1
  let bestLen = 0
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++
      continue
    }
    let j = i
    while (j < groups.length && groups[j] === '0') j++
    if (j - i > bestLen && j - i > 1) {
      best = i
      bestLen = j - i
    }
    i = j
  }
  if (best < 0) return groups.join(':')
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`
}

type InetProtocol = 'tcp' | 'tcp6' | 'udp' | 'udp6'

/** One /proc/net/{tcp,udp}[6] table, by inode. */
export function parseInetTable(text: string, protocol: InetProtocol, into: Map<number, SocketInfo>): void {
  const lines = text.split('\n')
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/)
    if (f.length < 10) continue
    const inode = Number(f[9])
    if (!inode) continue
    const st = parseInt(f[3], 16)
    const udp = protocol.startsWith('udp')
    const remote = decodeAddress(f[2])
    into.set(inode, {
      protocol,
      local: decodeAddress(f[1]),
      // An unconnected socket's remote end is all zeros: lsof and ss print nothing (or *:*) there.
      remote: /^(0\.0\.0\.0|\[::\]):0$/.test(remote) ? undefined : remote,
      state: udp ? (st === 1 ? 'ESTABLISHED' : 'UNCONN') : (TCP_STATES[st] ?? String(st)),
      inode,
    })
  }
}

/** /proc/net/unix: Num RefCount Protocol Flags Type St Inode [Path]. */
export function parseUnixTable(text: string, into: Map<number, SocketInfo>): void {
  const lines = text.split('\n')
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/)
    if (f.length < 7) continue
    const inode = Number(f[6])
    if (!inode) continue
    const flags = parseInt(f[3], 16)
    const st = parseInt(f[5], 16)
    // __SO_ACCEPTCON (0x10000) marks a listening socket; state 03 is SS_CONNECTED.
    const state = flags & 0x10000 ? 'LISTEN' : st === 3 ? 'CONNECTED' : 'UNCONNECTED'
    into.set(inode, { protocol: 'unix', local: f[7], state, inode })
  }
}

/** Every socket of the network namespace pid lives in, by inode. */
export function readSocketTable(pid: number): Map<number, SocketInfo> {
  const out = new Map<number, SocketInfo>()
  const read = (name: string): string | null => {
    try {
      return fs.readFileSync(`/proc/${pid}/net/${name}`, 'latin1')
    } catch {
      return null
    }
  }
  for (const p of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
    const t = read(p)
    if (t) parseInetTable(t, p, out)
  }
  const u = read('unix')
  if (u) parseUnixTable(u, out)
  return out
}
