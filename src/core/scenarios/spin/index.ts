// spin (多核CPU / GIL): busy loops as threads, processes, event-loop tasks and
// python3 threads, with the CPU each way uses by the OS's own count.
import os from 'node:os'
import type { OutcomeCheck } from '../../../shared/model'
import type { ThreadOutcomeData } from '../../../shared/thread-lab'
import type { SpinPhase } from '../../../shared/scenarios/spin'
import { num, runHost, str } from '../../bridge/thread-kit'
import { platform } from '../../platform'
import { defineScenario } from '../types'

const CORES = Math.max(1, os.cpus().length)

const LABEL: Record<SpinPhase['mode'], string> = {
  threads: 'worker threads',
  processes: 'child processes',
  'event-loop': 'tasks on one event loop',
  python: 'python3 threads (GIL)',
}

function check(p: SpinPhase, cores: number): OutcomeCheck {
  const can = Math.min(p.count, cores)
  const coreLoads = `cores ${p.perCore.map((c) => `${Math.round(c)}%`).join(' / ')}`
  const detail = `${p.cpu}% of one core; ${coreLoads}`
  if (p.cpu === null) {
    return {
      label: `${p.count} ${LABEL[p.mode]}: CPU not measurable here`,
      ok: false,
      detail: `this platform does not let ProcLab read another process's CPU time; ${coreLoads}`,
    }
  }
  if (p.mode === 'threads' || p.mode === 'processes') {
    // Another program on the machine can take a share; 80 % of the ideal is still "all cores".
    return {
      label: `${p.count} ${LABEL[p.mode]} use ${can} core${can > 1 ? 's' : ''} (about ${can * 100}%)`,
      ok: p.cpu >= can * 80,
      detail,
    }
  }
  return {
    label: `${p.count} ${LABEL[p.mode]} use about one core, one at a time`,
    ok: p.cpu <= 130 && p.cpu >= 50,
    detail,
  }
}

export const spinScenario = defineScenario({
  info: {
    id: 'spin',
    title: 'Multi-core CPU: busy loops, threads vs processes vs one event loop',
    section: '多核CPU',
    kind: 'thread',
    summary:
      "A busy loop keeps one core at 100 %; two loops on two cores show 200 %, and filling N cores takes N loops (per process, 100 % = one core, as htop counts). The seed's Python cannot do it with threads: its GIL lets one thread run at a time, so N threads show about 100 % however many cores there are, while N processes, each with its own GIL, fill the machine. Here the same loop runs as worker threads (real parallel threads: all cores fill), as child processes (likewise), and as tasks on one event loop — JavaScript's analogue of the GIL, one piece of code at a time — which stays near one core. With python3 installed, the seed's own program shows the real GIL. Watch the per-core bars and the host's CPU.",
    options: [
      {
        key: 'mode',
        label: 'Run as',
        type: 'choice',
        default: 'threads',
        choices: ['threads', 'processes', 'event-loop', 'python', 'all'],
      },
      { key: 'count', label: 'Busy loops', type: 'integer', default: CORES, min: 1, max: Math.max(16, CORES * 2) },
      { key: 'durationS', label: 'Seconds per mode', type: 'integer', default: 6, min: 1, max: 60 },
    ],
  },
  sources: ['thread-spin'],
  async run(ctx) {
    const run = await runHost(ctx, 'thread-spin', {
      mode: str(ctx.options, 'mode'),
      count: num(ctx.options, 'count'),
      durationS: num(ctx.options, 'durationS'),
      // Found by the platform layer: `py -3` on Windows, never Apple's stub that opens an install dialog.
      python: platform().findPython(),
    })
    const r = run.result
    const phases = r?.phases ?? []
    const cores = r?.cores ?? CORES
    const checks = phases.map((p) => check(p, cores))
    // A mode that could not run is said, not counted as a check that held.
    const skippedText = (r?.skipped ?? []).map((s) => ` ${LABEL[s.mode]} not run: ${s.why}.`).join('')
    const data: ThreadOutcomeData = {
      threads: run.view.threads,
      table: {
        columns: ['mode', 'loops', 'CPU (% of one core)', ...Array.from({ length: cores }, (_, i) => `core ${i}`)],
        rows: phases.map((p) => [LABEL[p.mode], p.count, p.cpu, ...p.perCore]),
      },
    }
    return {
      summary: phases.length
        ? `On ${cores} cores: ${phases.map((p) => `${p.count} ${LABEL[p.mode]} → ${p.cpu ?? 'not measurable'}%`).join('; ')} (100% = one core).` +
          skippedText
        : 'Stopped before a mode finished.' + skippedText,
      checks,
      figures: Object.fromEntries([
        ['cores', cores],
        ...phases.map((p) => [`${p.mode}.cpu`, p.cpu]),
        ...phases.map((p) => [`${p.mode}.coresMin`, Math.min(...p.perCore)]),
      ]),
      data,
    }
  },
})
