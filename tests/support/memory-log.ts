import type { SequencedUpdate } from '../../server/cluster/meeting-streams.ts'
import type { MeetingId } from '../../shared/domain/types.ts'

/**
 * The PostgreSQL side of the replica path in memory, for the feed's tests: each meeting's log (dense
 * until compacted) and head, read through the same two functions the feed is given. A test may hold the
 * reads (`holdReads`) to decide when they answer, or make them fail.
 */
export class MemoryLog {
  readonly #rows = new Map<MeetingId, SequencedUpdate[]>()
  readonly #heads = new Map<MeetingId, number>()
  readonly #held: (() => void)[] = []
  #holding = false
  /** Reads started, per meeting. */
  readonly reads = new Map<MeetingId, number>()
  /** The most log reads of one meeting under way at once. */
  maxConcurrentReads = 0
  readonly #concurrent = new Map<MeetingId, number>()
  failReads = false
  failHeads = false

  /** Commits the meeting's next update; returns it (what the owner would publish). */
  commit (meetingId: MeetingId, doc: SequencedUpdate['doc'] = 'control'): SequencedUpdate {
    const seq = (this.#heads.get(meetingId) ?? 0) + 1
    const entry: SequencedUpdate = { seq, doc, update: new Uint8Array([seq % 256, seq >> 8, 1]) }
    this.#heads.set(meetingId, seq)
    this.#rows.set(meetingId, [...(this.#rows.get(meetingId) ?? []), entry])
    return entry
  }

  /** Replaces the rows up to `upToSeq` by one snapshot row at `upToSeq`, as a compaction does. */
  compact (meetingId: MeetingId, upToSeq: number): SequencedUpdate {
    const snapshot: SequencedUpdate = { seq: upToSeq, doc: 'control', update: new Uint8Array([0xff, upToSeq % 256]) }
    const rows = this.#rows.get(meetingId) ?? []
    this.#rows.set(meetingId, [snapshot, ...rows.filter((row) => row.seq > upToSeq)])
    return snapshot
  }

  head (meetingId: MeetingId): number {
    return this.#heads.get(meetingId) ?? 0
  }

  readonly readLog = async (meetingId: MeetingId, afterSeq: number): Promise<SequencedUpdate[]> => {
    this.reads.set(meetingId, (this.reads.get(meetingId) ?? 0) + 1)
    const concurrent = (this.#concurrent.get(meetingId) ?? 0) + 1
    this.#concurrent.set(meetingId, concurrent)
    this.maxConcurrentReads = Math.max(this.maxConcurrentReads, concurrent)
    try {
      // What the log holds when the read starts: a held read does not see later commits.
      const rows = (this.#rows.get(meetingId) ?? []).filter((row) => row.seq > afterSeq)
      if (this.#holding) await new Promise<void>((resolve) => this.#held.push(resolve))
      if (this.failReads) throw new Error('log unreachable (test)')
      return rows
    } finally {
      this.#concurrent.set(meetingId, (this.#concurrent.get(meetingId) ?? 1) - 1)
    }
  }

  readonly readHeads = async (meetingIds: readonly MeetingId[]): Promise<Map<MeetingId, number>> => {
    if (this.failHeads) throw new Error('heads unreachable (test)')
    return new Map(meetingIds.map((meetingId) => [meetingId, this.head(meetingId)]))
  }

  readsOf (meetingId: MeetingId): number {
    return this.reads.get(meetingId) ?? 0
  }

  /** Log reads wait from now until `release`. */
  holdReads (): void {
    this.#holding = true
  }

  /** How many reads wait. */
  get heldReads (): number {
    return this.#held.length
  }

  release (): void {
    this.#holding = false
    for (const resolve of this.#held.splice(0)) resolve()
  }
}

/** What a replica was given, in order: what `apply` records. */
export class AppliedRecord {
  readonly entries: SequencedUpdate[] = []
  readonly apply = (entry: SequencedUpdate): void => { this.entries.push(entry) }
  get seqs (): number[] {
    return this.entries.map((entry) => entry.seq)
  }
}

export const seqRange = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index)
