// A clock that ticks while something is going on (a run's elapsed time, the
// bars of running tasks) and stands still otherwise. Reads the feed's time, so
// in a replay it is the recording's.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { feed } from '../api/feed'

export function useClock(running: Ref<boolean>, everyMs: number): Ref<number> {
  const now = ref(feed.now())
  let timer: ReturnType<typeof setInterval> | undefined
  watch(
    running,
    (r) => {
      clearInterval(timer)
      if (r) timer = setInterval(() => (now.value = feed.now()), everyMs)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
