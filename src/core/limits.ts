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

/**
 * Bounds on the web host's connections (and its --metrics-port listener), so
 * that clients without the token cannot hold its file descriptors: a flood of
 * half-open connections once reached 21,000 and the sampler and the runs failed
 * with EMFILE.
 */
export interface ConnectionLimits {
  /** Sockets the server holds at once, authenticated or not (server.maxConnections); past it Node closes new ones. */
  readonly maxConnections: number
  /** Sockets that are not an authenticated WebSocket (plain HTTP, upgrade requests not yet answered); past it the oldest is closed. */
  readonly maxUnauthenticated: number
  /** A new connection must deliver its first request's headers (a WebSocket upgrade's too) within this. */
  readonly headersTimeoutMs: number
  /** A whole request, body included. */
  readonly requestTimeoutMs: number
  /** An idle keep-alive connection between requests. */
  readonly keepAliveTimeoutMs: number
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 256,
  maxUnauthenticated: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
}
