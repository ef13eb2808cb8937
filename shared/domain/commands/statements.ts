// The record of a statement: when it started, when the clock stood still and why, how long it ran.
import { elapsedMs } from '../timer.ts'
import type { Pause, Statement, Timer } from '../types.ts'

export function openPause (statement: Statement, nowMs: number, reason: Pause['reason']): Statement {
  return { ...statement, pauses: [...statement.pauses, { startMs: nowMs, endMs: null, reason }] }
}

/** Closes the pause still open, if any (there is at most one: the clock is paused once at a time). */
export function closeOpenPause (statement: Statement, nowMs: number): Statement {
  if (!statement.pauses.some((pause) => pause.endMs === null)) return statement
  return {
    ...statement,
    pauses: statement.pauses.map((pause) => (pause.endMs === null ? { ...pause, endMs: nowMs } : pause))
  }
}

/** Speaking time is the clock's reading, which already leaves the pauses out. */
export function finishStatement (statement: Statement, timer: Timer, nowMs: number): Statement {
  const durationMs = elapsedMs(timer, nowMs)
  const limitMs = timer.limitMs
  return {
    ...closeOpenPause(statement, nowMs),
    endedAtMs: nowMs,
    durationMs,
    limitMs,
    overrunMs: limitMs === null ? null : Math.max(0, durationMs - limitMs)
  }
}
