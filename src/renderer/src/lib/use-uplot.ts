// One uPlot chart in a container element, for the lifetime of a component:
// built on mount, sized to the container as it resizes, rebuilt when the OS
// switches between light and dark (canvas colours are read from CSS variables
// once per build), destroyed on unmount.
import uPlot from 'uplot'
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { prefersDark } from './color-scheme'

/** The value of a CSS custom property as seen from `el` (so it follows the theme). */
export function cssVar(el: Element, name: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || '#888'
}

export interface UplotChart {
  /** Builds the chart again from scratch (new series, new colours). */
  rebuild(): void
  /** New data for the same series: redraws without rebuilding. */
  setData(data: uPlot.AlignedData): void
}

/**
 * `build` gets the container and its width and returns the options (width and
 * height included) and data; `heightFor` sizes the chart when the width changes.
 */
export function useUplot(
  el: Ref<HTMLElement | undefined>,
  build: (box: HTMLElement, width: number) => { opts: uPlot.Options; data: uPlot.AlignedData },
  heightFor: (width: number) => number,
): UplotChart {
  let plot: uPlot | undefined
  let resize: ResizeObserver | undefined

  const widthOf = (box: HTMLElement): number => Math.max(40, box.clientWidth)

  function rebuild(): void {
    plot?.destroy()
    plot = undefined
    const box = el.value
    if (!box) return
    const { opts, data } = build(box, widthOf(box))
    plot = new uPlot(opts, data, box)
  }

  onMounted(() => {
    rebuild()
    resize = new ResizeObserver(() => {
      const box = el.value
      if (!plot || !box || box.clientWidth === 0) return
      const width = widthOf(box)
      if (width !== plot.width) plot.setSize({ width, height: heightFor(width) })
    })
    resize.observe(el.value!)
  })

  onBeforeUnmount(() => {
    resize?.disconnect()
    plot?.destroy()
    plot = undefined
  })

  watch(prefersDark, rebuild)

  return {
    rebuild,
    setData: (data) => plot?.setData(data),
  }
}
