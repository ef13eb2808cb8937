// What the storm and clock cases say to their client processes (bench/workers/fleet-worker.ts).

/** A link a client opens: over the live link when it only watches (as the public page does), else over Socket.IO. */
export interface FleetLink {
  readonly token: string
  readonly watches: boolean
}

export interface FleetConfig {
  readonly url: string
  /** One client per link, in this order (public and delegation links mixed). */
  readonly links: readonly FleetLink[]
  /** Connects in flight at once in this process. */
  readonly concurrency: number
  readonly syncTimeoutMs: number
  /** socket.io's reconnection back-off; omitted: the client's defaults (as the app runs). */
  readonly reconnection?: { readonly delayMs: number; readonly delayMaxMs: number }
}

export type FleetRequest =
  | { readonly type: 'connect'; readonly config: FleetConfig }
  /** Storm: from now on, record each client's disconnect, reconnect and re-sync. */
  | { readonly type: 'arm' }
  | { readonly type: 'await-resync'; readonly deadlineMono: number }
  /** Until every client's floor shows `speakerId`, or the deadline. */
  | { readonly type: 'await-floor'; readonly speakerId: string; readonly deadlineMono: number }
  | { readonly type: 'digests' }
  /** From now on, record when each client is synced and shows `speakerId` on the floor (with `arm`: after a node died). */
  | { readonly type: 'watch-floor'; readonly speakerId: string }
  /** Until every client shows the watched speaker while synced, or the deadline. */
  | { readonly type: 'await-shown'; readonly deadlineMono: number }
  /** Clock: every client re-estimates the server clock (reset + `pings` pings), all at once. */
  | { readonly type: 'resync-clock'; readonly pings: number }
  | { readonly type: 'clock-errors' }
  | { readonly type: 'close' }

export type FleetReply =
  | { readonly type: 'connected'; readonly firstConnectMono: number; readonly lastSyncedMono: number; readonly failed: number }
  | { readonly type: 'armed' }
  | {
    readonly type: 'resynced'
    /** Per client, CLOCK_MONOTONIC ms; NaN = did not happen. */
    readonly disconnectedMono: Float64Array
    /** The socket's first `connect` after the disconnect. */
    readonly reconnectedMono: Float64Array
    /** Both documents in step again (`client.synced` true again). */
    readonly resyncedMono: Float64Array
    /** socket.io reconnect attempts each client needed. */
    readonly attempts: Float64Array
  }
  | { readonly type: 'floor-seen'; readonly missing: number }
  | { readonly type: 'watching' }
  | {
    readonly type: 'shown'
    /** Per client, CLOCK_MONOTONIC ms (NaN = did not happen), as `resynced`. */
    readonly disconnectedMono: Float64Array
    readonly resyncedMono: Float64Array
    /** Synced and showing the watched speaker, first seen. */
    readonly shownMono: Float64Array
  }
  /** Digest (lib/digest.ts) → how many clients hold it. */
  | { readonly type: 'digests'; readonly counts: Readonly<Record<string, number>> }
  | { readonly type: 'clock-resynced' }
  /** Per client: estimated server time − the machine's clock (the server's own), and its best RTT. */
  | { readonly type: 'clock-errors'; readonly errorMs: Float64Array; readonly rttMs: Float64Array }
  | { readonly type: 'closed' }
  | { readonly type: 'error'; readonly error: string }
