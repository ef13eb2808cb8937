import { setTimeout as delay } from 'node:timers/promises'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { SequencedUpdate } from '../store/cluster-store.ts'
import { cursorAfter, decodeReadReply, streamIdOf } from './stream-entries.ts'

export type { SequencedUpdate }

export interface MeetingStreamsOptions {
  readonly url: string
  /** Every key this instance touches starts with it (`<prefix>m:<meetingId>`). */
  readonly prefix: string
  readonly logger: Logger
  /** About how many entries a meeting's stream keeps; a reader further behind reads the log instead. */
  readonly maxLen?: number
  /** How long one read waits for news. A new subscription does not wait for it (see #wakeReader). */
  readonly blockMs?: number
}

const DEFAULT_MAX_LEN = 10_000
const DEFAULT_BLOCK_MS = 5_000
/** Entries per stream per read: a meeting with a backlog cannot starve the others of a turn. */
const READ_COUNT = 500
/** After a read that failed while connected, before the next: a persistent error must not spin. */
const READ_ERROR_PAUSE_MS = 1_000
/** CLIENT UNBLOCK found no blocked read: the read is still on its way to Redis. Tries, and the wait between. */
const UNBLOCK_ATTEMPTS = 50
const UNBLOCK_RETRY_MS = 2
/** Reconnect forever: Redis carries no truth, so while it is gone the replicas read PostgreSQL instead. */
const retryForever = (attempt: number): number => Math.min(attempt * 200, 2_000)

interface Subscription {
  readonly meetingId: MeetingId
  readonly key: string
  /** The id of the last entry read, a valid stream id always (Redis made it, or it names a seq). */
  cursor: string
  readonly onEntries: (entries: SequencedUpdate[]) => void
  /** The key holds something other than a stream: left out of every read, so the others can go on. */
  unreadable: boolean
}

/**
 * The cross-node fan-out of committed document updates: one Redis stream per meeting, each entry's id
 * its seq. Redis carries no truth here — an entry that fails to be published, is trimmed, or is never read
 * is found again in the PostgreSQL log by the ReplicaFeed — so nothing in this class throws for Redis.
 *
 * Subscriptions share one reader loop on a connection of its own: one multi-key XREAD for every
 * subscribed meeting, not a connection or a loop per meeting.
 */
export class MeetingStreams {
  readonly #commands: Redis
  readonly #reader: Redis
  readonly #prefix: string
  readonly #logger: Logger
  readonly #maxLen: number
  readonly #blockMs: number
  readonly #subscriptions = new Map<string, Subscription>()
  readonly #healthListeners = new Set<(healthy: boolean) => void>()
  readonly #stopping = new AbortController()
  /** Counts subscriptions made; a read names the count it was made with, to tell whether it misses one. */
  #generation = 0
  /** The generation of the read waiting in Redis now, if any. */
  #readingGeneration: number | null = null
  #readerId: number | null = null
  #waking = false
  #healthy = false
  /** Resolves the reader loop's wait for a connection or a first subscription. */
  #wakeLoop: (() => void) | null = null
  readonly #loop: Promise<void>

  constructor (options: MeetingStreamsOptions) {
    this.#prefix = options.prefix
    this.#logger = options.logger
    this.#maxLen = options.maxLen ?? DEFAULT_MAX_LEN
    this.#blockMs = options.blockMs ?? DEFAULT_BLOCK_MS
    // A publish fails after one reconnect attempt rather than holding the owner's commit: the log has it.
    this.#commands = new Redis(options.url, { retryStrategy: retryForever, maxRetriesPerRequest: 1, commandTimeout: 2_000 })
    // 0: a lost connection fails the read in flight at once (never resent with stale cursors); the loop
    // then waits for 'ready' and reads afresh.
    this.#reader = new Redis(options.url, { retryStrategy: retryForever, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false })
    this.#commands.on('error', (error: Error) => this.#logger.debug({ err: error }, 'redis (commands) error'))
    this.#reader.on('error', (error: Error) => this.#logger.debug({ err: error }, 'redis (reader) error'))
    this.#reader.on('ready', () => {
      this.#setHealthy(true)
      this.#nudge()
    })
    this.#reader.on('close', () => {
      this.#readerId = null
      this.#setHealthy(false)
    })
    this.#loop = this.#read()
  }

  /** Whether the reader is connected: while it is not, updates arrive only through the PostgreSQL log. */
  get healthy (): boolean {
    return this.#healthy
  }

  /** Calls `listener` on every change of `healthy`; returns how to stop. */
  onHealth (listener: (healthy: boolean) => void): () => void {
    this.#healthListeners.add(listener)
    return () => { this.#healthListeners.delete(listener) }
  }

  /**
   * Appends a committed update to its meeting's stream. Resolves false when Redis did not take it (logged;
   * the replicas find it in the log), true when it is there — also when it already was: a seq at or below
   * the stream's last is a retry, and Redis refuses it. A seq that is not a positive integer is a
   * programmer error and rejects.
   */
  async publish (meetingId: MeetingId, entry: SequencedUpdate): Promise<boolean> {
    const id = streamIdOf(entry.seq)
    const update = Buffer.from(entry.update.buffer, entry.update.byteOffset, entry.update.byteLength)
    try {
      await this.#commands.xaddBuffer(this.#keyOf(meetingId), 'MAXLEN', '~', this.#maxLen, id, 'd', entry.doc, 'u', update)
      return true
    } catch (error) {
      if (error instanceof Error && error.message.includes('equal or smaller')) return true
      this.#logger.warn({ err: error, meetingId, seq: entry.seq }, 'update not published to redis; replicas will read it from the log')
      return false
    }
  }

  /**
   * Delivers the meeting's entries after `afterSeq`, in stream order, a batch per read. Entries that do not
   * decode are logged and skipped; the batches of a stream need not be dense (the feed checks). One
   * subscription per meeting; returns how to end it.
   */
  subscribe (meetingId: MeetingId, afterSeq: number, onEntries: (entries: SequencedUpdate[]) => void): () => void {
    const key = this.#keyOf(meetingId)
    if (this.#subscriptions.has(key)) throw new Error(`meeting ${meetingId} is already subscribed`)
    const subscription: Subscription = { meetingId, key, cursor: cursorAfter(afterSeq), onEntries, unreadable: false }
    this.#subscriptions.set(key, subscription)
    this.#generation += 1
    this.#nudge()
    void this.#wakeReader()
    return () => {
      if (this.#subscriptions.get(key) === subscription) this.#subscriptions.delete(key)
    }
  }

  async close (): Promise<void> {
    this.#stopping.abort()
    this.#subscriptions.clear()
    this.#nudge()
    // disconnect, not quit: quit would wait behind the blocked read, or for a Redis that is gone.
    this.#reader.disconnect()
    this.#commands.disconnect()
    await this.#loop
    this.#setHealthy(false)
  }

  #keyOf (meetingId: MeetingId): string {
    return `${this.#prefix}m:${meetingId}`
  }

  async #read (): Promise<void> {
    while (!this.#stopping.signal.aborted) {
      const reading = [...this.#subscriptions.values()].filter((subscription) => !subscription.unreadable)
      if (this.#reader.status !== 'ready' || reading.length === 0) {
        await new Promise<void>((resolve) => { this.#wakeLoop = resolve })
        continue
      }
      try {
        this.#readerId ??= await this.#reader.client('ID')
        this.#readingGeneration = this.#generation
        const reply = await this.#reader.xreadBuffer('COUNT', READ_COUNT, 'BLOCK', this.#blockMs, 'STREAMS',
          ...reading.map((subscription) => subscription.key), ...reading.map((subscription) => subscription.cursor))
        this.#readingGeneration = null
        this.#setHealthy(true)
        this.#deliver(new Set(reading), reply)
      } catch (error) {
        this.#readingGeneration = null
        if (this.#stopping.signal.aborted) return
        this.#logger.warn({ err: error }, 'redis stream read failed')
        if (this.#reader.status === 'ready') await this.#recoverFromReplyError(reading)
      }
    }
  }

  #deliver (reading: ReadonlySet<Subscription>, reply: unknown): void {
    for (const stream of decodeReadReply(reply)) {
      const subscription = this.#subscriptions.get(stream.key)
      // Ended or replaced while the read waited: these entries were read from its cursor, not the new one's.
      if (subscription === undefined || !reading.has(subscription)) continue
      if (stream.lastId !== null) subscription.cursor = stream.lastId
      for (const reject of stream.rejects) {
        this.#logger.error({ meetingId: subscription.meetingId, id: reject.id, reason: reject.reason }, 'malformed stream entry skipped')
      }
      if (stream.entries.length === 0) continue
      try {
        subscription.onEntries(stream.entries)
      } catch (error) {
        this.#logger.error({ err: error, meetingId: subscription.meetingId }, 'stream subscriber threw')
      }
    }
  }

  /**
   * A read refused while connected fails every meeting in it: a key that is not a stream (WRONGTYPE) would
   * stall them all. Such keys leave the reads (their meetings fall behind and read the log); then a pause,
   * so an error of another kind is retried without spinning.
   */
  async #recoverFromReplyError (reading: readonly Subscription[]): Promise<void> {
    try {
      const types = await Promise.all(reading.map((subscription) => this.#commands.type(subscription.key)))
      reading.forEach((subscription, index) => {
        if (types[index] === 'stream' || types[index] === 'none') return
        subscription.unreadable = true
        this.#logger.error({ meetingId: subscription.meetingId, type: types[index] }, 'meeting stream key is not a stream; left out of reads')
      })
      await delay(READ_ERROR_PAUSE_MS, undefined, { signal: this.#stopping.signal })
    } catch (error) {
      if (!this.#stopping.signal.aborted) this.#logger.debug({ err: error }, 'redis stream key check failed')
    }
  }

  /**
   * A read waiting in Redis does not name a subscription made after it was sent: CLIENT UNBLOCK, from the
   * other connection, ends it at once as if it had timed out, and the loop reads again with every key.
   * Unblocking finds nothing while the read is still on its way, so it is tried again until it lands.
   */
  async #wakeReader (): Promise<void> {
    if (this.#waking) return
    this.#waking = true
    try {
      for (let attempt = 0; attempt < UNBLOCK_ATTEMPTS; attempt++) {
        const stale = this.#readingGeneration !== null && this.#readingGeneration < this.#generation
        if (!stale || this.#readerId === null || this.#stopping.signal.aborted) return
        if (await this.#commands.client('UNBLOCK', this.#readerId) === 1) return
        await delay(UNBLOCK_RETRY_MS, undefined, { signal: this.#stopping.signal })
      }
    } catch (error) {
      // The read will end at its block time, or fail with the connection.
      if (!this.#stopping.signal.aborted) this.#logger.debug({ err: error }, 'redis unblock failed')
    } finally {
      this.#waking = false
    }
  }

  #nudge (): void {
    const wake = this.#wakeLoop
    this.#wakeLoop = null
    wake?.()
  }

  #setHealthy (healthy: boolean): void {
    if (this.#healthy === healthy) return
    this.#healthy = healthy
    if (healthy) this.#logger.info('redis streams reachable')
    else if (!this.#stopping.signal.aborted) this.#logger.warn('redis streams unreachable; replicas read the log')
    for (const listener of this.#healthListeners) {
      try {
        listener(healthy)
      } catch (error) {
        this.#logger.error({ err: error }, 'health listener threw')
      }
    }
  }
}
