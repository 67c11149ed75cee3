// ProcLab's global limits, in one place. Each scenario bounds its own options;
// these bound the total, so a click storm or a script cannot fork-bomb the
// machine through ProcLab, and one WebSocket client cannot exhaust the host.

/** Runs that may be live (not ended) at once. */
export const MAX_LIVE_RUNS = 8

/**
 * Live processes ProcLab started (its direct children and the workers they
 * report) at which a new run, or a new direct child, is refused.
 */
export const MAX_LIVE_CHILDREN = 64

/** Requests one WebSocket may have in progress at once; past it the socket is closed. */
export const MAX_IN_FLIGHT = 64

/** Bytes of replies the host may have queued for one WebSocket; past it the socket is closed. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024
