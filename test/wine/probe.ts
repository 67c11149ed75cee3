// Runs INSIDE Windows' own Node.js under Wine (scripts/test-wine.mjs bundles it
// and starts it): ProcLab's win32 platform layer, for real, against Wine's
// implementation of the Windows calls it makes. Each check is passed, failed,
// or skipped with the reason Wine (or this machine) cannot run it. Node under
// Wine cannot write to a pipe as its stdout, so the results go to a file (argv[2])
// and every Node child here reports through a file too.
import type { ChildProcess } from 'node:child_process'
import { fork, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { shellCommand, shellProgram, shellQuote } from '../../src/core/platform/shell'
import { win32Platform } from '../../src/core/platform/win32'
import { ntAvailable, queryProcesses } from '../../src/core/platform/win32-nt'
import { launch } from '../../src/core/supervisor/launch'
import { Supervisor, type SpawnSpec } from '../../src/core/supervisor/supervisor'

type Status = 'pass' | 'fail' | 'skip'
interface Result {
  readonly name: string
  readonly status: Status
  readonly detail: string
}

class Skip extends Error {}
const results: Result[] = []
const children = new Set<ChildProcess>()
const platform = win32Platform()
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab wine ü '))

function assert(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(what)
}

async function check(name: string, fn: () => Promise<string> | string): Promise<void> {
  try {
    results.push({ name, status: 'pass', detail: await fn() })
  } catch (err) {
    const e = err as Error
    results.push({ name, status: e instanceof Skip ? 'skip' : 'fail', detail: e.message })
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, fn: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v !== undefined && v !== false) return v
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await sleep(50)
  }
}

function start(spec: Omit<SpawnSpec, 'runId' | 'role'>): ChildProcess {
  const child = launch({ runId: 'wine', role: 'probe', ...spec }, platform)
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

const exited = (c: ChildProcess): Promise<{ code: number | null; ms: number }> => {
  const t0 = Date.now()
  return new Promise((resolve) => {
    if (c.exitCode !== null) resolve({ code: c.exitCode, ms: 0 })
    else c.once('exit', (code) => resolve({ code, ms: Date.now() - t0 }))
  })
}

/** Wine's version where this runs under Wine (ntdll exports wine_get_version), else undefined. */
function wineVersion(): string | undefined {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi')
    return (koffi.load('ntdll.dll').func('const char *wine_get_version()') as () => string)()
  } catch {
    return undefined
  }
}

const row = (pid: number) => queryProcesses()?.find((p) => p.pid === pid)

/** A Node program in a file (under a path with a space and a non-ASCII letter). */
function script(name: string, text: string): string {
  const file = path.join(work, name)
  fs.writeFileSync(file, text)
  return file
}

const SLEEPER = script('sleeper.js', 'setInterval(() => {}, 1000)\n')

/**
 * How the test's parents start their child: detached, i.e. outside the job object in which
 * libuv puts a Node process's children (killed with it when it ends), as python.exe's worker
 * processes are. A child in that job would end with its parent whatever the tree stop did.
 */
const GRANDCHILD_OPTIONS = "{ stdio: 'ignore', windowsHide: true, detached: true }"

async function main(): Promise<void> {
  await check('koffi loads its win32 x64 binary and binds NtQuerySystemInformation', () => {
    assert(ntAvailable(), 'ntAvailable() is false: koffi or ntdll.dll did not load')
    return 'ntdll.dll bound'
  })

  await check('process table: this process with its name, pid, parent pid, threads, memory and start', () => {
    const table = queryProcesses(true)
    assert(table && table.length >= 3, `table has ${table?.length ?? 'no'} rows`)
    const me = table.find((p) => p.pid === process.pid)
    assert(me, `own pid ${process.pid} not in the table`)
    assert(me.name.toLowerCase() === 'node.exe', `own name read as ${JSON.stringify(me.name)}`)
    assert(me.ppid === process.ppid, `parent pid ${me.ppid}, Node says ${process.ppid}`)
    assert(me.threads >= 2, `threads ${me.threads}: Node has a main thread and its pool`)
    assert(me.threadList?.length === me.threads, `thread list ${me.threadList?.length} vs count ${me.threads}`)
    assert(new Set(me.threadList.map((t) => t.tid)).size === me.threads, 'thread ids repeat')
    const rss = process.memoryUsage().rss
    assert(me.memory > rss / 2 && me.memory < rss * 2, `working set ${me.memory} vs Node's rss ${rss}`)
    const bornAt = Date.now() - process.uptime() * 1000
    assert(
      Math.abs(me.start - bornAt) < 5000,
      `start ${new Date(me.start).toISOString()} vs ${new Date(bornAt).toISOString()}`,
    )
    const unnamed = table.filter((p) => p.pid !== 0 && !p.name)
    assert(unnamed.length === 0, `rows without a name: ${unnamed.map((p) => p.pid).join(', ')}`)
    const names = [...new Set(table.map((p) => p.name))].slice(0, 8).join(', ')
    return `${table.length} processes (${names}…); node.exe pid ${me.pid}, ${me.threads} threads, working set ${Math.round(me.memory / 2 ** 20)} MiB`
  })

  await check('CPU times: 0.3 s of CPU spent shows in the table as in process.cpuUsage()', () => {
    const before = row(process.pid)!.cpuSeconds
    const u0 = process.cpuUsage()
    // Spin until Node itself counts 0.3 s of CPU (a busy machine gives less per wall second), 10 s at most.
    const end = Date.now() + 10_000
    let u = process.cpuUsage(u0)
    while ((u.user + u.system) / 1e6 < 0.3 && Date.now() < end) {
      for (let i = 0; i < 1e5; i++) Math.sqrt(i)
      u = process.cpuUsage(u0)
    }
    const after = row(process.pid)!.cpuSeconds
    const node = (u.user + u.system) / 1e6
    const nt = after - before
    assert(node >= 0.3, `Node counted only ${node.toFixed(3)} s of CPU in 10 s`)
    assert(Math.abs(nt - node) < 0.15, `table +${nt.toFixed(3)} s vs cpuUsage +${node.toFixed(3)} s`)
    return `table +${nt.toFixed(3)} s, cpuUsage +${node.toFixed(3)} s`
  })

  await check('the sampler source (NtSource) lists and reads this process', async () => {
    const source = platform.createSource()
    try {
      const pids = await source.listPids()
      assert(pids.includes(process.pid), 'own pid not listed')
      const r = (await source.read([process.pid])).get(process.pid)
      assert(r && r.name.toLowerCase() === 'node.exe' && (r.threads ?? 0) >= 2, `read ${JSON.stringify(r)}`)
      assert(r.cpuSeconds !== undefined && r.cpuSeconds > 0, `CPU ${r.cpuSeconds}`)
      assert(platform.startedAt(r.start, Date.now()) === r.start, 'startedAt drops the start time')
      return `${pids.length} pids; ${r.name}: ${r.threads} threads, ${r.cpuSeconds.toFixed(2)} s CPU`
    } finally {
      source.close()
    }
  })

  await check('threads of this process (readThreads): their ids', () => {
    const threads = platform.readThreads(process.pid)
    const me = queryProcesses()?.find((p) => p.pid === process.pid)
    assert(threads && threads.length >= 2, `got ${threads?.length ?? 'null'}`)
    assert(threads.length === me?.threads, `${threads.length} threads listed, the process row counts ${me?.threads}`)
    assert(
      threads.every((t) => Number.isInteger(t.tid) && t.tid > 0),
      `thread ids ${threads.map((t) => t.tid).join(', ')}`,
    )
    return `${threads.length} threads: ${threads.map((t) => t.tid).join(', ')}`
  })

  await check('threads of this process (readThreads): CPU time per thread', () => {
    const threads = platform.readThreads(process.pid) ?? []
    const busiest = Math.max(...threads.map((t) => t.seconds))
    const total = row(process.pid)!.cpuSeconds
    // This main thread has done the spinning above; the process total also counts the others.
    assert(busiest > 0.2 && busiest <= total + 0.05, `busiest thread ${busiest} s, process ${total} s`)
    return `busiest thread ${busiest.toFixed(2)} s of the process's ${total.toFixed(2)} s`
  })

  await check('threads of this process (readThreads): states and context switches', () => {
    const threads = platform.readThreads(process.pid) ?? []
    const states = new Set(threads.map((t) => t.state))
    const wine = wineVersion()
    if (wine && threads.every((t) => t.state === 'unknown' && !t.voluntary))
      throw new Skip(`Wine ${wine} leaves each thread's state, wait reason and context switches at 0`)
    assert(!states.has('unknown'), `a state read as unknown: ${[...states].join(', ')}`)
    assert(states.has('running'), `this thread is running, yet no thread reads so: ${[...states].join(', ')}`)
    assert(
      threads.some((t) => (t.voluntary ?? 0) > 0),
      'no thread has a context switch',
    )
    return `states ${[...states].join(', ')}`
  })

  await check('start a child, find it in the table under this process, Stop ends it at once', async () => {
    const child = start({ kind: 'exec', file: process.execPath, args: [SLEEPER] })
    const pid = child.pid!
    const r = await until('the child in the table', () => row(pid))
    assert(r.ppid === process.pid, `child's parent pid ${r.ppid}, expected ${process.pid}`)
    assert(r.name.toLowerCase() === 'node.exe', `child's name ${r.name}`)
    assert(platform.isRunning(pid), 'isRunning false for a live child')
    const done = exited(child)
    platform.stopTree(pid, 'graceful', false)
    const e = await Promise.race([done, sleep(3000).then(() => undefined)])
    assert(e, 'still running 3 s after Stop (a graceful stop must not wait on Windows)')
    assert(e.code === platform.terminateExitCode, `exit code ${e.code}, expected ${platform.terminateExitCode}`)
    await until('the pid to be gone', () => !platform.isRunning(pid), 3000)
    return `pid ${pid} ended in ${e.ms} ms with exit code ${e.code}`
  })

  await check('Stop ends a whole tree: a node.exe that started another node.exe, both gone', async () => {
    const pidFile = path.join(work, 'grandchild.pid')
    const parentJs = script(
      'parent.js',
      `const { spawn } = require('child_process')
const c = spawn(process.execPath, [${JSON.stringify(SLEEPER)}], ${GRANDCHILD_OPTIONS})
require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid))
setInterval(() => {}, 1000)
`,
    )
    const parent = start({ kind: 'exec', file: process.execPath, args: [parentJs] })
    const grandchild = await until('the grandchild pid', () =>
      fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : undefined,
    )
    try {
      const g = await until('the grandchild in the table', () => row(grandchild))
      assert(g.ppid === parent.pid, `grandchild's parent pid ${g.ppid}, expected ${parent.pid}`)
      const t0 = Date.now()
      platform.stopTree(parent.pid!, 'graceful', false)
      await until('parent and grandchild to end', () => !row(parent.pid!) && !row(grandchild), 5000)
      return `parent ${parent.pid} and grandchild ${grandchild} gone in ${Date.now() - t0} ms`
    } finally {
      try {
        process.kill(grandchild)
      } catch {
        // Ended, as it should be.
      }
    }
  })

  await check(
    "Supervisor.stop (the Lab's Stop): a run's process and the child it started end well within the grace period",
    async () => {
      const pidFile = path.join(work, 'supervised-grandchild.pid')
      const parentJs = script(
        'supervised.js',
        `const { spawn } = require('child_process')
const c = spawn(process.execPath, [${JSON.stringify(SLEEPER)}], ${GRANDCHILD_OPTIONS})
require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid))
setInterval(() => {}, 1000)
`,
      )
      const supervisor = new Supervisor(platform)
      const started = await supervisor.start({
        runId: 'wine',
        role: 'parent',
        kind: 'exec',
        file: process.execPath,
        args: [parentJs],
      })
      const grandchild = await until('the grandchild pid', () =>
        fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : undefined,
      )
      try {
        const t0 = Date.now()
        const exit = await supervisor.stop(started.pid, 5000)
        const ms = Date.now() - t0
        assert(exit, 'stop() returned no exit')
        assert(ms < 2500, `stop took ${ms} ms of its 5000 ms grace: it waited instead of ending the tree`)
        assert(exit.reason === 'killed', `exit reason ${exit.reason} (code ${exit.code})`)
        await until('the grandchild to end', () => !row(grandchild), 3000)
        return `stopped in ${ms} ms, exit code ${exit.code} read as ${exit.reason}; grandchild ${grandchild} gone`
      } finally {
        try {
          process.kill(grandchild)
        } catch {
          // Ended, as it should be.
        }
      }
    },
  )

  await check('the warden (ProcLab killed): ends the leader of each tree it was told of', async () => {
    const pidFile = path.join(work, 'warden-grandchild.pid')
    const parentJs = script(
      'warden-parent.js',
      `const { spawn } = require('child_process')
const c = spawn(process.execPath, [${JSON.stringify(SLEEPER)}], ${GRANDCHILD_OPTIONS})
require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid))
setInterval(() => {}, 1000)
`,
    )
    const leader = start({ kind: 'exec', file: process.execPath, args: [parentJs] })
    const grandchild = await until('the grandchild pid', () =>
      fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : undefined,
    )
    const warden = fork(path.join(path.dirname(process.argv[1]), 'warden.mjs'), [], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    })
    children.add(warden)
    try {
      warden.send({ type: 'groups', pgids: [leader.pid], mode: 'tree' })
      await sleep(300)
      // What happens when ProcLab dies: the channel closes.
      warden.disconnect()
      await until('the leader to end', () => !row(leader.pid!), 15_000)
      const grandchildLeft = await until('the grandchild to end', () => !row(grandchild), 3000).then(
        () => false,
        () => true,
      )
      if (grandchildLeft && wineVersion())
        throw new Skip(
          `leader ${leader.pid} ended; its child ${grandchild} did not: the warden relies on taskkill /T, which Wine ${wineVersion()} lacks`,
        )
      assert(!grandchildLeft, `grandchild ${grandchild} still running`)
      return `leader ${leader.pid} and its child ${grandchild} ended`
    } finally {
      try {
        process.kill(grandchild)
      } catch {
        // Ended.
      }
    }
  })

  await check("Wine's taskkill /T (what the tree stop no longer depends on)", async () => {
    const child = start({ kind: 'exec', file: process.execPath, args: [SLEEPER] })
    const pid = child.pid!
    await until('the child in the table', () => row(pid))
    const r = spawnSync('taskkill', ['/T', '/F', '/PID', String(pid)], { windowsHide: true, timeout: 10_000 })
    await sleep(500)
    const alive = platform.isRunning(pid)
    if (alive) {
      process.kill(pid)
      throw new Skip(
        `taskkill /T /F left the process running (exit ${r.status}: ${String(r.stdout ?? '').trim()} ${String(r.stderr ?? '').trim()})`,
      )
    }
    return `taskkill /T /F ended it (exit ${r.status})`
  })

  const tricky = ['two words', 'say "hi"', 'back\\slash\\', 'tail\\"quote', '100% & | < > ^ ( ) !', '']
  await check('cmd.exe /d /s /c: arguments with quotes, spaces and cmd syntax arrive exactly', async () => {
    const out = path.join(work, 'argv.json')
    const echo = script(
      'argv.js',
      `require('fs').writeFileSync(process.env.OUT, JSON.stringify(process.argv.slice(2)))\n`,
    )
    const line = [shellProgram(process.execPath), shellQuote(echo), ...tricky.map((a) => shellQuote(a))].join(' ')
    const c = shellCommand(line)
    const child = start({
      kind: 'exec',
      file: c.file,
      args: [...c.args],
      verbatimArgs: c.verbatimArgs,
      env: { ...process.env, OUT: out },
    })
    const e = await exited(child)
    assert(fs.existsSync(out), `the program did not run (cmd exit ${e.code}); line: ${line}`)
    const got = JSON.parse(fs.readFileSync(out, 'utf8')) as string[]
    assert(JSON.stringify(got) === JSON.stringify(tricky), `got ${JSON.stringify(got)}; line: ${line}`)
    return `received ${JSON.stringify(got)}`
  })

  await check('cmd.exe /d /s /c: a line with quotes is run as written (its output read from a pipe)', async () => {
    const line = 'echo "a  b" & echo c"d'
    const c = shellCommand(line)
    const run = (verbatim: boolean): Promise<string> => {
      const child = start({ kind: 'exec', file: c.file, args: [...c.args], verbatimArgs: verbatim })
      let text = ''
      child.stdout!.on('data', (d: Buffer) => (text += d.toString()))
      // 'close', not 'exit': the pipe may still hold output when the process has ended.
      return new Promise<string>((resolve) => child.once('close', () => resolve(text.replace(/\r\n/g, '\n'))))
    }
    const got = await run(c.verbatimArgs)
    assert(got === '"a  b" \nc"d\n', `echoed ${JSON.stringify(got)}`)
    // The control: Node's own quoting (no verbatim) turns every " into \" and cmd runs something else.
    const unquoted = await run(false)
    assert(unquoted !== got, 'the same output without windowsVerbatimArguments: this check could not fail')
    return `echoed ${JSON.stringify(got)}; without verbatim arguments: ${JSON.stringify(unquoted)}`
  })

  await check('paths: Windows paths, a directory with a space and a non-ASCII letter', () => {
    assert(/^[A-Z]:\\/i.test(process.execPath), `execPath ${process.execPath}`)
    assert(path.sep === '\\', `path.sep ${path.sep}`)
    const comspec = process.env.ComSpec ?? ''
    assert(/cmd\.exe$/i.test(comspec) && fs.existsSync(comspec), `ComSpec ${JSON.stringify(comspec)}`)
    assert(fs.readdirSync(work).includes('sleeper.js'), `no sleeper.js in ${work}`)
    assert(shellCommand('x').file === comspec, 'the shell is not ComSpec')
    return `work dir ${work}; ComSpec ${comspec}`
  })

  await check('Python discovery on Windows (findPython)', () => {
    const py = platform.findPython()
    if ('missing' in py) throw new Skip(`no Windows Python in the Wine prefix; ProcLab says: ${py.missing.key}`)
    return `${py.file} ${py.args.join(' ')}`
  })

  results.push({
    name: 'Electron app under Wine',
    status: 'skip',
    detail: "Electron's Windows binary cannot be downloaded here; the platform layer runs in node.exe instead",
  })
}

main()
  .catch((err: Error) => results.push({ name: 'probe', status: 'fail', detail: err.stack ?? String(err) }))
  .finally(() => {
    for (const c of children) c.kill()
    fs.rmSync(work, { recursive: true, force: true })
    fs.writeFileSync(process.argv[2], JSON.stringify(results, null, 1))
    process.exit(0)
  })
