// A suspension with someone on the floor. The chair suspends when the room needs it (a break, an
// emergency, the end of a sitting), not when the speaker is done; so the speaker keeps the floor, the
// statement's clock stops for the whole suspension, and the record shows the statement was interrupted.
import { floorStatement } from '../floor-state.ts'
import { pauseTimer } from '../timer.ts'
import type { ControlState, Statement } from '../types.ts'
import { closeOpenPause, openPause } from './statements.ts'
import { withStatement } from './result.ts'

const openSuspension = (statement: Statement) =>
  statement.pauses.some((pause) => pause.endMs === null && pause.reason === 'suspension')

/**
 * Stops the clock of whatever is on the floor and records a `suspension` pause on its statement. A pause
 * the chair had open ends here, so the record shows exactly when the meeting was suspended.
 */
export function suspendFloor (state: ControlState, nowMs: number): ControlState {
  const statement = floorStatement(state)
  if (!statement) return state
  const paused = openPause(closeOpenPause(statement, nowMs), nowMs, 'suspension')
  const timer = state.timer.state === 'running' ? pauseTimer(state.timer, nowMs) : state.timer
  return { ...withStatement(state, paused), timer }
}

/**
 * Gives the floor back to the speaker it was suspended under, with the clock still paused: after a break
 * the speaker may not be at the microphone yet, and a clock that ran meanwhile would take their time.
 * The suspension pause ends with the suspension; from then on the chair's own pause runs until the chair
 * resumes the clock (or ends the statement).
 */
export function resumeFloor (state: ControlState, nowMs: number): ControlState {
  const statement = floorStatement(state)
  if (!statement || !openSuspension(statement)) return state
  const ended = closeOpenPause(statement, nowMs)
  const waiting = state.timer.state === 'paused' ? openPause(ended, nowMs, 'chair') : ended
  return withStatement(state, waiting)
}
