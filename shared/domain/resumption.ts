// When a suspended meeting is expected back, for the chamber screen and the waiting speakers' times.
// Pure: the clock and the room's sittings are parameters.
import type { AbsoluteSession } from './room-hours.ts'
import type { MeetingStatus } from './types.ts'

/**
 * `at`: the meeting is expected back at a known instant (a time the chair announced, or the next
 * sitting of the room). `on-call`: no one can say; the President resumes the meeting when ready.
 */
export type Resumption =
  | { readonly kind: 'at'; readonly atMs: number }
  | { readonly kind: 'on-call' }

/**
 * A time the chair gave wins while it is still ahead. Otherwise, a suspension inside a sitting is the
 * President's to end (consultations, a short break): guessing the next sitting would announce an
 * afternoon start for a ten-minute pause. Outside the sittings the room is closed, so the meeting
 * comes back with the next one, if the room has any.
 */
export function plannedResumption (
  sessions: readonly AbsoluteSession[],
  nowMs: number,
  announcedMs: number | null = null
): Resumption {
  if (announcedMs !== null && announcedMs > nowMs) return { kind: 'at', atMs: announcedMs }
  if (sessions.some((session) => session.startMs <= nowMs && nowMs < session.endMs)) return { kind: 'on-call' }
  const next = sessions.filter((session) => session.startMs > nowMs).sort((a, b) => a.startMs - b.startMs)[0]
  return next === undefined ? { kind: 'on-call' } : { kind: 'at', atMs: next.startMs }
}

/** Where the waiting speakers' times count from: now, or, while suspended, the planned resumption. */
export function scheduleStartMs (status: MeetingStatus, sessions: readonly AbsoluteSession[], nowMs: number): number {
  if (status !== 'suspended') return nowMs
  const resumption = plannedResumption(sessions, nowMs)
  return resumption.kind === 'at' ? resumption.atMs : nowMs
}
