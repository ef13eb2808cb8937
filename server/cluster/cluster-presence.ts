import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { PresenceSummary } from '../../shared/protocol/events.ts'

/** How often a node writes its counts and reads the meeting's totals. */
export const CLUSTER_PRESENCE_MS = 1000
/** A node's counts older than this are left out: the node stopped writing them (it died). */
const STALE_MS = 5000

const ROLES = ['chair', 'notetaker', 'delegation', 'public'] as const

/**
 * Who is connected to a meeting across every node: each node keeps its own counts (PresenceTracker) and
 * writes them, once a second, into the meeting's Redis hash under its node id; it reads the hash back
 * and tells its connections the sum when that changed. A count is a courtesy, not a record: when Redis
 * is away the node's connections keep the last total they were told.
 */
export class ClusterPresence {
  readonly #redis: Redis
  readonly #deps: ClusterPresenceDeps
  /** This node's counts per meeting, as its tracker last reported them. */
  readonly #local = new Map<MeetingId, PresenceSummary>()
  /** The total each meeting's connections here were last told. */
  readonly #told = new Map<MeetingId, string>()
  readonly #timer: NodeJS.Timeout
  #syncing: Promise<void> | null = null

  constructor (deps: ClusterPresenceDeps, intervalMs = CLUSTER_PRESENCE_MS) {
    this.#deps = deps
    this.#redis = new Redis(deps.url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    this.#redis.on('error', (error) => deps.logger.debug({ err: error }, 'presence: Redis unavailable'))
    this.#timer = setInterval(() => { this.#syncing ??= this.sync().finally(() => { this.#syncing = null }) }, intervalMs)
    this.#timer.unref()
  }

  /** This node's counts for a meeting changed (the tracker's publish). */
  report (meetingId: MeetingId, summary: PresenceSummary): void {
    this.#local.set(meetingId, summary)
  }

  /** Writes this node's counts, reads every node's back, and tells the connections here of a changed total. */
  async sync (): Promise<void> {
    if (this.#local.size === 0 || this.#redis.status !== 'ready') return
    const nowMs = Date.now()
    const meetings = [...this.#local]
    try {
      const pipeline = this.#redis.pipeline()
      for (const [meetingId, summary] of meetings) {
        const key = this.#keyOf(meetingId)
        if (isEmpty(summary)) pipeline.hdel(key, this.#deps.nodeId)
        else pipeline.hset(key, this.#deps.nodeId, JSON.stringify({ ...summary, atMs: nowMs })).pexpire(key, STALE_MS * 2)
        pipeline.hgetall(key)
      }
      const replies = await pipeline.exec()
      let reply = 0
      for (const [meetingId, summary] of meetings) {
        reply += isEmpty(summary) ? 1 : 2
        const [error, fields] = replies?.[reply++] ?? [null, null]
        if (error !== null || fields === null) continue
        this.#tell(meetingId, totalOf(fields as Record<string, string>, nowMs))
        // A meeting no one here is connected to any more is written (as gone) once, then forgotten.
        if (isEmpty(summary)) this.#local.delete(meetingId)
      }
    } catch (error) {
      this.#deps.logger.debug({ err: error }, 'presence not shared this second')
    }
  }

  async close (): Promise<void> {
    clearInterval(this.#timer)
    await this.#syncing
    this.#redis.disconnect()
  }

  #tell (meetingId: MeetingId, total: PresenceSummary): void {
    const told = JSON.stringify(total)
    if (this.#told.get(meetingId) === told) return
    this.#told.set(meetingId, told)
    this.#deps.publish(meetingId, total)
  }

  #keyOf (meetingId: MeetingId): string {
    return `${this.#deps.prefix}presence:${meetingId}`
  }
}

export interface ClusterPresenceDeps {
  readonly url: string
  readonly prefix: string
  readonly nodeId: string
  readonly logger: Logger
  /** Tells the meeting's connections on this node the total. */
  readonly publish: (meetingId: MeetingId, summary: PresenceSummary) => void
}

/** The sum of every node's fresh counts; a field that is not a node's counts is skipped. */
function totalOf (fields: Readonly<Record<string, string>>, nowMs: number): PresenceSummary {
  const total = { chair: 0, notetaker: 0, delegation: 0, public: 0 }
  for (const value of Object.values(fields)) {
    let counts: Record<string, unknown>
    try {
      counts = JSON.parse(value) as Record<string, unknown>
    } catch {
      continue
    }
    if (typeof counts.atMs !== 'number' || nowMs - counts.atMs > STALE_MS) continue
    for (const role of ROLES) {
      const count = counts[role]
      if (typeof count === 'number' && Number.isSafeInteger(count) && count > 0) total[role] += count
    }
  }
  return total
}

function isEmpty (summary: PresenceSummary): boolean {
  return ROLES.every((role) => summary[role] === 0)
}
