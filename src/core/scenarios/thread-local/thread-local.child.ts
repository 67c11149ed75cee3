// thread-local (ThreadLocal): each thread binds its own student and a shared
// function reads it without being passed it. In Node a worker thread's module
// globals are its own (each thread has its own JavaScript world), which is
// ThreadLocal for free; tasks interleaved on one thread use AsyncLocalStorage.
// A variable that really is shared — a slot in shared memory between threads,
// or a plain global between tasks — shows what goes wrong without either.
import { AsyncLocalStorage } from 'node:async_hooks'
import { delay } from '../../../shared/delay'
import { labThread, sleepBlocking } from '../../../child/lab-thread'
import type { Host } from '../../../child/scenario-host'
import { runPythonProgram, type PythonCommand } from '../../../child/python-driver'
import type { LocalResult, LocalRow, LocalVariant } from '../../../shared/scenarios/thread-local'

interface LocalData {
  readonly variant: 'worker-global' | 'shared-memory'
  readonly index: number
  readonly students: readonly string[]
  readonly cells: SharedArrayBuffer
  readonly pauseMs: number
}

const GO = 0
const SHARED_STUDENT = 1

// ---- each thread (the seed's process_thread / process_student) ----

const self = labThread<LocalData>('thread-local')
/** A module global: every worker thread gets its own copy of this module, so this is per thread. */
let student: string | undefined

if (self) {
  const { variant, index, students, pauseMs } = self.data
  const cells = new Int32Array(self.data.cells)
  const processStudent = (): string => {
    const std = variant === 'worker-global' ? student : students[Atomics.load(cells, SHARED_STUDENT)]
    return `Hello, ${std} (in ${self.name})`
  }
  const processThread = (name: string): void => {
    if (variant === 'worker-global') student = name
    else Atomics.store(cells, SHARED_STUDENT, index)
    // The other threads bind theirs meanwhile.
    self.set('sleeping')
    sleepBlocking(pauseMs)
    self.set('running')
    const line = processStudent()
    self.print(line)
    self.table.addProgress(self.slot, line.includes(`Hello, ${name} `) ? 1 : 0)
  }
  self.set('sleeping')
  Atomics.wait(cells, GO, 0)
  self.set('running')
  processThread(students[index])
  self.set('done')
}

// ---- the host's main thread ----

const seen = (line: string): string => /^Hello, (.*) \(in /.exec(line)?.[1] ?? '?'
const letter = (i: number): string => String.fromCharCode(65 + (i % 26))

export async function drive(host: Host, options: Record<string, unknown>): Promise<LocalResult | undefined> {
  const students = options.students as string[]
  const pauseMs = options.pauseMs as number
  if (options.language === 'python') {
    // The tutorial's own program (src/python/thread_local.py); proclab.thread() lists its threads.
    const run = await runPythonProgram<LocalResult>(host, options.python as PythonCommand, 'thread_local', {
      students,
      pauseMs,
    })
    return run.result
  }
  const variants: LocalVariant[] = []

  for (const variant of ['worker-global', 'shared-memory'] as const) {
    if (host.signal.aborted) break
    const cells = new SharedArrayBuffer(8)
    const prefix = variant === 'worker-global' ? 'Thread' : 'Shared'
    const ws = students.map((_, index) =>
      host.startThread('thread-local', `${prefix}-${letter(index)}`, {
        variant,
        index,
        students,
        cells,
        pauseMs,
      } satisfies LocalData),
    )
    const stop = (): void => ws.forEach((w) => void w.terminate())
    host.signal.addEventListener('abort', stop, { once: true })
    // Wait until every thread is up, then let them bind together.
    while (ws.some((w) => host.table.read(w.slot).state !== 'sleeping') && !host.signal.aborted) await delay(5)
    const i32 = new Int32Array(cells)
    Atomics.store(i32, GO, 1)
    Atomics.notify(i32, GO)
    for (const w of ws) await w.join()
    host.signal.removeEventListener('abort', stop)
    const rows = ws.map((w, i) => {
      const line = host.lines.find((l) => l.thread === w.name)?.text ?? ''
      return { who: w.name, bound: students[i], seen: seen(line) }
    })
    variants.push({ id: variant, rows })
  }

  // Tasks on the host's one event loop: concurrency without threads.
  if (!host.signal.aborted) {
    const als = new AsyncLocalStorage<string>()
    let shared: string | undefined
    const rowsAls: LocalRow[] = []
    const rowsShared: LocalRow[] = []
    await Promise.all(
      students.map((name, i) =>
        als.run(name, async () => {
          shared = name
          await delay(pauseMs)
          const a = `Hello, ${als.getStore()} (in Task-${letter(i)})`
          const b = `Hello, ${shared} (in Task-${letter(i)}, plain global)`
          host.print(a)
          host.print(b)
          rowsAls.push({ who: `Task-${letter(i)}`, bound: name, seen: seen(a) })
          rowsShared.push({ who: `Task-${letter(i)}`, bound: name, seen: seen(b) })
        }),
      ),
    )
    variants.push({ id: 'async-local-storage', rows: rowsAls })
    variants.push({ id: 'task-global', rows: rowsShared })
  }
  return { language: 'node', variants }
}
