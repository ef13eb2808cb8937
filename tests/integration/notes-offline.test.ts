import { describe, expect, it } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { readTags, statementNotes, tagStatement, untagStatement } from '../../shared/doc/notes.ts'
import { demoMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'
import { openWithSpeakerOnTheFloor } from '../support/floor.ts'

describe('two note-takers on one statement, one of them offline for part of it', () => {
  const { seed, connect } = useTestServer()

  it('merges every tag and every keystroke when the offline one returns', async () => {
    const meeting = await seed(demoMeeting())
    const chair = await connect(meeting.tokens.chair)
    const online = await connect(meeting.tokens.notetaker)
    const roaming = await connect(meeting.tokens.notetaker)
    const statement = await openWithSpeakerOnTheFloor(chair)
    const [a, b, c] = chair.state!.questions
    const first = { id: 'nt-online', name: 'Online' }
    const second = { id: 'nt-roaming', name: 'Roaming' }
    const text = (client: RostrumClient) => statementNotes(client.notes, statement).toString()

    tagStatement(online.notes, statement, a!.id, first, 1)
    tagStatement(roaming.notes, statement, a!.id, second, 2)
    statementNotes(roaming.notes, statement).insert(0, 'يبدأ بالشكر. ')
    await eventually(() => text(online) === 'يبدأ بالشكر. ' && readTags(online.notes).length === 2)

    // The conference Wi-Fi drops for one of them; both keep working.
    roaming.socket.disconnect()
    await eventually(() => !roaming.connected)
    tagStatement(roaming.notes, statement, b!.id, second, 3)
    untagStatement(roaming.notes, statement, a!.id, second)
    statementNotes(roaming.notes, statement).insert(text(roaming).length, 'يقترح آلية تشاور دائمة. ')
    tagStatement(online.notes, statement, c!.id, first, 4)
    statementNotes(online.notes, statement).insert(0, '[١٠:٠٢] ')
    await eventually(() => readTags(chair.notes).some((tag) => tag.questionId === c!.id))
    expect(readTags(chair.notes).some((tag) => tag.questionId === b!.id)).toBe(false)

    roaming.socket.connect()
    const merged = (client: RostrumClient) =>
      text(client).includes('يقترح آلية تشاور دائمة.') && text(client).startsWith('[١٠:٠٢] ') && readTags(client.notes).length === 3
    await eventually(() => [chair, online, roaming].every(merged), { message: 'all three converge' })

    const tags = readTags(chair.notes).map((tag) => `${tag.authorId}:${tag.questionId}`).sort()
    expect(tags).toEqual([`nt-online:${a!.id}`, `nt-online:${c!.id}`, `nt-roaming:${b!.id}`].sort())
    expect(text(chair)).toBe('[١٠:٠٢] يبدأ بالشكر. يقترح آلية تشاور دائمة. ')
    expect(text(online)).toBe(text(chair))
    expect(text(roaming)).toBe(text(chair))
  })
})
