import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { readTags, statementNotes, tagStatement, untagStatement } from '../../shared/doc/notes.ts'
import type { DelegationCode, QuestionId, StatementId } from '../../shared/domain/types.ts'
import type { Notice } from '../../shared/protocol/events.ts'
import { encodeWire } from '../../shared/protocol/wire.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

function updateMessage (update: Uint8Array): string {
  const encoder = encoding.createEncoder()
  syncProtocol.writeUpdate(encoder, update)
  return encodeWire(encoding.toUint8Array(encoder))
}

function nextNotice (client: RostrumClient): Promise<Notice> {
  return new Promise((resolve) => client.socket.once('notice', resolve))
}

describe('what each role may write', () => {
  const { server, seed, connect } = useTestServer()

  it('drops a delegation\'s writes to the control document and tells it so', async () => {
    const meeting = await seed(smallMeeting())
    const kenya = await connect(meeting.tokens.delegations.KEN!)
    const observer = await connect(meeting.tokens.public)
    const before = Y.encodeStateAsUpdate(server().app.registry.loaded(meeting.id)!.control)

    const forged = new Y.Doc()
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(kenya.control))
    const captured: Uint8Array[] = []
    forged.on('update', (u: Uint8Array) => captured.push(u))
    forged.getMap('meeting').set('meeting', { ...kenya.state!.meeting, title: 'Hijacked' })
    const notice = nextNotice(kenya)
    kenya.socket.emit('sync', 'control', updateMessage(captured[0]!))

    expect(await notice).toMatchObject({ code: 'DOC_READ_ONLY', event: 'sync' })
    expect(Y.encodeStateAsUpdate(server().app.registry.loaded(meeting.id)!.control)).toEqual(before)
    expect(observer.state!.meeting.title).toBe('Test debate')
  })

  it('drops a delegation\'s and the public\'s writes to the notes document', async () => {
    const meeting = await seed(smallMeeting())
    const noteTaker = await connect(meeting.tokens.notetaker)
    for (const token of [meeting.tokens.delegations.KEN!, meeting.tokens.public]) {
      const reader = await connect(token)
      const forged = new Y.Doc()
      const captured: Uint8Array[] = []
      forged.on('update', (u: Uint8Array) => captured.push(u))
      tagStatement(forged, 'stm_x' as StatementId, 'q_x' as QuestionId, { id: 'forger', name: 'Forger' }, 1)
      const notice = nextNotice(reader)
      reader.socket.emit('sync', 'notes', updateMessage(captured[0]!))
      expect(await notice).toMatchObject({ code: 'DOC_READ_ONLY' })
    }
    expect(readTags(server().app.registry.loaded(meeting.id)!.notes)).toEqual([])
    expect(readTags(noteTaker.notes)).toEqual([])
  })

  it('lets a delegation request inscription for itself only', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const norway = await connect(meeting.tokens.delegations.NOR!)

    const forOther = await norway.command('request:create', { delegation: 'KEN' as DelegationCode, type: 'inscription' })
    expect(forOther).toMatchObject({ ok: false, error: { code: 'NOT_YOUR_DELEGATION' } })
    const forSelf = await norway.command('request:create', { delegation: 'NOR' as DelegationCode, type: 'inscription' })
    expect(forSelf.ok).toBe(true)
    await eventually(() => Object.values(chair.state!.requests).some((r) => r.delegation === 'NOR' && r.status === 'pending'))

    const chairOnly = await norway.command('list:close', {})
    expect(chairOnly).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(chair.state!.meeting.listClosed).toBe(false)
  })

  it('merges two note-takers\' tags and notes; removing one tag keeps the other', async () => {
    const meeting = await seed(smallMeeting())
    const first = await connect(meeting.tokens.notetaker)
    const second = await connect(meeting.tokens.chair)
    const delegation = await connect(meeting.tokens.delegations.KEN!)
    const statement = 'stm_1' as StatementId
    const question = 'q_1' as QuestionId
    const alice = { id: 'nt-1', name: 'Note-taker 1' }
    const bob = { id: 'nt-2', name: 'Note-taker 2' }

    tagStatement(first.notes, statement, question, alice, 1)
    tagStatement(second.notes, statement, question, bob, 2)
    statementNotes(first.notes, statement).insert(0, 'Proposes a standing dialogue. ')
    statementNotes(second.notes, statement).insert(0, 'Quotes Article 99.')

    const bothTagged = (c: RostrumClient) => readTags(c.notes).length === 2
    const text = (c: RostrumClient) => statementNotes(c.notes, statement).toString()
    await eventually(() => [first, second, delegation].every(bothTagged) && text(first) === text(second) && text(delegation) === text(first))
    expect(text(first)).toContain('standing dialogue')
    expect(text(first)).toContain('Article 99')

    untagStatement(first.notes, statement, question, alice)
    await eventually(() => readTags(second.notes).length === 1)
    expect(readTags(second.notes)[0]!.authorId).toBe('nt-2')
  })
})
