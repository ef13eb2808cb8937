// "The remaining speakers' statements will be circulated in writing": waiting speakers leave the list
// with status `written`, and each gets a statement of kind `written`, never delivered, so note-takers
// can tag the circulated text like any other and coverage and the digest count it.
import type { ControlState, Speaker, SpeakerId, Statement, StatementId } from '../types.ts'
import { fail, findSpeaker, isRefusal, ok, withSpeaker, withStatement, type Handlers } from './result.ts'

export const writtenHandlers: Handlers<'speaker:written'> = {
  // All or nothing: the chair marked the rows they saw waiting; if one has moved on meanwhile (given
  // the floor, withdrawn), the chair looks again rather than half the list changing.
  'speaker:written': (state, payload, ctx) => {
    let next: ControlState = state
    const statementIds: StatementId[] = []
    for (const speakerId of new Set<SpeakerId>(payload.speakerIds)) {
      const speaker = findSpeaker(state, speakerId)
      if (isRefusal(speaker)) return speaker
      if (speaker.status !== 'waiting') return fail('SPEAKER_NOT_WAITING', `${speaker.name} is not waiting to speak.`)
      const statement: Statement = {
        id: ctx.newId('stm') as StatementId,
        speakerId: speaker.id,
        name: speaker.name,
        delegation: speaker.delegation,
        segmentId: speaker.segmentId,
        kind: 'written',
        // The moment it was circulated; no time was spoken, so no duration, limit or overrun.
        startedAtMs: ctx.nowMs,
        endedAtMs: ctx.nowMs,
        pauses: [],
        durationMs: null,
        limitMs: null,
        overrunMs: null
      }
      next = withStatement(withSpeaker(next, { ...speaker, status: 'written' }), statement)
      statementIds.push(statement.id)
    }
    return ok(next, { statementIds })
  }
}

/**
 * The chair takes back a circulation (marked the wrong row, or the speaker came back into the room): the
 * speaker waits again where they stood, and the `written` statement, never delivered, leaves the record.
 * Notes taken on its text stay in the notes document; coverage and the digest no longer count them.
 */
export function takeBackWritten (state: ControlState, speaker: Speaker): ControlState {
  const statements = Object.fromEntries(Object.entries(state.statements)
    .filter(([, statement]) => !(statement.speakerId === speaker.id && statement.kind === 'written')))
  return withSpeaker({ ...state, statements }, { ...speaker, status: 'waiting' })
}
