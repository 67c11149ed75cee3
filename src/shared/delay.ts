// The one way to wait in ProcLab's own code, in every process: a timer that an
// AbortSignal can cut short (a stopped run must not sit out its pauses).

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export const delay = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done(): void {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
