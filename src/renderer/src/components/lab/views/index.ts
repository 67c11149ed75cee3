// Scenario-specific views, drawn inside a run's panel from RunInfo.live (while
// it runs) and RunInfo.outcome.data (after). Each receives the props
// { info: RunInfo, processes: RunProcess[] }. Add a line per scenario.
import type { Component } from 'vue'
import CrashView from './CrashView.vue'
import DistributedView from './DistributedView.vue'
import PoolTimeline from './PoolTimeline.vue'
import QueueView from './QueueView.vue'
import ThreadRunView from './thread/ThreadRunView.vue'

export const SCENARIO_VIEWS: Record<string, Component> = {
  pool: PoolTimeline,
  'queue-pair': QueueView,
  'crash-isolation': CrashView,
  distributed: DistributedView,
  threads: ThreadRunView,
  'thread-local': ThreadRunView,
  'lock-race': ThreadRunView,
  deadlock: ThreadRunView,
  spin: ThreadRunView,
  'switch-cost': ThreadRunView,
  'cpu-vs-io': ThreadRunView,
  'async-io': ThreadRunView,
}
