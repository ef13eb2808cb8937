// A correction to the speaker who has the floor. The statement copies the speaker's name, delegation,
// capacity (person, title, national capacity) and limit when the floor is given, so an edit of the speaking row must reach the statement (what
// every screen and the record show) and the clock (what the light measures), or it changes nothing
// anyone sees until the next speaker.
import { withCapacity } from '../capacity.ts'
import { effectiveLimitMs } from '../timer.ts'
import type { ControlState, Speaker, Statement } from '../types.ts'
import { withStatement } from './result.ts'
import { entityById } from '../lookup.ts'

/** What the statement said before the correction, for the command's result (and so the audit log). */
export type StatementBefore = Pick<Statement, 'id' | 'name' | 'delegation' | 'limitMs'>

export interface FloorCorrection {
  readonly state: ControlState
  readonly before: StatementBefore | null
}

/**
 * The statement of `speaker` (already updated) brought in line with it: the name and delegation always,
 * the limit only when the edit changed the speaker's limit — a limit the chair extended on the clock
 * stays extended when only the name is corrected. Works on the statement a point of order interrupted
 * too: its clock waits in `floor.interrupted`.
 */
export function correctStatementOnFloor (state: ControlState, speaker: Speaker, limitChanged: boolean): FloorCorrection {
  const unchanged = { state, before: null }
  if (speaker.status !== 'speaking') return unchanged
  const { floor } = state
  const onFloor = floor.speakerId === speaker.id ? floor.statementId : null
  const interrupted = floor.interrupted?.speakerId === speaker.id ? floor.interrupted : null
  const statementId = onFloor ?? interrupted?.statementId ?? null
  const statement = statementId === null ? undefined : entityById(state.statements, statementId)
  if (!statement) return unchanged

  const limitMs = limitChanged ? effectiveLimitMs(speaker, entityById(state.segments, speaker.segmentId)) : statement.limitMs
  const corrected = withCapacity({ ...statement, name: speaker.name, delegation: speaker.delegation, limitMs }, speaker)
  const before = { id: statement.id, name: statement.name, delegation: statement.delegation, limitMs: statement.limitMs }
  const next = withStatement(state, corrected)
  if (!limitChanged) return { state: next, before }
  if (interrupted) {
    const timer = { ...interrupted.timer, limitMs }
    return { state: { ...next, floor: { ...floor, interrupted: { ...interrupted, timer } } }, before }
  }
  return { state: { ...next, timer: { ...state.timer, limitMs } }, before }
}
