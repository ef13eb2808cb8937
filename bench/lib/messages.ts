// What the orchestrator and its worker processes say to each other over the fork IPC channel.
// Every request names the reply it waits for; a worker answers a failure with `{ type: 'error' }`.

/**
 * `client`: the full headless `LiveViewer` on the live link, as a screen or the public page watches;
 * `socketio`: the full headless `RostrumClient`, as the links that act; `thin`: the Socket.IO wire
 * protocol and a plain Y.Doc only.
 */
export type ViewerKind = 'client' | 'socketio' | 'thin'

export interface ObserverConfig {
  readonly url: string
  readonly token: string
  readonly clients: number
  /** Connects in flight at once in this process. */
  readonly concurrency: number
  readonly syncTimeoutMs: number
  readonly viewer: ViewerKind
  /** Floor calls in the whole run (warm-up + measured); sizes the per-client receive arrays. */
  readonly calls: number
}

export type ObserverRequest =
  | { readonly type: 'connect'; readonly config: ObserverConfig }
  | { readonly type: 'track'; readonly speakerIds: readonly string[] }
  | { readonly type: 'arm' }
  | { readonly type: 'await-call'; readonly call: number; readonly deadlineMono: number }
  | { readonly type: 'results' }
  | { readonly type: 'close' }

export type ObserverReply =
  | { readonly type: 'connected'; readonly firstConnectMono: number; readonly lastSyncedMono: number; readonly failed: number }
  | { readonly type: 'tracking' }
  | { readonly type: 'armed' }
  | { readonly type: 'call-seen'; readonly complete: boolean; readonly cpuMs: number; readonly wallMs: number }
  | {
    readonly type: 'results'
    /** clients × calls receive times (CLOCK_MONOTONIC ms), row-major; NaN = never seen. */
    readonly receivedMono: Float64Array
    readonly clients: number
    readonly outOfOrder: number
    /** Calls credited when a later call's update arrived merged with theirs. */
    readonly coalesced: number
  }
  | { readonly type: 'closed' }
  | { readonly type: 'error'; readonly error: string }

export type ChairRequest =
  | { readonly type: 'connect'; readonly url: string; readonly token: string; readonly syncTimeoutMs: number }
  | { readonly type: 'call'; readonly first: number; readonly count: number; readonly intervalMs: number; readonly ackTimeoutMs: number }
  | { readonly type: 'close' }

export interface CallFailure {
  readonly call: number
  readonly error: string
}

export type ChairReply =
  /** `queue`: the waiting speakers in calling order, i.e. whom call k gives the floor to. */
  | { readonly type: 'ready'; readonly queue: readonly string[] }
  | {
    readonly type: 'called'
    readonly sentMono: Float64Array
    readonly ackMs: Float64Array
    readonly failures: readonly CallFailure[]
    /** How far the latest send slipped behind its slot on the absolute schedule. */
    readonly maxLateMs: number
  }
  | { readonly type: 'closed' }
  | { readonly type: 'error'; readonly error: string }
