import type { MeetingId, Role } from '../../shared/domain/types.ts'
import type { PresenceSummary } from '../../shared/protocol/events.ts'

/**
 * Counts who is connected per meeting and publishes a summary at most once a second: awareness
 * for hundreds of viewers is what melts servers.
 */
export class PresenceTracker {
  readonly #counts = new Map<MeetingId, Record<Role, number>>()
  readonly #dirty = new Set<MeetingId>()
  readonly #timer: NodeJS.Timeout

  constructor (publish: (meetingId: MeetingId, summary: PresenceSummary) => void, intervalMs = 1000) {
    this.#timer = setInterval(() => {
      for (const id of this.#dirty) {
        const counts = this.#counts.get(id)
        if (counts !== undefined) publish(id, { ...counts })
      }
      this.#dirty.clear()
    }, intervalMs)
    this.#timer.unref()
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
    clearInterval(this.#timer)
  }

  #change (meetingId: MeetingId, role: Role, delta: number): void {
    const counts = this.#counts.get(meetingId) ?? { chair: 0, notetaker: 0, delegation: 0, public: 0 }
    counts[role] += delta
    this.#counts.set(meetingId, counts)
    this.#dirty.add(meetingId)
  }
}
