import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { fromBase64, toBase64 } from 'lib0/buffer'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { Notice } from '../../shared/protocol/events.ts'
import { awarenessClientIds } from '../../server/core/awareness-owners.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

/** One page's presence under a chosen awareness client id (a hostile page may choose any). */
function presence (clientId: number, name: string): Awareness {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const awareness = new Awareness(doc)
  awareness.setLocalState({ authorId: `author-${name}`, name, statementId: null })
  return awareness
}

const message = (awareness: Awareness): string => toBase64(encodeAwarenessUpdate(awareness, [awareness.clientID]))

/** Everything a client hears: the presence relayed to it (client id and name) and its notices. */
function listen (client: RostrumClient) {
  const heard = { relayed: [] as { clientId: number; name: string | null }[], notices: [] as Notice[] }
  client.socket.on('awareness', (text) => {
    const bytes = fromBase64(text)
    const received = new Awareness(new Y.Doc())
    applyAwarenessUpdate(received, bytes, 'relayed')
    for (const clientId of awarenessClientIds(bytes) ?? []) {
      const state = received.getStates().get(clientId) as { name?: string } | undefined
      heard.relayed.push({ clientId, name: state?.name ?? null })
    }
    received.destroy()
  })
  client.socket.on('notice', (notice) => heard.notices.push(notice))
  return heard
}

describe('awareness client ids belong to the link that sent them first', () => {
  const { seed, connect } = useTestServer()

  it('refuses another link renaming or removing a presence, and relays the owner\'s own', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const notetaker = await connect(meeting.tokens.notetaker)
    const observer = await connect(meeting.tokens.chair)
    const watched = listen(observer)
    const heardByNotetaker = listen(notetaker)

    const chairPage = presence(1001, 'Chair')
    chair.socket.emit('awareness', message(chairPage))
    await eventually(() => watched.relayed.some((r) => r.clientId === 1001 && r.name === 'Chair'), { message: 'the chair\'s presence' })

    // The note-takers' link speaks for the chair's page: renamed, then removed.
    const forged = presence(1001, 'Forged')
    forged.setLocalState({ authorId: 'author-Forged', name: 'Forged', statementId: null })
    notetaker.socket.emit('awareness', toBase64(encodeAwarenessUpdate(forged, [1001])))
    removeAwarenessStates(forged, [1001], 'hostile')
    notetaker.socket.emit('awareness', toBase64(encodeAwarenessUpdate(forged, [1001])))
    await eventually(() => heardByNotetaker.notices.length === 2, { message: 'two refusals' })
    expect(heardByNotetaker.notices).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN', event: 'awareness' }),
      expect.objectContaining({ code: 'FORBIDDEN', event: 'awareness' })
    ])

    // Its own page's presence still goes through, and after it the observer has heard nothing forged.
    notetaker.socket.emit('awareness', message(presence(2002, 'Note-taker')))
    await eventually(() => watched.relayed.some((r) => r.clientId === 2002), { message: 'the note-taker\'s own presence' })
    expect(watched.relayed.filter((r) => r.clientId === 1001)).toEqual([{ clientId: 1001, name: 'Chair' }])
  })

  it('keeps a page\'s id from another socket of the same link while the page is connected, and gives it back to that link after', async () => {
    const meeting = await seed(smallMeeting())
    const observer = await connect(meeting.tokens.chair)
    const watched = listen(observer)
    const first = await connect(meeting.tokens.notetaker)
    const second = await connect(meeting.tokens.notetaker)
    const heardBySecond = listen(second)

    first.socket.emit('awareness', message(presence(3003, 'First')))
    await eventually(() => watched.relayed.some((r) => r.clientId === 3003), { message: 'the first page\'s presence' })
    second.socket.emit('awareness', message(presence(3003, 'Second')))
    await eventually(() => heardBySecond.notices.length === 1, { message: 'the refusal' })
    expect(heardBySecond.notices[0]).toMatchObject({ code: 'FORBIDDEN' })

    // The first page drops and comes back on a new socket with the same id: it is still its own.
    first.socket.disconnect()
    await eventually(() => !first.connected)
    first.socket.connect()
    await eventually(() => first.connected)
    const back = presence(3003, 'First again')
    first.socket.emit('awareness', message(back))
    await eventually(() => watched.relayed.some((r) => r.name === 'First again'), { message: 'the page back' })
    expect(watched.relayed.filter((r) => r.name === 'Second')).toEqual([])
  })

  it('refuses bytes that are not an awareness update, which would throw in every other page', async () => {
    const meeting = await seed(smallMeeting())
    const notetaker = await connect(meeting.tokens.notetaker)
    const heard = listen(notetaker)
    notetaker.socket.emit('awareness', toBase64(new Uint8Array([1, 7, 1, 5, 123, 34, 120])))
    await eventually(() => heard.notices.length === 1)
    expect(heard.notices[0]).toMatchObject({ code: 'INVALID_PAYLOAD', event: 'awareness' })
  })
})
