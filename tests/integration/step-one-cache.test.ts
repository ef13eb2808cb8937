import { describe, expect, it } from 'vitest'
import { fromBase64 } from 'lib0/buffer'
import { statementNotes } from '../../shared/doc/notes.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { stateVectorOf, stepOne } from '../support/raw-clients.ts'
import { eventually, useTestServer } from '../support/server.ts'
import { openWithSpeakerOnTheFloor } from '../support/floor.ts'

describe('answers to sync step 1', () => {
  const { server, seed, connect } = useTestServer()

  it('are kept until the document changes: asking the same thing again, or naming clients it does not have, costs no encoding', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const writer = await connect(meeting.tokens.notetaker)
    const statement = await openWithSpeakerOnTheFloor(chair)
    statementNotes(writer.notes, statement).insert(0, 'The Council notes the briefing.')
    await eventually(() => statementNotes(chair.notes, statement).length > 0)

    const room = server().app.registry.loaded(meeting.id as MeetingId)!
    const ask = async (stateVector: Map<number, number>) =>
      (await room.receiveSync('notes', fromBase64(stepOne(stateVector)), { canWrite: false, origin: null })).reply
    const [writerId, clock] = [...stateVectorOf(writer.notes)].find(([id]) => id === writer.notes.clientID)!
    const part = new Map([[writerId, Math.floor(clock / 2)]])

    const first = await ask(part)
    expect(await ask(part)).toBe(first)
    // A client the document has never seen asks for the same as a client that has nothing.
    expect(await ask(new Map([[123_456_789, 42]]))).toBe(await ask(new Map()))
    // More than the document has of a client asks for the same as exactly what it has.
    expect(await ask(new Map([[writerId, clock + 1000]]))).toBe(await ask(new Map([[writerId, clock]])))

    statementNotes(writer.notes, statement).insert(0, '[10:02] ')
    await eventually(() => statementNotes(chair.notes, statement).toString().startsWith('[10:02] '))
    const after = await ask(part)
    expect(after).not.toBe(first)
    expect(after!.byteLength).toBeGreaterThan(first!.byteLength)
  })
})
