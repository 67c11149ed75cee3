// Axis tick labels for uPlot: on a log axis uPlot hands null for a tick it
// leaves unlabelled (too dense), which String() would print as "null".
export function tickLabels(vals: readonly (number | null)[], fmt: (v: number) => string = String): string[] {
  return vals.map((v) => (v == null ? '' : fmt(v)))
}
