import type { Logger } from 'pino'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { MeetingStreams, SequencedUpdate } from './meeting-streams.ts'

/** What the feed needs of the streams: MeetingStreams, or a test's stand-in. */
export type UpdateStreams = Pick<MeetingStreams, 'subscribe' | 'healthy'>

export interface ReplicaFeedDeps {
  readonly streams: UpdateStreams
  /**
   * The meeting's log rows with seq > afterSeq, in seq order (PostgreSQL). Not dense after a compaction:
   * one snapshot row at seq s stands for every row up to s, so rows are applied as given.
   */
  readonly readLog: (meetingId: MeetingId, afterSeq: number) => Promise<SequencedUpdate[]>
  /** Each meeting's last committed seq (PostgreSQL's head_seq); a meeting it does not name is skipped. */
  readonly readHeads: (meetingIds: readonly MeetingId[]) => Promise<Map<MeetingId, number>>
  readonly logger: Logger
  /** An `apply` threw: the meeting is no longer fed, and its room should reload and `add` it again. */
  readonly onBroken?: (meetingId: MeetingId, error: unknown) => void
  /** How often `start()` polls the heads. */
  readonly pollMs?: number
}

const DEFAULT_POLL_MS = 1_000
/**
 * Stream entries held per meeting while the gap before them is read from the log. Past it they are
 * dropped: the log has them too, so the bound costs a read, never an update.
 */
const MAX_PENDING = 1_000

/**
 * How long a delivered entry past a gap waits for the stream before the gap is read from the log. The
 * owner's reply to a forwarded write often overtakes the stream's copies of the updates just before it
 * (other nodes' writes): those are on their way, and reading PostgreSQL for them at once would cost a
 * query per forwarded write on a busy meeting.
 */
export const DELIVERED_GAP_WAIT_MS = 100

interface Fed {
  readonly meetingId: MeetingId
  readonly apply: (entry: SequencedUpdate) => void
  appliedSeq: number
  /** Stream entries past a gap, by seq, until the gap is filled. */
  readonly pending: Map<number, SequencedUpdate>
  /** The log read under way: one at a time per meeting. */
  reading: Promise<void> | null
  /** A read was asked for during the one under way, which may have started too early to see it. */
  readAgain: boolean
  /** The highest seq known to exist, from a head or a stream entry: what a read again must reach. */
  knownSeq: number
  /** The head at the last poll when the meeting was behind it; null when it was not. */
  behindHeadAtPoll: number | null
  /** The last log read failed: the next poll reads again, whatever Redis's health. */
  readFailed: boolean
  broken: boolean
  /** A delivered entry past a gap is waiting for the stream (DELIVERED_GAP_WAIT_MS). */
  gapTimer: NodeJS.Timeout | null
  /** This node owns the meeting: it wrote every update, so its stream is not read (see `own`). */
  owned: boolean
  /** Ends the stream subscription; a no-op while the meeting is owned here. */
  unsubscribe: () => void
}

/**
 * Keeps each replica meeting's documents in step with its owner: applies the committed updates to it
 * strictly in seq order, exactly once. The Redis stream brings them quickly; a gap in it, a Redis that
 * is down or a stream that lags the heads is filled from the PostgreSQL log. Order matters: Yjs keeps an
 * update that arrives after a gap as pending without a word, so a replica fed out of order would stop
 * changing while looking healthy.
 */
export class ReplicaFeed {
  readonly #deps: ReplicaFeedDeps
  readonly #fed = new Map<MeetingId, Fed>()
  #timer: NodeJS.Timeout | null = null
  #polling: Promise<void> | null = null

  constructor (deps: ReplicaFeedDeps) {
    this.#deps = deps
  }

  /**
   * Feeds the meeting from `appliedSeq` on (what its documents were loaded up to). A meeting already fed
   * is a programmer error, unless it broke: then this is its reload coming back.
   */
  add (meetingId: MeetingId, appliedSeq: number, apply: (entry: SequencedUpdate) => void): void {
    const existing = this.#fed.get(meetingId)
    if (existing !== undefined && !existing.broken) throw new Error(`meeting ${meetingId} is already fed`)
    if (!Number.isSafeInteger(appliedSeq) || appliedSeq < 0) throw new RangeError(`not an applied seq: ${appliedSeq}`)
    this.#fed.delete(meetingId)
    const fed: Fed = {
      meetingId, apply, appliedSeq, pending: new Map(), reading: null, readAgain: false, knownSeq: appliedSeq,
      behindHeadAtPoll: null, readFailed: false, broken: false, gapTimer: null, owned: false, unsubscribe: () => {}
    }
    this.#subscribe(fed)
    this.#fed.set(meetingId, fed)
  }

  /**
   * This node owns the meeting now: every update it stores, it wrote, so it stops reading them back from
   * the stream (on a node owning a third of fifty busy meetings, a third of what it read). Its heads are
   * still polled, so an update another owner stored is still found (and the room steps down).
   */
  own (meetingId: MeetingId): void {
    const fed = this.#fed.get(meetingId)
    if (fed === undefined || fed.owned || !this.#isCurrent(fed)) return
    fed.owned = true
    fed.unsubscribe()
    fed.unsubscribe = () => {}
    this.#stopWaiting(fed)
    fed.pending.clear()
  }

  /** The owner stored `seq` of the meeting and applied it itself. */
  wrote (meetingId: MeetingId, seq: number): void {
    const fed = this.#fed.get(meetingId)
    if (fed?.owned === true && seq > fed.appliedSeq) fed.appliedSeq = seq
  }

  /** This node no longer owns the meeting: it reads the stream again from what its room has. */
  disown (meetingId: MeetingId): void {
    const fed = this.#fed.get(meetingId)
    if (fed === undefined || !fed.owned || !this.#isCurrent(fed)) return
    fed.owned = false
    this.#subscribe(fed)
  }

  remove (meetingId: MeetingId): void {
    const fed = this.#fed.get(meetingId)
    if (fed === undefined) return
    this.#fed.delete(meetingId)
    this.#stopWaiting(fed)
    fed.unsubscribe()
  }

  /**
   * Entries that reached this node another way — the owner's reply to a write this node forwarded — fed
   * as the stream's are, so they too apply once each and in order.
   */
  deliver (meetingId: MeetingId, entries: readonly SequencedUpdate[]): void {
    const fed = this.#fed.get(meetingId)
    if (fed !== undefined) this.#receive(fed, entries, false)
  }

  /** The last seq applied to the meeting, or null when it is not fed. */
  appliedSeq (meetingId: MeetingId): number | null {
    return this.#fed.get(meetingId)?.appliedSeq ?? null
  }

  /** Polls every `pollMs` until `close`. */
  start (): void {
    if (this.#timer !== null) return
    this.#timer = setInterval(() => {
      // A poll still waiting on PostgreSQL is not doubled up.
      this.#polling ??= this.poll().finally(() => { this.#polling = null })
    }, this.#deps.pollMs ?? DEFAULT_POLL_MS)
  }

  /**
   * Compares every fed meeting with its head and reads the log for the ones that need it; resolves once
   * those reads are done. While Redis is down any meeting behind its head reads. While it is up a meeting
   * behind reads only if it is still short of the head it was behind at the previous poll: the stream is
   * lagging, not merely an instant behind, so a busy meeting does not read PostgreSQL every second.
   */
  async poll (): Promise<void> {
    const polled = [...this.#fed.values()].filter((fed) => !fed.broken)
    if (polled.length === 0) return
    let heads: Map<MeetingId, number>
    try {
      heads = await this.#deps.readHeads(polled.map((fed) => fed.meetingId))
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'reading the meetings\' heads failed; next poll retries')
      return
    }
    const healthy = this.#deps.streams.healthy
    const reads: Promise<void>[] = []
    for (const fed of polled) {
      const head = heads.get(fed.meetingId)
      if (head === undefined || !this.#isCurrent(fed)) continue
      const lagging = fed.behindHeadAtPoll !== null && fed.appliedSeq < fed.behindHeadAtPoll
      const behind = fed.appliedSeq < head
      fed.behindHeadAtPoll = behind ? head : null
      if (behind && (!healthy || lagging || fed.readFailed)) reads.push(this.#catchUp(fed, head))
    }
    await Promise.all(reads)
  }

  /** Stops polling and feeding; resolves once no log read is under way. */
  async close (): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    const fed = [...this.#fed.values()]
    this.#fed.clear()
    for (const meeting of fed) {
      this.#stopWaiting(meeting)
      meeting.unsubscribe()
    }
    await Promise.all([this.#polling, ...fed.map((meeting) => meeting.reading)])
  }

  #subscribe (fed: Fed): void {
    fed.unsubscribe = this.#deps.streams.subscribe(fed.meetingId, fed.appliedSeq, (entries) => this.#receive(fed, entries))
  }

  /** `fromStream` false: a gap before the entries may be the stream still on its way (DELIVERED_GAP_WAIT_MS). */
  #receive (fed: Fed, entries: readonly SequencedUpdate[], fromStream = true): void {
    for (const entry of entries) {
      if (!this.#isCurrent(fed)) return
      if (entry.seq <= fed.appliedSeq) continue
      if (entry.seq === fed.appliedSeq + 1) {
        if (!this.#applyFromStream(fed, entry)) return
        this.#drainPending(fed)
      } else {
        if (fed.pending.size < MAX_PENDING) fed.pending.set(entry.seq, entry)
        if (fromStream) void this.#catchUp(fed, entry.seq)
        else this.#catchUpUnlessStreamed(fed, entry.seq)
      }
    }
  }

  /** Reads the log up to `knownSeq` unless the stream has brought it by DELIVERED_GAP_WAIT_MS from now. */
  #catchUpUnlessStreamed (fed: Fed, knownSeq: number): void {
    fed.knownSeq = Math.max(fed.knownSeq, knownSeq)
    if (fed.gapTimer !== null) return
    fed.gapTimer = setTimeout(() => {
      fed.gapTimer = null
      if (this.#isCurrent(fed) && fed.appliedSeq < fed.knownSeq) void this.#catchUp(fed, fed.knownSeq)
    }, DELIVERED_GAP_WAIT_MS)
    fed.gapTimer.unref()
  }

  #stopWaiting (fed: Fed): void {
    if (fed.gapTimer !== null) clearTimeout(fed.gapTimer)
    fed.gapTimer = null
  }

  /** Reads the log from the applied seq until `knownSeq` is reached or nothing more was asked for. */
  #catchUp (fed: Fed, knownSeq: number): Promise<void> {
    fed.knownSeq = Math.max(fed.knownSeq, knownSeq)
    if (fed.reading !== null) {
      fed.readAgain = true
      return fed.reading
    }
    const reading = this.#readLog(fed).finally(() => { fed.reading = null })
    fed.reading = reading
    return reading
  }

  async #readLog (fed: Fed): Promise<void> {
    do {
      fed.readAgain = false
      let rows: SequencedUpdate[]
      try {
        rows = await this.#deps.readLog(fed.meetingId, fed.appliedSeq)
        fed.readFailed = false
      } catch (error) {
        fed.readFailed = true
        this.#deps.logger.warn({ err: error, meetingId: fed.meetingId }, 'reading the meeting log failed; next poll retries')
        return
      }
      for (const row of rows) {
        if (!this.#isCurrent(fed)) return
        // Authoritative as given (a snapshot row jumps ahead), but never back: a row at or below the
        // applied seq is already in the documents, which may have got it from the stream meanwhile.
        if (row.seq > fed.appliedSeq) this.#apply(fed, row)
      }
      this.#drainPending(fed)
    } while (fed.readAgain && fed.knownSeq > fed.appliedSeq && this.#isCurrent(fed))
  }

  #drainPending (fed: Fed): void {
    for (const seq of fed.pending.keys()) if (seq <= fed.appliedSeq) fed.pending.delete(seq)
    let next = fed.pending.get(fed.appliedSeq + 1)
    while (next !== undefined && this.#isCurrent(fed)) {
      fed.pending.delete(next.seq)
      if (!this.#applyFromStream(fed, next)) return
      next = fed.pending.get(fed.appliedSeq + 1)
    }
  }

  /**
   * An entry from the stream (or a forwarded write's reply) that cannot be applied is not the log's word:
   * Redis carries no truth, and a damaged entry there must not stop the meeting. The same number is read
   * from PostgreSQL instead; only a row of the log that cannot be applied breaks the feed. False when the
   * entry was not applied (the log is being read).
   */
  #applyFromStream (fed: Fed, entry: SequencedUpdate): boolean {
    try {
      fed.apply(entry)
      fed.appliedSeq = entry.seq
      return true
    } catch (error) {
      this.#deps.logger.warn({ err: error, meetingId: fed.meetingId, seq: entry.seq }, 'an update from the stream could not be applied; reading it from the log')
      fed.pending.clear()
      void this.#catchUp(fed, entry.seq)
      return false
    }
  }

  #apply (fed: Fed, entry: SequencedUpdate): void {
    try {
      fed.apply(entry)
      fed.appliedSeq = entry.seq
    } catch (error) {
      fed.broken = true
      fed.pending.clear()
      fed.unsubscribe()
      this.#deps.logger.error({ err: error, meetingId: fed.meetingId, seq: entry.seq }, 'applying a committed update failed; the meeting stops being fed')
      try {
        this.#deps.onBroken?.(fed.meetingId, error)
      } catch (reportError) {
        this.#deps.logger.error({ err: reportError, meetingId: fed.meetingId }, 'onBroken threw')
      }
    }
  }

  /** Still fed: not broken, and not removed or replaced while a read was under way. */
  #isCurrent (fed: Fed): boolean {
    return !fed.broken && this.#fed.get(fed.meetingId) === fed
  }
}
