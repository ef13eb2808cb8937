// What the fifty-meetings check (bench/cluster/fifty-meetings-check.ts) says to its client processes
// (bench/workers/meeting-load-worker.ts): chairs and note-takers of many meetings at once.

export interface LoadClient {
  readonly url: string
  readonly token: string
  /** A chair opens its meeting, gives the floor, then calls the next speaker on a schedule; a note-taker types. */
  readonly role: 'chair' | 'notetaker'
  /** Which meeting, for the figures. */
  readonly meeting: number
  /** The node the client is on is the meeting's owner (filled in by the check once the owner is known). */
  readonly onOwner: boolean
}

export interface LoadPlan {
  readonly durationMs: number
  /** A chair's commands, on an absolute schedule with a random phase. */
  readonly chairIntervalMs: number
  /** A note-taker's bursts of words, each one notes update. */
  readonly noteIntervalMs: number
  readonly wordsPerBurst: number
}

export type MeetingLoadRequest =
  | { readonly type: 'connect'; readonly clients: readonly LoadClient[]; readonly syncTimeoutMs: number }
  | { readonly type: 'run'; readonly plan: LoadPlan }
  | { readonly type: 'close' }

export type MeetingLoadReply =
  | { readonly type: 'connected'; readonly failed: number }
  | {
    readonly type: 'ran'
    /** Ack ms of every chair command, and whether its chair was on the owner node. */
    readonly ackMs: Float64Array
    readonly ackOnOwner: Uint8Array
    readonly refused: number
    readonly lost: number
    /** The first few refusals and losses, for the problems. */
    readonly errors: readonly string[]
    readonly noteBursts: number
  }
  | { readonly type: 'closed' }
  | { readonly type: 'error'; readonly error: string }
