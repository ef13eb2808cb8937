// The clock as absolute instants. Nothing here ticks: every screen derives the same reading from the
// same instants and its own corrected `nowMs`, so the clocks agree without a stream of updates.
import type { Segment, Speaker, StatementId, Timer } from './types.ts'

export const IDLE_TIMER: Timer = {
  statementId: null,
  state: 'idle',
  runningSinceMs: null,
  accumulatedMs: 0,
  limitMs: null
}

export function elapsedMs (timer: Timer, nowMs: number): number {
  const running = timer.state === 'running' && timer.runningSinceMs !== null
  return timer.accumulatedMs + (running ? nowMs - (timer.runningSinceMs ?? nowMs) : 0)
}

/** Null without a limit; negative once the speaker is past it. */
export function remainingMs (timer: Timer, nowMs: number): number | null {
  return timer.limitMs === null ? null : timer.limitMs - elapsedMs(timer, nowMs)
}

/** A fresh clock for a statement taking the floor. */
export function timerForStatement (
  statementId: StatementId,
  limitMs: number | null,
  nowMs: number,
  running: boolean
): Timer {
  return {
    statementId,
    state: running ? 'running' : 'idle',
    runningSinceMs: running ? nowMs : null,
    accumulatedMs: 0,
    limitMs
  }
}

// The transitions below assume the caller checked the state (apply.ts returns the refusals);
// a wrong state here is a programmer error.
function expectState (timer: Timer, expected: Timer['state'], action: string): void {
  if (timer.state !== expected) throw new Error(`Cannot ${action} a timer that is ${timer.state}`)
}

export function startTimer (timer: Timer, nowMs: number): Timer {
  expectState(timer, 'idle', 'start')
  return { ...timer, state: 'running', runningSinceMs: nowMs }
}

export function pauseTimer (timer: Timer, nowMs: number): Timer {
  expectState(timer, 'running', 'pause')
  return { ...timer, state: 'paused', runningSinceMs: null, accumulatedMs: elapsedMs(timer, nowMs) }
}

export function resumeTimer (timer: Timer, nowMs: number): Timer {
  expectState(timer, 'paused', 'resume')
  return { ...timer, state: 'running', runningSinceMs: nowMs }
}

/**
 * Gives the speaker `byMs` more (a negative `byMs` shortens the limit, never below zero). Only a clock
 * with a limit can be extended: the command refuses the others (see commands/timer.ts).
 */
export function extendTimer (timer: Timer, byMs: number): Timer {
  if (timer.limitMs === null) throw new Error('Cannot extend a clock without a limit')
  return { ...timer, limitMs: Math.max(0, timer.limitMs + byMs) }
}

export function setTimerLimit (timer: Timer, limitMs: number | null): Timer {
  return { ...timer, limitMs }
}

/** The speaker's own limit wins over the segment's default. */
export function effectiveLimitMs (speaker: Pick<Speaker, 'limitMs'>, segment: Pick<Segment, 'defaultLimitMs'> | null | undefined): number | null {
  return speaker.limitMs ?? segment?.defaultLimitMs ?? null
}

export type ClockLight = 'green' | 'amber' | 'red'

/** By default the chamber's light turns amber for the last 30 seconds of a statement. */
export const AMBER_BEFORE_LIMIT_MS = 30_000

/** The light every screen shows: red at and past the limit, amber close to it, green otherwise. */
export function clockLight (remainingMs: number | null, amberBeforeMs = AMBER_BEFORE_LIMIT_MS): ClockLight {
  if (remainingMs === null) return 'green'
  if (remainingMs <= 0) return 'red'
  return remainingMs <= amberBeforeMs ? 'amber' : 'green'
}
