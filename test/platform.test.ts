// The platform layer: the pure parts of the macOS and Windows paths (parsers,
// Python rules, exit codes, what each system offers) against recorded or
// built inputs, and the core's behaviour under a platform other than Linux's,
// against real processes on this machine.
import { english } from './helpers/outcome'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { Lab } from '../src/core/lab'
import { englishOf, plainMsg } from '../src/core/errors'
import { checkSignal } from '../src/core/control'
import { linuxPlatform } from '../src/core/platform/linux'
import { darwinPlatform } from '../src/core/platform/darwin'
import { win32Platform } from '../src/core/platform/win32'
import { platformFor } from '../src/core/platform'
import type { Platform } from '../src/core/platform/types'
import { PROC, THREAD, ntThreadState, parseSystemProcessInformation } from '../src/core/platform/nt-process-info'
import { ntThreadStateReader } from '../src/core/platform/thread-states'
import { availableFromVmStat, parseVmStat } from '../src/core/platform/vm-stat'
import { cachedPython, findPythonPosix, findPythonWindows, MISSING_RETRY_MS } from '../src/core/platform/python'
import { NtSource } from '../src/core/platform/win32-nt'
import { Sampler } from '../src/core/sampler/sampler'
import { attributeKill, classifyExit } from '../src/core/supervisor/exit-reason'
import { describeExit, exitMsg } from '../src/shared/exit'
import { coreCatalog } from '../src/shared/i18n'
import { renderPlain } from '../src/shared/msg'
import { Supervisor } from '../src/core/supervisor/supervisor'
import { startWarden } from '../src/core/supervisor/warden-client'
import type { ExitInfo, PlatformInfo } from '../src/shared/model'
import { readStat } from '../src/core/platform/procfs'
import { alive, sleep, startChild, waitFor } from './helpers/procs'
import { ROOT_TAG, canSetUid, describeWith, hasProcfs, needs } from './helpers/capability'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'platform')

// ---------------------------------------------------------------- Windows: NtQuerySystemInformation

interface FakeThread {
  tid: number
  user100ns: bigint
  kernel100ns: bigint
  switches: number
  state: number
  waitReason: number
}
interface FakeProcess {
  pid: number
  ppid: number
  name: string
  threads: FakeThread[]
  workingSet: number
  user100ns: bigint
  kernel100ns: bigint
  created: bigint
}

/**
 * Lays out SYSTEM_PROCESS_INFORMATION records as the kernel does on x64: the
 * record, its thread array, its UTF-16 name (pointed to by ImageName.Buffer,
 * an address inside the buffer), padding to 8 bytes, NextEntryOffset to the next.
 */
function buildNtBuffer(procs: FakeProcess[], base: bigint): Buffer {
  const parts: Buffer[] = []
  let offset = 0
  procs.forEach((p, i) => {
    const name = Buffer.from(p.name, 'utf16le')
    const size = PROC.size + p.threads.length * THREAD.size + name.length
    const padded = Math.ceil(size / 8) * 8
    const rec = Buffer.alloc(padded)
    rec.writeUInt32LE(i === procs.length - 1 ? 0 : padded, PROC.nextEntryOffset)
    rec.writeUInt32LE(p.threads.length, PROC.numberOfThreads)
    rec.writeBigInt64LE(p.created, PROC.createTime)
    rec.writeBigInt64LE(p.user100ns, PROC.userTime)
    rec.writeBigInt64LE(p.kernel100ns, PROC.kernelTime)
    const nameAt = PROC.size + p.threads.length * THREAD.size
    rec.writeUInt16LE(name.length, PROC.imageNameLength)
    rec.writeUInt16LE(name.length + 2, PROC.imageNameLength + 2)
    rec.writeBigUInt64LE(name.length ? base + BigInt(offset + nameAt) : 0n, PROC.imageNameBuffer)
    rec.writeBigUInt64LE(BigInt(p.pid), PROC.uniqueProcessId)
    rec.writeBigUInt64LE(BigInt(p.ppid), PROC.inheritedFromUniqueProcessId)
    rec.writeBigUInt64LE(BigInt(p.workingSet), PROC.workingSetSize)
    p.threads.forEach((t, j) => {
      const at = PROC.size + j * THREAD.size
      rec.writeBigInt64LE(t.kernel100ns, at + THREAD.kernelTime)
      rec.writeBigInt64LE(t.user100ns, at + THREAD.userTime)
      rec.writeBigUInt64LE(BigInt(p.pid), at + 0x28) // ClientId.UniqueProcess
      rec.writeBigUInt64LE(BigInt(t.tid), at + THREAD.uniqueThread)
      rec.writeUInt32LE(t.switches, at + THREAD.contextSwitches)
      rec.writeUInt32LE(t.state, at + THREAD.threadState)
      rec.writeUInt32LE(t.waitReason, at + THREAD.waitReason)
    })
    name.copy(rec, nameAt)
    parts.push(rec)
    offset += padded
  })
  return Buffer.concat(parts)
}

const thread = (tid: number, cpu100ns: bigint, state = 5, waitReason = 6, switches = 10): FakeThread => ({
  tid,
  user100ns: cpu100ns,
  kernel100ns: 0n,
  switches,
  state,
  waitReason,
})

// 2026-01-01T00:00:00Z as FILETIME (100 ns since 1601).
const JAN_2026_MS = Date.UTC(2026, 0, 1)
const JAN_2026_FT = BigInt(JAN_2026_MS) * 10_000n + 116_444_736_000_000_000n

const NT_PROCS: FakeProcess[] = [
  {
    pid: 0,
    ppid: 0,
    name: '',
    threads: [thread(0, 10n), thread(0, 10n)],
    workingSet: 8192,
    user100ns: 0n,
    kernel100ns: 123_000_000n,
    created: 0n,
  },
  {
    pid: 4,
    ppid: 0,
    name: 'System',
    threads: [thread(8, 5n)],
    workingSet: 155_648,
    user100ns: 0n,
    kernel100ns: 52_000_000n,
    created: 0n,
  },
  {
    pid: 7312,
    ppid: 800,
    name: 'node.exe',
    threads: [thread(7316, 20_000_000n, 2, 0, 4242), thread(7320, 0n, 5, 5), thread(7324, 1_000n)],
    workingSet: 48 * 1024 * 1024,
    user100ns: 15_000_000n, // 1.5 s
    kernel100ns: 5_000_000n, // 0.5 s
    created: JAN_2026_FT,
  },
  {
    pid: 9001,
    ppid: 7312,
    name: 'プロセス ラボ.exe',
    threads: [thread(9002, 0n)],
    workingSet: 4096,
    user100ns: 0n,
    kernel100ns: 0n,
    created: JAN_2026_FT + 10_000_000n,
  },
]

describe('Windows process table (NtQuerySystemInformation buffer)', () => {
  const base = 0x1f4a_0000_0000n

  it('walks every record by NextEntryOffset, with names, parents, memory, CPU and start times', () => {
    const rows = parseSystemProcessInformation(buildNtBuffer(NT_PROCS, base), base)
    expect(rows.map((r) => [r.pid, r.ppid, r.name, r.threads])).toEqual([
      [0, 0, 'System Idle Process', 2],
      [4, 0, 'System', 1],
      [7312, 800, 'node.exe', 3],
      [9001, 7312, 'プロセス ラボ.exe', 1],
    ])
    const node = rows[2]
    expect(node.memory).toBe(48 * 1024 * 1024)
    expect(node.cpuSeconds).toBeCloseTo(2.0, 9)
    expect(node.start).toBe(JAN_2026_MS)
    expect(rows[3].start).toBe(JAN_2026_MS + 1000)
    expect(rows[1].start).toBe(0) // boot-time processes have no creation time
    expect(node.threadList).toBeUndefined() // threads only on request: the table does not need them
  })

  it('reads the threads of each process on request, with CPU, context switches and state', () => {
    const rows = parseSystemProcessInformation(buildNtBuffer(NT_PROCS, base), base, true)
    const threads = rows[2].threadList!
    expect(threads.map((t) => t.tid)).toEqual([7316, 7320, 7324])
    expect(threads[0].seconds).toBeCloseTo(2, 9)
    expect(threads[0].contextSwitches).toBe(4242)
    expect(threads.map((t) => ntThreadState(t.state, t.waitReason))).toEqual(['running', 'stopped', 'sleeping'])
  })

  it("gives one process's thread states for the timeline from the same buffer, and null once it is gone", () => {
    let procs = NT_PROCS
    const r = ntThreadStateReader(7312, () => parseSystemProcessInformation(buildNtBuffer(procs, base), base, true))
    expect(r?.read()).toEqual([
      { tid: 7316, name: '', state: 'running' },
      { tid: 7320, name: '', state: 'stopped' },
      { tid: 7324, name: '', state: 'other' },
    ])
    procs = NT_PROCS.filter((p) => p.pid !== 7312)
    expect(r?.read()).toBeNull()
    expect(
      ntThreadStateReader(7312, () => parseSystemProcessInformation(buildNtBuffer(procs, base), base, true)),
    ).toBeNull()
  })

  it('gives no name rather than garbage when a name pointer falls outside the buffer', () => {
    const buf = buildNtBuffer(NT_PROCS, base)
    const wrongBase = base + 0x10_0000n
    const rows = parseSystemProcessInformation(buf, wrongBase)
    expect(rows.map((r) => r.name)).toEqual(['System Idle Process', '', '', ''])
    expect(rows.map((r) => r.pid)).toEqual([0, 4, 7312, 9001])
  })

  it('stops at a truncated record instead of reading past the end', () => {
    const buf = buildNtBuffer(NT_PROCS, base)
    const firstTwo = buf.readUInt32LE(0) + buf.readUInt32LE(buf.readUInt32LE(0))
    const rows = parseSystemProcessInformation(buf.subarray(0, firstTwo + 16), base)
    expect(rows.map((r) => r.pid)).toEqual([0, 4])
  })
})

describe('Windows process source through the sampler', () => {
  it('shows every process with CPU on our clock, memory and thread count, from one call per tick', async () => {
    const base = 0x2000_0000n
    const t0 = Date.now()
    let calls = 0
    // The node.exe record spins: its CPU time grows exactly as fast as the clock, i.e. 100 % of one core.
    const query = () => {
      calls++
      const spun = BigInt(Math.round((Date.now() - t0) * 10_000))
      const procs = NT_PROCS.map((p) => (p.pid === 7312 ? { ...p, user100ns: p.user100ns + spun } : p))
      return parseSystemProcessInformation(buildNtBuffer(procs, base), base)
    }
    const sampler = new Sampler(
      { labels: () => new Map(), runs: () => [] },
      {
        source: new NtSource(query),
        // The thread reader makes its own system call (covered by the parser tests above).
        platform: { ...win32Platform(), readThreads: () => [] },
      },
    )
    try {
      await sampler.sampleNow()
      await sleep(600)
      const snap = await sampler.sampleNow()
      expect(calls).toBe(2) // one system call per tick, whatever the table's size
      const node = snap.processes.find((p) => p.pid === 7312)!
      expect(node).toMatchObject({ ppid: 800, name: 'node.exe', threads: 3, memory: 48 * 1024 * 1024 })
      expect(node.cpu).toBeGreaterThan(95)
      expect(node.cpu).toBeLessThan(105)
      expect(snap.processes.find((p) => p.pid === 9001)).toMatchObject({
        ppid: 7312,
        name: 'プロセス ラボ.exe',
        cpu: 0,
      })
      expect(snap.platform).toBe('win32')
      expect(sampler.details(7312).startedAt).toBe(JAN_2026_MS)
    } finally {
      await sampler.stop()
    }
  })
})

// ---------------------------------------------------------------- macOS

describe('macOS memory (vm_stat)', () => {
  it('counts free, inactive, speculative and purgeable pages as available, from a recorded vm_stat', () => {
    const v = parseVmStat(fs.readFileSync(path.join(FIXTURES, 'vm_stat.txt'), 'utf8'))!
    expect(v.pageSize).toBe(16384)
    expect(v.pages.get('pages free')).toBe(3712)
    expect(v.pages.get('translation faults')).toBe(865478911)
    // os.freemem() would say 3712 pages (58 MiB): the bar would read nearly full.
    expect(availableFromVmStat(v)).toBe((3712 + 211082 + 2113 + 9281) * 16384)
  })

  it('gives no figure for output it does not recognise', () => {
    expect(parseVmStat('vm_stat: command not found')).toBeNull()
    expect(
      availableFromVmStat(
        parseVmStat('Mach Virtual Memory Statistics: (page size of 4096 bytes)\nPages active: 5.\n')!,
      ),
    ).toBeNull()
  })
})

// ---------------------------------------------------------------- finding Python

describe('finding Python', () => {
  // Each file is an interpreter that names itself as sys.executable, unless `real` says where it leads.
  const files = (...paths: string[]) => ({
    isFile: (p: string) => paths.includes(p),
    executableOf: (p: string) => (paths.includes(p) ? p : undefined),
  })

  it('Linux: the first python3 on PATH', () => {
    expect(findPythonPosix('linux', { PATH: '/opt/x/bin:/usr/bin' }, files('/usr/bin/python3'))).toEqual({
      file: '/usr/bin/python3',
      args: [],
    })
    expect(findPythonPosix('linux', { PATH: '/usr/bin' }, files())).toEqual({
      missing: { key: 'core.python.notOnPath' },
    })
  })

  it("macOS: never Apple's stub without the developer tools (it would open an install dialog), and it comes last", () => {
    let asked = 0
    const probe = (installed: boolean, ...more: string[]) => ({
      ...files('/usr/bin/python3', ...more),
      developerToolsInstalled: () => (asked++, installed),
    })
    const no = findPythonPosix('darwin', { PATH: '/usr/bin:/bin' }, probe(false))
    expect(no).toMatchObject({ missing: { key: 'core.python.appleStub' } })
    expect(findPythonPosix('darwin', { PATH: '/usr/bin:/bin' }, probe(true))).toEqual({
      file: '/usr/bin/python3',
      args: [],
    })
    expect(asked).toBe(2)
    // Homebrew's python3, on PATH or not (an app started from the Finder has only
    // /usr/bin:/bin:/usr/sbin:/sbin): found before the stub, and xcode-select is not even asked.
    asked = 0
    const finder = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' }
    expect(findPythonPosix('darwin', finder, probe(false, '/opt/homebrew/bin/python3'))).toEqual({
      file: '/opt/homebrew/bin/python3',
      args: [],
    })
    expect(findPythonPosix('darwin', finder, probe(false, '/usr/local/bin/python3'))).toEqual({
      file: '/usr/local/bin/python3',
      args: [],
    })
    // What is on PATH comes before the usual prefixes.
    expect(
      findPythonPosix(
        'darwin',
        { PATH: '/Users/a/.pyenv/shims:/usr/bin' },
        probe(false, '/opt/homebrew/bin/python3', '/Users/a/.pyenv/shims/python3'),
      ),
    ).toEqual({ file: '/Users/a/.pyenv/shims/python3', args: [] })
    expect(asked).toBe(0)
  })

  it('Windows: python.exe on PATH first, else what `py -3` runs (never py.exe itself), never the Store alias', () => {
    const store = 'C:\\Users\\a\\AppData\\Local\\Microsoft\\WindowsApps'
    const env = { PATH: `${store};C:\\Python312;C:\\Windows`, PATHEXT: '.COM;.EXE;.BAT;.CMD' }
    expect(findPythonWindows(env, files('C:\\Windows\\py.exe', 'C:\\Python312\\python.exe'))).toEqual({
      file: 'C:\\Python312\\python.exe',
      args: [],
    })
    // Only the launcher: it is asked which python.exe it runs, and that is what ProcLab starts.
    const launcher = {
      isFile: (p: string) => p === 'C:\\Windows\\py.exe' || p === 'C:\\Python313\\python.exe',
      executableOf: (p: string, args: readonly string[]) =>
        p === 'C:\\Windows\\py.exe' && args.join(' ') === '-3' ? 'C:\\Python313\\python.exe' : undefined,
    }
    expect(findPythonWindows(env, launcher)).toEqual({ file: 'C:\\Python313\\python.exe', args: [] })
    expect(findPythonWindows(env, files(`${store}\\python.exe`, 'C:\\Python312\\python.exe'))).toEqual({
      file: 'C:\\Python312\\python.exe',
      args: [],
    })
    expect(
      findPythonWindows(env, files(`${store}\\python.exe`, `${store}\\python3.exe`, `${store}\\py.exe`)),
    ).toMatchObject({ missing: { key: 'core.python.windowsMissing' } })
    // A .cmd or .bat shim cannot be started without a shell: only .exe and .com count.
    expect(findPythonWindows(env, files('C:\\Python312\\python.cmd'))).toMatchObject({
      missing: { key: expect.any(String) },
    })
  })

  it('macOS: looked for once, so xcode-select runs at most once, not on every lookup; "missing" is asked again later', () => {
    let asked = 0
    let clock = 0
    const stubOnly = {
      ...files('/usr/bin/python3'),
      developerToolsInstalled: () => (asked++, true),
    }
    const find = cachedPython(
      () => findPythonPosix('darwin', { PATH: '/usr/bin:/bin' }, stubOnly),
      () => '/usr/bin:/bin',
      () => clock,
    )
    for (let i = 0; i < 5; i++) expect(find()).toEqual({ file: '/usr/bin/python3', args: [] })
    expect(asked).toBe(1)
    let looked = 0
    let PATH = '/usr/bin'
    const none = cachedPython(
      () => (looked++, findPythonPosix('linux', { PATH }, files())),
      () => PATH,
      () => clock,
    )
    none()
    none()
    expect(looked).toBe(1)
    clock += MISSING_RETRY_MS
    none()
    expect(looked).toBe(2) // Python may have been installed meanwhile
    PATH = '/opt/python/bin:/usr/bin'
    none()
    expect(looked).toBe(3) // another PATH, another answer
  })

  it('a candidate that will not run is passed over for the next', () => {
    const probe = {
      isFile: (p: string) => ['/a/python3', '/b/python3'].includes(p),
      executableOf: (p: string) => (p === '/b/python3' ? '/b/python3' : undefined),
    }
    expect(findPythonPosix('linux', { PATH: '/a:/b' }, probe)).toEqual({ file: '/b/python3', args: [] })
  })
})

// ---------------------------------------------------------------- exits

describe('exit reasons across systems', () => {
  it('reads Windows crash codes as crashes, unsigned or signed, and names them', () => {
    for (const code of [0xc0000005, 0xc0000409, 0xc00000fd]) {
      expect(classifyExit(code, null)).toBe('crashed')
      expect(classifyExit(code | 0, null)).toBe('crashed') // as a signed 32-bit number
    }
    expect(describeExit('crashed', 0xc0000005, null)).toBe('crashed (access violation, 0xC0000005)')
    expect(describeExit('crashed', 0xc00000fd, null)).toBe('crashed (stack overflow, 0xC00000FD)')
    expect(describeExit('crashed', 139, null)).toBe('crashed (code 139)')
    expect(classifyExit(1, null)).toBe('error-exit')
  })

  it('says "killed", never "killed by null", when the system names no signal (TerminateProcess), in both languages', () => {
    expect(describeExit('killed', 1, null)).toBe('killed')
    expect(describeExit('error-exit', null, null)).toBe('exited (no exit code reported)')
    for (const locale of ['en', 'zh'] as const) {
      const tree = coreCatalog(locale)
      for (const m of [exitMsg('killed', 1, null), exitMsg('error-exit', null, null)])
        expect(renderPlain(tree, m)).not.toMatch(/null|undefined/)
    }
    expect(renderPlain(coreCatalog('zh'), exitMsg('killed', null, 'SIGKILL'))).toBe('被 SIGKILL 结束')
  })

  it("reads an exit after ProcLab's own kill as killed, where the system reports only TerminateProcess's code", () => {
    expect(attributeKill(1, null, 'SIGTERM', 1)).toEqual({ code: 1, signal: 'SIGTERM' })
    expect(attributeKill(1, null, undefined, 1)).toEqual({ code: 1, signal: null }) // nobody signalled it: its own exit 1
    expect(attributeKill(0, null, 'SIGTERM', 1)).toEqual({ code: 0, signal: null }) // it cleaned up and left on its own
    expect(attributeKill(1, null, 'SIGTERM', undefined)).toEqual({ code: 1, signal: null }) // Unix reports real signals
  })
})

// ---------------------------------------------------------------- what each system offers

describe('signals and capabilities per system', () => {
  it('Windows offers only the signals Node can deliver there, and says why the rest are missing', () => {
    const w = win32Platform()
    expect(w.info.signals).toEqual(['SIGTERM', 'SIGINT', 'SIGKILL'])
    expect(w.info.missingSignals.map((m) => m.signal)).toEqual(['SIGHUP', 'SIGSTOP', 'SIGCONT'])
    expect(w.info.canSuspend).toBe(false)
    expect(english(w.info.suspendWhy)).toMatch(/SIGSTOP/)
    expect(english(w.info.signalNotes.SIGTERM)).toMatch(/TerminateProcess/)
    // Stop cannot ask a console program to exit there: the UI says Stop has no grace period.
    expect(english(w.info.stopNote)).toMatch(/no grace period/)
    expect(linuxPlatform().info.stopNote).toBeUndefined()
    expect(w.spawnOptions(true)).toEqual({ detached: false, windowsHide: true })
    expect(w.orphanGuard).toBe('tree')
    expect(() => checkSignal('SIGHUP', w)).toThrow(/Windows has no SIGHUP/)
    expect(() => checkSignal('SIGSTOP', w)).toThrow(/cannot suspend/)
    expect(checkSignal('SIGKILL', w)).toBe('SIGKILL')
  })

  it('Linux and macOS offer every signal; threads on Linux only, with the reason on macOS', () => {
    const l = linuxPlatform()
    const d = darwinPlatform()
    for (const p of [l, d]) {
      expect(p.info.signals).toEqual(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL', 'SIGSTOP', 'SIGCONT'])
      expect(p.info.canSuspend).toBe(true)
      expect(p.spawnOptions(true)).toEqual({ detached: true, windowsHide: true })
    }
    expect(l.info.threads).toBe(true)
    expect(d.info.threads).toBe(false)
    expect(english(d.info.threadsWhy)).toMatch(/task_for_pid/)
  })

  it('is chosen by the system name', () => {
    expect(platformFor('win32').info.os).toBe('win32')
    expect(platformFor('darwin').info.os).toBe('darwin')
    expect(platformFor('linux').info.os).toBe('linux')
    expect(platformFor('freebsd').info.os).toBe('darwin') // ps-based, as macOS
  })
})

describe('what macOS and Windows lack: a clear "not available", never a throw', () => {
  for (const p of [darwinPlatform(), win32Platform()]) {
    it(`${p.info.os}: thread group, name, command line, I/O and holdings`, () => {
      expect(p.threadGroupOf(process.pid)).toBeUndefined()
      expect(p.processName(process.pid)).toBeUndefined()
      expect(p.commandLine(process.pid)).toBeUndefined()
      expect(p.processIo(process.pid)).toBeUndefined()
      expect(p.machineIo()).toBeUndefined()
      const h = p.holdings(process.pid)
      for (const facet of [h.files, h.cwd, h.environment, h.limits, h.cgroup]) {
        expect(facet.ok).toBe(false)
        expect(!facet.ok && englishOf(facet.reason)).toMatch(
          p.info.os === 'darwin' ? /lsof -p PID/ : /Resource Monitor/,
        )
      }
    })
  }

  it("a shell=True line goes through each system's shell, an argument quoted for it", () => {
    expect(darwinPlatform().shell('echo hi')).toEqual({ file: '/bin/sh', args: ['-c', 'echo hi'], verbatimArgs: false })
    expect(darwinPlatform().quoteForShell("it's")).toBe(`'it'\\''s'`)
    // cmd.exe takes its line as written (verbatim), and an argument survives cmd (^) and the C runtime (\").
    const win = win32Platform().shell('echo hi')
    expect(win.args).toEqual(['/d', '/s', '/c', '"echo hi"'])
    expect(win.verbatimArgs).toBe(true)
    expect(win32Platform().quoteForShell('a "b" & c')).toBe('^"a \\^"b\\^" ^& c^"')
  })
})

describe("the Lab's one platform reaches every part that asks the OS", () => {
  let lab: Lab | undefined
  afterEach(async () => {
    await lab?.close()
    lab = undefined
  })

  it('inspecting, renicing and signalling ask the platform the Lab was given, not the system behind it', async () => {
    const victim = startChild(process.execPath, sleeper())
    await waitFor(() => alive(victim.pid!))
    const fake = linuxWith({
      owner: () => ({ uid: 4242, user: 'someone' }),
      holdings: (pid) => ({
        pid,
        readAt: 1,
        files: { ok: false, reason: plainMsg('fake') },
        cwd: { ok: true, value: '/fake' },
        environment: { ok: false, reason: plainMsg('fake') },
        limits: { ok: false, reason: plainMsg('fake') },
        cgroup: { ok: false, reason: plainMsg('fake') },
      }),
    })
    lab = new Lab({ platform: fake, intervalMs: 500 })
    expect(lab.sampler.platform).toBe(fake)
    expect(lab.supervisor.platform).toBe(fake)
    expect(await lab.invoke('inspectProcess', [victim.pid])).toMatchObject({
      ok: true,
      value: { cwd: { value: '/fake' } },
    })
    for (const [method, args] of [
      ['setPriority', [victim.pid, 5]],
      ['kill', [victim.pid, 'SIGKILL']],
    ] as const)
      expect(await lab.invoke(method, args)).toMatchObject({
        ok: false,
        error: { code: 'EPERM', message: expect.stringMatching(/someone/) },
      })
    expect(alive(victim.pid!)).toBe(true)
  })
})

// ---------------------------------------------------------------- the core under another system's rules, with real processes

/** Linux's real process control, with another system's rules on top. */
function linuxWith(patch: Partial<Platform> & { info?: Partial<PlatformInfo> }): Platform {
  const base = linuxPlatform()
  return { ...base, ...patch, info: { ...base.info, ...patch.info } }
}

const sleeper = (): string[] => ['-e', 'setTimeout(() => {}, 30_000)']

describe('the core on a system without signals (Windows rules)', () => {
  let lab: Lab | undefined
  afterEach(async () => {
    await lab?.close()
    lab = undefined
  })

  it('reports its capabilities through the channel table, and refuses a missing signal with the reason, leaving the process running', async () => {
    const w = win32Platform()
    lab = new Lab({ platform: linuxWith({ info: w.info }), intervalMs: 500 })
    const reply = await lab.invoke('getPlatform', [])
    expect(reply).toMatchObject({
      ok: true,
      value: { os: 'win32', canSuspend: false, signals: ['SIGTERM', 'SIGINT', 'SIGKILL'] },
    })
    const { pid } = await lab.supervisor.start({
      kind: 'exec',
      file: process.execPath,
      args: sleeper(),
      role: 'target',
    })
    const refused = await lab.invoke('kill', [pid, 'SIGSTOP'])
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'EINVAL', message: expect.stringMatching(/Windows has no SIGSTOP/) },
    })
    await sleep(100)
    expect(alive(pid)).toBe(true)
  })

  it("reads a child ended by ProcLab's kill as killed, though it reports only an exit code", async () => {
    // What TerminateProcess leaves: exit code 1, no signal. A child that exits 1 on SIGTERM shows the same on Linux.
    const sup = new Supervisor(linuxWith({ terminateExitCode: 1 }))
    // It prints once its handler is installed: a signal before that would end it the default way.
    const ready = new Promise<void>((resolve) =>
      sup.on('event', (e) => e.type === 'output' && /ready/.test(e.text) && resolve()),
    )
    const s = await sup.start({
      kind: 'exec',
      file: process.execPath,
      args: ['-e', "process.on('SIGTERM', () => process.exit(1)); setInterval(() => {}, 1000); console.log('ready')"],
    })
    await ready
    sup.signal(s.pid, 'SIGTERM')
    const exit: ExitInfo = await s.exited
    expect(exit).toMatchObject({ reason: 'killed', signal: 'SIGTERM', code: 1 })
    // The same exit without our signal is the program's own error exit.
    const t = await sup.start({ kind: 'exec', file: process.execPath, args: ['-e', 'process.exit(1)'] })
    expect(await t.exited).toMatchObject({ reason: 'error-exit', code: 1, signal: null })
  })
})

describe("the guard for ProcLab's own helpers where there is no /proc", () => {
  let lab: Lab | undefined
  afterEach(async () => {
    await lab?.close()
    lab = undefined
  })
  // macOS/Windows rules: no parent read from the OS, no owner: the sampler's table and registered pids must do.
  const noProc = (): Platform => linuxWith({ parentOf: undefined, owner: () => undefined })

  it('refuses the warden and registered helper processes (Electron renderer, GPU)', async () => {
    lab = new Lab({ platform: noProc(), intervalMs: 500 })
    const warden = startWarden(lab.supervisor)!
    const helper = startChild(process.execPath, sleeper())
    try {
      await waitFor(() => alive(warden.pid!) && alive(helper.pid!))
      expect(await lab.invoke('kill', [warden.pid, 'SIGSTOP'])).toMatchObject({
        ok: false,
        error: { code: 'EREFUSED' },
      })
      lab.setHelperPids([helper.pid!])
      expect(await lab.invoke('kill', [helper.pid, 'SIGKILL'])).toMatchObject({
        ok: false,
        error: { code: 'EREFUSED', message: expect.stringMatching(/part of ProcLab/) },
      })
      await sleep(100)
      expect(alive(helper.pid!)).toBe(true)
    } finally {
      warden.kill('SIGKILL')
    }
  })

  it("refuses a descendant of ProcLab that it did not start, from the sampler's parent table", async () => {
    lab = new Lab({ platform: noProc(), intervalMs: 500 })
    // Started by this process (ProcLab, here) but not through the supervisor: like an Electron utility process.
    const inner = startChild(process.execPath, sleeper())
    await waitFor(() => alive(inner.pid!))
    await lab.sampler.sampleNow()
    expect(lab.sampler.parentOf(inner.pid!)).toBe(process.pid)
    expect(await lab.invoke('kill', [inner.pid, 'SIGKILL'])).toMatchObject({ ok: false, error: { code: 'EREFUSED' } })
    // A child the supervisor started stays the user's to signal.
    const { pid } = await lab.supervisor.start({ kind: 'exec', file: process.execPath, args: sleeper() })
    await lab.sampler.sampleNow()
    expect(await lab.invoke('kill', [pid, 'SIGKILL'])).toMatchObject({ ok: true })
    await waitFor(() => !alive(pid))
  })
})

describe("refusing another user's process where only the sampler's table knows owners (macOS)", () => {
  let lab: Lab | undefined
  afterEach(async () => {
    await lab?.close()
    lab = undefined
  })

  // Starting a process as another user needs root; the check itself is the same for everyone.
  it(`refuses it from the table's uid and leaves it running ${ROOT_TAG}`, async (ctx) => {
    needs(ctx, canSetUid())
    lab = new Lab({ platform: linuxWith({ owner: () => undefined, parentOf: undefined }), intervalMs: 500 })
    const victim = startChild(process.execPath, sleeper(), { uid: 65534 })
    await waitFor(() => alive(victim.pid!))
    await lab.sampler.sampleNow()
    expect(await lab.invoke('kill', [victim.pid, 'SIGKILL'])).toMatchObject({
      ok: false,
      error: { code: 'EPERM', message: expect.stringMatching(/belongs to user/) },
    })
    await sleep(100)
    expect(alive(victim.pid!)).toBe(true)
  })
})

describeWith(hasProcfs())('Linux platform against /proc', () => {
  it('reads threads with CPU seconds, and wall-clock start times near now', async () => {
    const l = linuxPlatform()
    const spawnedAt = Date.now()
    const child = startChild(process.execPath, ['-e', 'for(;;){}'])
    await waitFor(() => alive(child.pid!))
    await sleep(400)
    const threads = l.readThreads(child.pid!)!
    const main = threads.find((t) => t.tid === child.pid)!
    expect(main.seconds).toBeGreaterThan(0)
    // The threads' seconds add up to the process's own count (threads that ended aside).
    const total = threads.reduce((n, t) => n + t.seconds, 0)
    expect(Math.abs(total - l.processCpuSeconds(child.pid!)!)).toBeLessThan(0.1)
    expect(l.owner(child.pid!)).toEqual({ uid: process.getuid!(), user: expect.any(String) })
    expect(l.parentOf!(child.pid!)).toBe(process.pid)
    const startedAt = l.startedAt(readStat(child.pid!)!.start, Date.now())!
    expect(Math.abs(startedAt - spawnedAt)).toBeLessThan(1500)
    child.kill('SIGKILL')
    await waitFor(() => l.readThreads(child.pid!) === null || !alive(child.pid!))
  })
})
