// Run numbers count per scenario, as a learner reads them: the first pool run
// is pool-1 even when other scenarios ran before it.
import { describe, expect, it } from 'vitest'
import { useScenarioLab } from './helpers/scenario-runs'

const { start } = useScenarioLab()

describe('run numbers', () => {
  it('count per scenario, not across the lab', async () => {
    const ids: string[] = []
    for (const id of ['fork', 'fork', 'threads']) {
      const w = await start(
        id,
        id === 'fork' ? { language: 'node', holdMs: 0 } : { language: 'node', count: 1, pauseMs: 50 },
      )
      ids.push(w.run.runId)
      await w.ended
    }
    expect(ids).toEqual(['fork-1', 'fork-2', 'threads-1'])
  })
})
