// The one Windows call behind the process table. Why NtQuerySystemInformation
// through koffi:
//  - ps-list's fastlist.exe gives pid, ppid and name only, and pidusage starts
//    PowerShell (WMIC is gone from Windows 11 24H2) for every call: about a
//    second of CPU per poll, far past the overhead target;
//  - NtQuerySystemInformation(SystemProcessInformation) returns every process
//    with its CPU times, working set, thread count and threads in ONE system
//    call, what Task Manager and Process Explorer use;
//  - koffi ships prebuilt N-API binaries for win32 x64/arm64/ia32 inside its
//    npm package (no compiler, no install script needed, one binary for Node 20
//    and Electron alike), while @vscode/windows-process-tree builds from source
//    when its prebuilds miss the Electron ABI and reads CPU through a second,
//    per-process pass.
// Loaded with require() inside the call, so no other system ever loads it.
import { createRequire } from 'node:module'
import type { Identity, ProcessSource, Reading } from '../sampler/sources'
import { parseSystemProcessInformation, type NtProcess } from './nt-process-info'

const SystemProcessInformation = 5
const STATUS_INFO_LENGTH_MISMATCH = 0xc0000004 | 0

type NtQuery = (cls: number, buf: Buffer, len: number, ret: number[]) => number

let query: NtQuery | undefined
let addressOf: ((b: Buffer) => bigint) | undefined
let buf = Buffer.alloc(1 << 20)

function bind(): NtQuery {
  if (query) return query
  const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi')
  const ntdll = koffi.load('ntdll.dll')
  query = ntdll.func(
    'int32 __stdcall NtQuerySystemInformation(int32 cls, _Out_ void *buf, uint32 len, _Out_ uint32 *ret)',
  ) as NtQuery
  addressOf = (b) => koffi.address(b)
  return query
}

/** Whether the FFI loads here (koffi's binary for this Windows and architecture). */
let available: boolean | undefined
export function ntAvailable(): boolean {
  if (available === undefined) {
    try {
      bind()
      available = true
    } catch {
      available = false
    }
  }
  return available
}

/** Every process now, or undefined if the call failed. Grows its buffer when the table outgrows it. */
export function queryProcesses(withThreads = false): NtProcess[] | undefined {
  const q = bind()
  for (let attempt = 0; attempt < 4; attempt++) {
    const ret = [0]
    const status = q(SystemProcessInformation, buf, buf.length, ret)
    if (status === STATUS_INFO_LENGTH_MISMATCH) {
      buf = Buffer.alloc(Math.max(buf.length * 2, ret[0] + (1 << 16)))
      continue
    }
    if (status < 0) return undefined
    return parseSystemProcessInformation(buf.subarray(0, ret[0]), addressOf!(buf), withThreads)
  }
  return undefined
}

/** The process source on Windows: the table and every process's numbers from one call per tick. */
export class NtSource implements ProcessSource {
  private last = new Map<number, NtProcess>()
  private at = 0

  /** query: the system call, or a stand-in (tests on other systems). */
  constructor(private readonly query: () => NtProcess[] | undefined = queryProcesses) {}

  async listPids(): Promise<number[]> {
    this.last = new Map((this.query() ?? []).map((p) => [p.pid, p]))
    this.at = Date.now()
    return [...this.last.keys()]
  }

  async read(pids: readonly number[]): Promise<Map<number, Reading>> {
    const out = new Map<number, Reading>()
    for (const pid of pids) {
      const p = this.last.get(pid)
      if (p)
        out.set(pid, {
          pid,
          ppid: p.ppid,
          name: p.name,
          threads: p.threads,
          memory: p.memory,
          cpuSeconds: p.cpuSeconds,
          start: p.start,
          at: this.at,
        })
    }
    return out
  }

  identify(): Identity {
    // Command lines and owners need a handle per process (and rights over it): not worth it for every row.
    return {}
  }

  forget(pid: number): void {
    this.last.delete(pid)
  }

  close(): void {
    this.last.clear()
  }
}
