// What the whole machine used over a measurement window, beside what the run's
// own work used: the rest is other programs, which a verdict about cores must
// know (src/core/scenarios/busy.ts judges it).

/** Both in % of one core (100 = one core busy for the whole window). */
export interface MachineWindow {
  /** Every process on the machine: the busy time of all cores over the window. */
  readonly machine: number
  /** The run's own processes or threads over the same window; null where the OS did not say. */
  readonly ours: number | null
}
