import type { MeetingId, Role } from '../../shared/domain/types.ts'
import type { PresenceSummary } from '../../shared/protocol/events.ts'

/** How often a meeting's changed summary goes out. */
export const PRESENCE_INTERVAL_MS = 1000

/**
 * Counts who is connected per meeting and publishes a summary at most once a second: awareness
 * for hundreds of viewers is what melts servers.
 */
export class PresenceTracker {
  readonly #counts = new Map<MeetingId, Record<Role, number>>()
  readonly #dirty = new Set<MeetingId>()
  readonly #publish: (meetingId: MeetingId, summary: PresenceSummary) => void
  readonly #timer: NodeJS.Timeout | null

  /** `intervalMs` null: no timer of its own; the owner calls `publishChanged` (a test on its own clock). */
  constructor (publish: (meetingId: MeetingId, summary: PresenceSummary) => void, intervalMs: number | null = PRESENCE_INTERVAL_MS) {
    this.#publish = publish
    this.#timer = intervalMs === null ? null : setInterval(() => this.publishChanged(), intervalMs)
    this.#timer?.unref()
  }

  /** Publishes the summary of every meeting whose count changed since the last time. */
  publishChanged (): void {
    for (const id of this.#dirty) {
      const counts = this.#counts.get(id)
      if (counts !== undefined) this.#publish(id, { ...counts })
    }
    this.#dirty.clear()
  }

  add (meetingId: MeetingId, role: Role): void {
    this.#change(meetingId, role, +1)
  }

  remove (meetingId: MeetingId, role: Role): void {
    this.#change(meetingId, role, -1)
  }

  summary (meetingId: MeetingId): PresenceSummary {
    return { ...(this.#counts.get(meetingId) ?? { chair: 0, notetaker: 0, delegation: 0, public: 0 }) }
  }

  close (): void {
    if (this.#timer !== null) clearInterval(this.#timer)
  }

  #change (meetingId: MeetingId, role: Role, delta: number): void {
    const counts = this.#counts.get(meetingId) ?? { chair: 0, notetaker: 0, delegation: 0, public: 0 }
    counts[role] += delta
    this.#counts.set(meetingId, counts)
    this.#dirty.add(meetingId)
  }
}
