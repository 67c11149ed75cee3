// v-live-only: a control that would start, stop or signal something is
// disabled during a replay, with the reason as its tooltip.
import { watchEffect, type Directive, type WatchStopHandle } from 'vue'
import { t } from '../../i18n'
import { useReplayStore } from '../../stores/replay'

const stops = new WeakMap<HTMLElement, WatchStopHandle>()
const titles = new WeakMap<HTMLElement, string>()

function apply(el: HTMLButtonElement | HTMLInputElement | HTMLSelectElement, replaying: boolean): void {
  if (replaying) {
    if (!titles.has(el)) titles.set(el, el.title)
    el.disabled = true
    el.title = t('ui.replay.reason')
    el.dataset.replayDisabled = 'true'
  } else if (el.dataset.replayDisabled) {
    el.title = titles.get(el) ?? ''
    delete el.dataset.replayDisabled
  }
}

export const vLiveOnly: Directive<HTMLButtonElement | HTMLInputElement | HTMLSelectElement> = {
  mounted(el) {
    const replay = useReplayStore()
    stops.set(
      el,
      watchEffect(() => apply(el, replay.active)),
    )
  },
  // The component re-renders its own :disabled; the replay's word wins.
  updated(el) {
    apply(el, useReplayStore().active)
  },
  unmounted(el) {
    stops.get(el)?.()
  },
}

declare module 'vue' {
  interface GlobalDirectives {
    vLiveOnly: typeof vLiveOnly
  }
}
