// The timetable every view shows for the speaking order: when each waiting speaker should start and
// when the debate should end, against the room's sittings. Pure: the clock is a parameter.
import { estimateSchedule, type Schedule } from './analytics.ts'
import { resolveRoomSessions, type AbsoluteSession } from './room-hours.ts'
import { scheduleStartMs } from './resumption.ts'
import type { ControlState } from './types.ts'

/** Waiting-time estimates move in minutes; recomputing them on every clock tick would be waste. */
export const SCHEDULE_RESOLUTION_MS = 10_000
/** Today's sittings and tomorrow's: a debate that overflows is still projected into the next day. */
export const SCHEDULE_DAYS = 2

/** The instant a timetable is computed at: `nowMs` rounded down to SCHEDULE_RESOLUTION_MS. */
export function scheduleInstant (nowMs: number): number {
  return Math.floor(nowMs / SCHEDULE_RESOLUTION_MS) * SCHEDULE_RESOLUTION_MS
}

/** The meeting room's sittings for SCHEDULE_DAYS local days from the one containing `atMs`. */
export function scheduleSessions (meeting: ControlState['meeting'], atMs: number): AbsoluteSession[] {
  return resolveRoomSessions(meeting.roomHours, meeting.timeZone, atMs, SCHEDULE_DAYS)
}

/**
 * The speaking order's timetable at `atMs` (see `scheduleInstant`) within `sessions` (see
 * `scheduleSessions`). A suspended meeting's times count from its planned resumption: no one speaks
 * before it.
 */
export function speakingSchedule (state: ControlState, sessions: readonly AbsoluteSession[], atMs: number): Schedule {
  return estimateSchedule(state, scheduleStartMs(state.meeting.status, sessions, atMs), sessions)
}
