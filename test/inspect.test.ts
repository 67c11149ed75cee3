// What a process holds and what it does to the disk, checked against the OS:
// open files and sockets against `lsof -p`, disk rates against a process that
// writes and reads back a known number of bytes, nice against the kernel.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { afterEach, expect, it } from 'vitest'
import { procfsHoldings as inspect, parseLimits } from '../src/core/platform/holdings'
import { englishOf } from '../src/core/errors'
import { decodeAddress, parseUnixTable } from '../src/core/platform/sockets'
import { IoMeter, parseDiskstats, parseIo, parseNetDev } from '../src/core/sampler/io'
import { Sampler } from '../src/core/sampler/sampler'
import { priorityError, setNice } from '../src/core/priority'
import type { SocketInfo, Snapshot } from '../src/shared/model'
import { hostPlatform } from '../src/core/platform'
import { readIo } from '../src/core/platform/procfs'
import {
  ROOT_TAG,
  canLowerNice,
  canSetUid,
  describeWith,
  hasProcfs,
  isUnprivileged,
  lacking,
  needs,
} from './helpers/capability'

const kids: ChildProcess[] = []
const tmpDirs: string[] = []
afterEach(() => {
  for (const k of kids.splice(0)) if (k.exitCode === null && k.signalCode === null) k.kill('SIGKILL')
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-inspect-'))
  tmpDirs.push(d)
  return d
}

/** Starts a child and resolves with its first line of output, parsed as JSON. */
function startReporting(
  cmd: string,
  args: string[],
  opts: { uid?: number; gid?: number } = {},
): Promise<{ child: ChildProcess; first: Record<string, unknown>; lines: readline.Interface }> {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'], ...opts })
  kids.push(child)
  const lines = readline.createInterface({ input: child.stdout! })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${cmd} exited with ${code} before reporting`)))
    lines.once('line', (l) => resolve({ child, first: JSON.parse(l) as Record<string, unknown>, lines }))
  })
}

interface LsofFd {
  fd: number
  type: string
  name: string
  state?: string
}

/** `lsof -p PID` in its field output: one record per descriptor (cwd, txt, mem ones left out). */
function lsof(pid: number): LsofFd[] {
  const out = execFileSync('lsof', ['-nP', '-w', '-p', String(pid), '-a', '-d', '0-65535', '-F', 'ftnT'], {
    encoding: 'utf8',
  })
  const recs: LsofFd[] = []
  let cur: LsofFd | undefined
  for (const line of out.split('\n')) {
    const tag = line[0]
    const v = line.slice(1)
    if (tag === 'f') recs.push((cur = { fd: Number(v), type: '', name: '' }))
    else if (cur && tag === 't') cur.type = v
    else if (cur && tag === 'n') cur.name = v
    else if (cur && tag === 'T' && v.startsWith('ST=')) cur.state = v.slice(3)
  }
  return recs
}

const hasLsof = (() => {
  try {
    execFileSync('lsof', ['-v'], { stdio: 'ignore' })
    return true
  } catch (err) {
    // lsof -v exits 1 on some builds but is there.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT'
  }
})()

const host = hostPlatform()
const NOBODY = { uid: 65534, gid: 65534 }

describeWith(hasProcfs())('open files and sockets', () => {
  it.runIf(hasLsof)('lists the same files and TCP sockets as lsof -p, with addresses and states', async () => {
    const dir = tmpDir()
    const file = path.join(dir, 'known file.txt')
    fs.writeFileSync(file, 'hello\n')
    const script = `
      const fs = require('fs'), net = require('net')
      const fd = fs.openSync(process.argv[1], 'r')
      const srv = net.createServer(() => {}).listen(0, '127.0.0.1', () => {
        const port = srv.address().port
        const c = net.connect(port, '127.0.0.1', () => console.log(JSON.stringify({ fd, port, clientPort: c.localPort })))
      })
      setInterval(() => {}, 1e9)`
    const { child, first } = await startReporting(process.execPath, ['-e', script, file])
    const pid = child.pid!
    // The accepted end appears once the server's accept has run.
    let holdings = inspect(pid)
    for (
      let i = 0;
      i < 40 && holdings.files.ok && holdings.files.value.filter((f) => f.socket?.state === 'ESTABLISHED').length < 2;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50))
      holdings = inspect(pid)
    }
    expect(holdings.files.ok).toBe(true)
    if (!holdings.files.ok) return
    const files = holdings.files.value
    const byFd = new Map(files.map((f) => [f.fd, f]))

    // The file the child opened, at the descriptor it reported.
    expect(byFd.get(first.fd as number)).toMatchObject({ kind: 'file', target: file })

    // The three TCP sockets: the listener, the client end, the accepted end.
    const tcp = files.map((f) => f.socket).filter((s): s is SocketInfo => s?.protocol === 'tcp')
    const port = first.port as number
    const clientPort = first.clientPort as number
    expect(tcp).toContainEqual(
      expect.objectContaining({ local: `127.0.0.1:${port}`, state: 'LISTEN', remote: undefined }),
    )
    expect(tcp).toContainEqual(
      expect.objectContaining({ local: `127.0.0.1:${clientPort}`, remote: `127.0.0.1:${port}`, state: 'ESTABLISHED' }),
    )
    expect(tcp).toContainEqual(
      expect.objectContaining({ local: `127.0.0.1:${port}`, remote: `127.0.0.1:${clientPort}`, state: 'ESTABLISHED' }),
    )

    // Every descriptor lsof lists, ProcLab lists too, and says the same of it.
    const theirs = lsof(pid)
    expect(theirs.length).toBeGreaterThan(3)
    for (const l of theirs) {
      const mine = byFd.get(l.fd)
      expect(mine, `fd ${l.fd} (${l.type} ${l.name}) in ProcLab's list`).toBeDefined()
      if (l.type === 'REG') expect(mine!.target).toBe(l.name)
      if (l.type === 'IPv4' && l.name.startsWith('TCP') === false) {
        // lsof: "127.0.0.1:41234->127.0.0.1:38123" or "127.0.0.1:38123" for a listener.
        const [local, remote] = l.name.split('->')
        expect(mine!.socket?.local).toBe(local)
        expect(mine!.socket?.remote).toBe(remote)
        expect(mine!.socket?.state).toBe(l.state)
      }
      if (l.type === 'FIFO') expect(mine!.kind).toBe('pipe')
      if (l.type === 'DIR') expect(mine!.kind).toBe('directory')
    }
    expect(files.length).toBe(theirs.length)
    // The IPv4 sockets lsof saw, by state: the same as ProcLab's.
    const states = (xs: (string | undefined)[]): string[] => xs.map(String).sort()
    expect(states(tcp.map((s) => s.state))).toEqual(states(theirs.filter((l) => l.type === 'IPv4').map((l) => l.state)))

    // Working directory, environment (our own child), limits and cgroup.
    expect(holdings.cwd).toEqual({ ok: true, value: process.cwd() })
    expect(holdings.environment.ok && holdings.environment.value.some((v) => v === `PATH=${process.env.PATH}`)).toBe(
      true,
    )
    expect(holdings.limits.ok && holdings.limits.value.find((l) => l.name === 'Max open files')).toBeTruthy()
    expect(holdings.cgroup.ok && holdings.cgroup.value.length).toBeGreaterThan(0)
  })

  it(`says why another user's environment is not shown ${ROOT_TAG}`, async (ctx) => {
    needs(ctx, canSetUid())
    const c = spawn('sleep', ['30'], { stdio: 'ignore', ...NOBODY })
    kids.push(c)
    await new Promise((r) => c.once('spawn', r))
    const h = inspect(c.pid!)
    expect(h.environment.ok).toBe(false)
    expect(!h.environment.ok && englishOf(h.environment.reason)).toMatch(/only for your own processes/)
  })

  it("says why another user's environment is not shown (init's, seen by a normal user)", (ctx) => {
    needs(ctx, isUnprivileged())
    const h = inspect(1)
    expect(h.environment.ok).toBe(false)
    expect(!h.environment.ok && englishOf(h.environment.reason)).toMatch(/only for your own processes/)
  })

  it('parses what the kernel prints', () => {
    expect(decodeAddress('0100007F:1F90')).toBe('127.0.0.1:8080')
    expect(decodeAddress('00000000000000000000000001000000:01BB')).toBe('[::1]:443')
    expect(decodeAddress('0000000000000000FFFF00000100007F:0050')).toBe('[::ffff:127.0.0.1]:80')
    const unix = new Map<number, SocketInfo>()
    parseUnixTable(
      'Num       RefCount Protocol Flags    Type St Inode Path\n0000: 00000002 00000000 00010000 0001 01 12345 /run/x.sock\n0000: 00000003 00000000 00000000 0001 03 12346\n',
      unix,
    )
    expect(unix.get(12345)).toMatchObject({ protocol: 'unix', local: '/run/x.sock', state: 'LISTEN' })
    expect(unix.get(12346)).toMatchObject({ state: 'CONNECTED' })
    const limits = parseLimits(fs.readFileSync('/proc/self/limits', 'utf8'))
    expect(limits.find((l) => l.name === 'Max open files')).toMatchObject({ units: 'files' })
  })
})

describeWith(hasProcfs())('disk I/O', () => {
  it('reads per-process disk rates that add up to the bytes a process wrote (fsync) and read back (O_DIRECT)', async () => {
    const dir = tmpDir()
    const file = path.join(dir, 'data.bin')
    const MiB = 1 << 20
    const N = 8
    // Waits for "go" so that ProcLab has a first reading before any byte moves.
    const py = `
import mmap, os, sys, time, json
print(json.dumps({"ready": True}), flush=True)
sys.stdin.readline()
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
chunk = os.urandom(${MiB})
for _ in range(${N}): os.write(fd, chunk)
os.fsync(fd); os.close(fd)
time.sleep(0.6)
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECT)
buf = mmap.mmap(-1, ${MiB})
total = 0
while True:
    k = os.readv(fd, [buf])
    if k <= 0: break
    total += k
os.close(fd)
print(json.dumps({"read": total}), flush=True)
time.sleep(60)`
    const { child, lines } = await startReporting('python3', ['-c', py, file])
    const pid = child.pid!
    const sampler = new Sampler({ labels: () => new Map(), runs: () => [] }, { intervalMs: 250 })
    sampler.select(pid)
    let written = 0
    let read = 0
    let last: Snapshot | undefined
    const integrate = (s: Snapshot): void => {
      const p = s.processes.find((x) => x.pid === pid)
      if (last && p) {
        const dt = (s.takenAt - last.takenAt) / 1000
        written += (p.ioWrite ?? 0) * dt
        read += (p.ioRead ?? 0) * dt
      }
      last = s
    }
    try {
      integrate(await sampler.sampleNow())
      integrate(await sampler.sampleNow())
      const done = new Promise<void>((r) => lines.once('line', () => r()))
      child.stdin!.write('go\n')
      let finished = false
      void done.then(() => (finished = true))
      for (let i = 0; i < 200 && !finished; i++) {
        await new Promise((r) => setTimeout(r, 100))
        integrate(await sampler.sampleNow())
      }
      expect(finished).toBe(true)
      integrate(await sampler.sampleNow())
    } finally {
      await sampler.stop()
    }
    // The kernel counts whole pages; the file system may add a little metadata.
    expect(written).toBeGreaterThan(N * MiB * 0.97)
    expect(written).toBeLessThan(N * MiB * 1.1)
    expect(read).toBeGreaterThan(N * MiB * 0.97)
    expect(read).toBeLessThan(N * MiB * 1.1)
  })

  it('shows 0, not unknown, for an idle process it did not select, and the machine-wide throughput', async () => {
    const c = spawn('sleep', ['30'], { stdio: 'ignore' })
    kids.push(c)
    await new Promise((r) => c.once('spawn', r))
    const sampler = new Sampler({ labels: () => new Map(), runs: () => [] }, { intervalMs: 250 })
    try {
      let p: Snapshot['processes'][number] | undefined
      let s: Snapshot | undefined
      // Idle processes are read a slice at a time: a few passes reach every one twice.
      for (let i = 0; i < 12 && p?.ioRead === undefined; i++) {
        await new Promise((r) => setTimeout(r, 260))
        s = await sampler.sampleNow()
        p = s.processes.find((x) => x.pid === c.pid)
      }
      expect(p).toMatchObject({ ioRead: 0, ioWrite: 0 })
      expect(p!.ioDenied).toBeUndefined()
      expect(s!.throughput).toEqual({
        diskRead: expect.any(Number),
        diskWrite: expect.any(Number),
        netReceive: expect.any(Number),
        netSend: expect.any(Number),
      })
    } finally {
      await sampler.stop()
    }
  })

  it('parses /proc/<pid>/io, /proc/diskstats and /proc/net/dev', () => {
    expect(
      parseIo(
        'rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 4096\n',
      ),
    ).toEqual({ read: 4096, write: 4096 })
    const disks = parseDiskstats(
      '   8       0 sda 10 0 100 5 20 0 300 7 0 9 12\n   8       1 sda1 10 0 100 5 20 0 300 7 0 9 12\n   7       0 loop0 1 0 8 0 0 0 0 0 0 0 0\n',
      (n) => n === 'sda',
    )
    expect(disks).toEqual({ read: 100 * 512, write: 300 * 512 })
    const net = parseNetDev(
      'Inter-|   Receive\n face |bytes packets\n    lo: 999 1 0 0 0 0 0 0 999 1 0 0 0 0 0 0\n  eth0: 1000 2 0 0 0 0 0 0 2000 3 0 0 0 0 0 0\n',
    )
    expect(net).toEqual({ receive: 1000, send: 2000 })
  })

  it('says "not permitted" for the I/O of a process it may not read, rather than 0', (ctx) => {
    // A normal user reading init's counters: the kernel refuses, and the meter says so (and remembers).
    needs(ctx, isUnprivileged())
    expect(readIo(1)).toBe('denied')
    const meter = new IoMeter(readIo)
    expect(meter.rate(1, Date.now())).toEqual({ denied: true })
    expect(meter.rate(1, Date.now() + 1000)).toEqual({ denied: true })
    // Its own counters it may read: a first reading has no rate yet, not a refusal.
    expect(meter.rate(process.pid, Date.now())).toEqual({})
    meter.close()
  })

  it(`says "not permitted" for the I/O of a process it may not read, read as nobody ${ROOT_TAG}`, async (ctx) => {
    // Root may read everything: the reader runs as nobody, ProcLab's own readIo in it, looking at init.
    needs(ctx, canSetUid())
    const procfs = path.resolve('src/core/platform/procfs.ts')
    const script = `import { readIo } from ${JSON.stringify(procfs)}; console.log(JSON.stringify({ reading: readIo(1) }))`
    const { first } = await startReporting(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      NOBODY,
    )
    expect(first.reading).toBe('denied')
  })
})

describeWith(hasProcfs())('priority', () => {
  const nice = (pid: number): number =>
    Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[16])

  it(`raises and lowers the nice value of a process, as the kernel then reports it ${ROOT_TAG}`, async (ctx) => {
    // 7 then 3: the second step makes it less nice, which only root may do.
    needs(ctx, canLowerNice())
    const c = spawn('sleep', ['30'], { stdio: 'ignore' })
    kids.push(c)
    await new Promise((r) => c.once('spawn', r))
    expect(setNice(c.pid!, 7, host)).toBe(7)
    expect(nice(c.pid!)).toBe(7)
    expect(setNice(c.pid!, 3, host)).toBe(3)
    expect(nice(c.pid!)).toBe(3)
  })

  it('makes a process nicer without root, as the kernel then reports it', async () => {
    const c = spawn('sleep', ['30'], { stdio: 'ignore' })
    kids.push(c)
    await new Promise((r) => c.once('spawn', r))
    expect(setNice(c.pid!, 7, host)).toBe(7)
    expect(nice(c.pid!)).toBe(7)
  })

  it('refuses, in words, to lower the nice value without root', async (ctx) => {
    // Run as a normal user: ProcLab's own setNice on its own child, asked to undo a step.
    needs(ctx, lacking(canLowerNice()))
    const c = spawn('sleep', ['30'], { stdio: 'ignore' })
    kids.push(c)
    await new Promise((r) => c.once('spawn', r))
    expect(setNice(c.pid!, 10, host)).toBe(10)
    let err: unknown
    try {
      setNice(c.pid!, 5, host)
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ code: 'EPERM', message: expect.stringMatching(/needs root/) })
    expect(nice(c.pid!)).toBe(10)
  })

  it(`refuses, in words, to lower the nice value without root (a child dropped to nobody tries) ${ROOT_TAG}`, async (ctx) => {
    needs(ctx, canSetUid())
    // The child drops to uid 65534 and does what setNice does: nicer first (allowed), then less nice (refused).
    const script = `
      const os = require('os')
      os.setPriority(0, 10)
      try { os.setPriority(0, 5); console.log(JSON.stringify({ code: 'none' })) }
      catch (e) { console.log(JSON.stringify({ code: e.code, info: e.info, message: e.message })) }`
    const { first } = await startReporting(process.execPath, ['-e', script], NOBODY)
    expect((first.info as { code: string }).code).toBe('EACCES')
    // The same error object shape Node threw in the child, through the same mapping setNice uses.
    const mapped = priorityError(
      Object.assign(new Error(String(first.message)), { code: first.code, info: first.info }),
      1234,
      10,
      5,
    )
    expect(mapped.code).toBe('EPERM')
    expect(mapped.message).toMatch(/needs root/)
  })

  it(`refuses another user's process before asking the OS ${ROOT_TAG}`, async (ctx) => {
    needs(ctx, canSetUid())
    const c = spawn('sleep', ['30'], { stdio: 'ignore', ...NOBODY })
    kids.push(c)
    await new Promise((r) => c.once('spawn', r))
    expect(() => setNice(c.pid!, 5, host)).toThrow(/belongs to user/)
    expect(nice(c.pid!)).toBe(0)
  })
  it("refuses another user's process before asking the OS (init's, for a normal user)", (ctx) => {
    needs(ctx, isUnprivileged())
    const before = nice(1)
    expect(() => setNice(1, 19, host)).toThrow(/belongs to user/)
    expect(nice(1)).toBe(before)
  })
})
