// How long the debate will run, and how the time was used. Pure: the clock is a parameter.
import { waitingQueue } from './order.ts'
import { addDays, isSameLocalDay, localDateOf, zonedTimeToEpochMs, type AbsoluteSession } from './room-hours.ts'
import { effectiveLimitMs, elapsedMs } from './timer.ts'
import type { ControlState, DelegationCode, SegmentId, Speaker, SpeakerId, Statement, Timer } from './types.ts'
import { entityById } from './lookup.ts'

/** Used for a speaker without a limit before anyone without one has spoken: the most common open-debate limit. */
export const DEFAULT_EXPECTED_DURATION_MS = 5 * 60_000
/** Speakers run over and under, but rarely by more than this factor of their limit. */
const MIN_LIMIT_FACTOR = 0.5
const MAX_LIMIT_FACTOR = 2
/**
 * Statements assumed on time (ratio 1) before any is delivered. With two of them, the median needs at
 * least two real statements running over (or under) alike before it moves: one statement of 1:15
 * against 0:25 is one speaker, not how the debate runs.
 */
const ON_TIME_PRIOR = [1, 1] as const

export interface SpeakerEta {
  /** 1-based place among the waiting speakers. */
  readonly position: number
  readonly aheadCount: number
  readonly expectedStartMs: number
  readonly expectedDurationMs: number
}

export interface Schedule {
  readonly etas: Record<SpeakerId, SpeakerEta>
  readonly projectedEndMs: number | null
  readonly fits: boolean
  readonly overflowMs: number
  readonly averageDurationMs: number | null
  /**
   * The meeting is suspended: the projection assumes it resumes now (or at its next sitting), so views
   * say "suspended" rather than that the list fits the room hours.
   */
  readonly suspended: boolean
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length

function median (values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Statements and rights of reply that have ended; points of order say nothing about speaking length. */
function deliveredStatements (state: ControlState): Statement[] {
  return Object.values(state.statements).filter(
    (statement) => statement.kind !== 'point-of-order' && statement.durationMs !== null
  )
}

/**
 * The rule: with a limit L, a speaker is expected to take L × r, where r is the median of duration/limit
 * over delivered statements that had a limit together with two assumed on time, clamped to [0.5, 2]
 * (a median, so one outlier moves nothing). Without a limit, the median duration of delivered statements
 * without one, or 5 minutes before any. Rounded to whole milliseconds.
 */
export function expectedDurationRule (state: ControlState): (limitMs: number | null) => number {
  const delivered = deliveredStatements(state)
  const ratios = delivered
    .filter((statement) => statement.limitMs !== null && statement.limitMs > 0)
    .map((statement) => (statement.durationMs ?? 0) / (statement.limitMs ?? 1))
  const factor = Math.min(MAX_LIMIT_FACTOR, Math.max(MIN_LIMIT_FACTOR, median([...ratios, ...ON_TIME_PRIOR]) ?? 1))
  const unlimitedMs = median(delivered.filter((statement) => statement.limitMs === null).map((statement) => statement.durationMs ?? 0))
  return (limitMs) => Math.round(limitMs === null ? (unlimitedMs ?? DEFAULT_EXPECTED_DURATION_MS) : limitMs * factor)
}

/**
 * What is left of the floor: the statement speaking (or, under a point of order, the interrupted one,
 * whose clock is frozen). A point of order itself is taken as ending now: it is short and unforeseeable.
 */
function currentRemainderMs (state: ControlState, nowMs: number, expected: (limitMs: number | null) => number): number {
  const remainderOf = (statementId: string | null, timer: Timer) => {
    const statement = statementId === null ? undefined : entityById(state.statements, statementId)
    if (!statement || statement.kind === 'point-of-order') return 0
    return Math.max(0, expected(timer.limitMs) - elapsedMs(timer, nowMs))
  }
  const interrupted = state.floor.interrupted
  return (
    remainderOf(state.floor.statementId, state.timer) +
    (interrupted ? remainderOf(interrupted.statementId, interrupted.timer) : 0)
  )
}

/**
 * Time runs only inside sittings: a speaker who would start outside one starts when the next begins.
 * A speech that runs past the end of a sitting is let finish (the chair does not cut a speaker off).
 */
function startWithinSessions (cursorMs: number, sessions: readonly AbsoluteSession[]): number {
  if (sessions.length === 0) return cursorMs
  if (sessions.some((session) => session.startMs <= cursorMs && cursorMs < session.endMs)) return cursorMs
  const nextSession = sessions.find((session) => session.startMs > cursorMs)
  return nextSession ? nextSession.startMs : cursorMs
}

/**
 * The end the debate must fit. A sitting meeting must fit today's last sitting (in the meeting's
 * zone), even once it runs late; a meeting not sitting (scheduled, suspended) the last sitting of the
 * day it next sits. On a day without sittings: the day of the next sitting, or the last there is.
 */
function deadlineMs (sessions: readonly AbsoluteSession[], nowMs: number, timeZone: string, sitting: boolean): number | null {
  const reference =
    (sitting ? sessions.find((session) => isSameLocalDay(session.startMs, nowMs, timeZone)) : undefined) ??
    sessions.find((session) => session.endMs > nowMs) ??
    sessions.at(-1)
  if (!reference) return null
  const sameDay = sessions.filter((session) => isSameLocalDay(session.startMs, reference.startMs, timeZone))
  return Math.max(...sameDay.map((session) => session.endMs))
}

/**
 * A meeting sitting outside its room hours (running late) goes on now, not at the next sitting: its
 * overtime, to the end of the local day, counts as sitting time.
 */
function withOvertime (sessions: readonly AbsoluteSession[], state: ControlState, nowMs: number): AbsoluteSession[] {
  const sorted = [...sessions].sort((a, b) => a.startMs - b.startMs)
  if (state.meeting.status !== 'open' || sorted.length === 0) return sorted
  if (sorted.some((session) => session.startMs <= nowMs && nowMs < session.endMs)) return sorted
  const timeZone = state.meeting.timeZone
  const endOfDayMs = zonedTimeToEpochMs(addDays(localDateOf(nowMs, timeZone), 1), 0, timeZone)
  return [...sorted, { startMs: nowMs, endMs: endOfDayMs }].sort((a, b) => a.startMs - b.startMs)
}

export function estimateSchedule (state: ControlState, nowMs: number, sessions: readonly AbsoluteSession[] = []): Schedule {
  const sorted = withOvertime(sessions, state, nowMs)
  const expected = expectedDurationRule(state)
  const delivered = deliveredStatements(state)
  const floorEndMs = nowMs + currentRemainderMs(state, nowMs, expected)
  const etas: Record<SpeakerId, SpeakerEta> = {}
  let cursorMs = floorEndMs
  waitingQueue(state).forEach((speaker: Speaker, index) => {
    const expectedDurationMs = expected(effectiveLimitMs(speaker, entityById(state.segments, speaker.segmentId)))
    const expectedStartMs = startWithinSessions(cursorMs, sorted)
    etas[speaker.id] = { position: index + 1, aheadCount: index, expectedStartMs, expectedDurationMs }
    cursorMs = expectedStartMs + expectedDurationMs
  })
  const anyoneLeft = state.floor.statementId !== null || Object.keys(etas).length > 0
  const projectedEndMs = anyoneLeft ? cursorMs : null
  const limitMs = deadlineMs([...sessions].sort((a, b) => a.startMs - b.startMs), nowMs, state.meeting.timeZone, state.meeting.status === 'open')
  const overflowMs = projectedEndMs === null || limitMs === null ? 0 : Math.max(0, projectedEndMs - limitMs)
  return {
    etas,
    projectedEndMs,
    fits: overflowMs === 0,
    overflowMs,
    averageDurationMs: mean(delivered.map((statement) => statement.durationMs ?? 0)),
    suspended: state.meeting.status === 'suspended'
  }
}

export interface TimeUsed {
  readonly totalMs: number
  readonly bySpeaker: Record<SpeakerId, number>
  /** Points of order belong to no segment and are left out here. */
  readonly bySegment: Record<SegmentId, number>
  readonly byDelegation: Record<DelegationCode, number>
}

function addTo<K extends string> (totals: Record<K, number>, key: K | null, ms: number): void {
  if (key !== null) totals[key] = (totals[key] ?? 0) + ms
}

export function timeUsed (state: ControlState): TimeUsed {
  const bySpeaker: Record<SpeakerId, number> = {}
  const bySegment: Record<SegmentId, number> = {}
  const byDelegation: Record<DelegationCode, number> = {}
  let totalMs = 0
  for (const statement of Object.values(state.statements)) {
    if (statement.endedAtMs === null || statement.durationMs === null) continue
    const ms = statement.durationMs
    totalMs += ms
    addTo(bySpeaker, statement.speakerId, ms)
    if (statement.kind !== 'point-of-order') addTo(bySegment, statement.segmentId, ms)
    addTo(byDelegation, statement.delegation, ms)
  }
  return { totalMs, bySpeaker, bySegment, byDelegation }
}

/** Ended statements that ran over, the longest overrun first (ties: earlier statement first). */
export function overruns (state: ControlState): Statement[] {
  return Object.values(state.statements)
    .filter((statement) => statement.endedAtMs !== null && (statement.overrunMs ?? 0) > 0)
    .sort((a, b) => (b.overrunMs ?? 0) - (a.overrunMs ?? 0) || a.startedAtMs - b.startedAtMs)
}
