import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { toBase64 } from 'lib0/buffer'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { LINK_RATES } from '../../server/core/link-budgets.ts'
import { smallMeeting } from '../support/meetings.ts'
import { stepOne } from '../support/raw-clients.ts'
import { statementNotes } from '../../shared/doc/notes.ts'
import { eventually, useTestServer } from '../support/server.ts'
import { openWithSpeakerOnTheFloor } from '../support/floor.ts'

const SOCKETS = 5

describe('rate budgets belong to the link, shared by all its sockets', () => {
  // The server's clock stands still, so no budget refills while a test spends it: one burst is all a link gets.
  const { seed, connect } = useTestServer({ clock: { now: () => Date.UTC(2026, 11, 7, 10) } })

  const sockets = async (token: string): Promise<RostrumClient[]> =>
    await Promise.all(Array.from({ length: SOCKETS }, () => connect(token)))

  it('lets five note-taker sockets together relay no more presence than one link may', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    let relayed = 0
    chair.socket.on('awareness', () => { relayed++ })
    const notetakers = await sockets(meeting.tokens.notetaker)
    let refused = 0
    for (const socket of notetakers) socket.socket.on('notice', (n) => { if (n.code === 'RATE_LIMITED') refused++ })

    const perSocket = LINK_RATES.awareness.capacity
    notetakers.forEach((socket, index) => {
      const doc = new Y.Doc()
      doc.clientID = 5000 + index
      const awareness = new Awareness(doc)
      for (let i = 0; i < perSocket; i++) {
        awareness.setLocalState({ authorId: `a${index}`, name: `Page ${index}`, statementId: `s${i}` })
        socket.socket.emit('awareness', toBase64(encodeAwarenessUpdate(awareness, [doc.clientID])))
      }
      awareness.destroy()
    })
    const sent = SOCKETS * perSocket
    await eventually(() => relayed + refused === sent, { message: 'every message relayed or refused', timeoutMs: 20_000 })
    expect(relayed).toBe(LINK_RATES.awareness.capacity)
    expect(refused).toBeGreaterThan(0)
  })

  it('answers five chair sockets\' commands together within one link\'s command budget', async () => {
    const meeting = await seed(smallMeeting())
    const chairs = await sockets(meeting.tokens.chair)
    const perSocket = LINK_RATES.command.capacity
    const acks = await Promise.all(chairs.flatMap((chair, s) => Array.from({ length: perSocket }, (_, i) =>
      chair.socket.timeout(20_000).emitWithAck('command', { id: `c-${s}-${i}`, type: 'list:close', payload: {} }) as Promise<CommandAck>)))
    const ran = acks.filter((ack) => ack.ok || ack.error.code !== 'RATE_LIMITED').length
    expect(ran).toBe(LINK_RATES.command.capacity)
  })

  it('answers five delegation sockets\' step 1s together within one link\'s step 1 budget', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const writer = await connect(meeting.tokens.notetaker)
    const statement = await openWithSpeakerOnTheFloor(chair)
    const perSocket = LINK_RATES.stepOne.capacity
    statementNotes(writer.notes, statement).insert(0, 'n'.repeat(SOCKETS * perSocket * 2))
    await eventually(() => statementNotes(chair.notes, statement).length > 0)

    const desks = await sockets(meeting.tokens.delegations.KEN!)
    let answered = 0
    let refused = 0
    for (const desk of desks) {
      desk.socket.on('sync', () => { answered++ })
      desk.socket.on('notice', (n) => { if (n.code === 'RATE_LIMITED') refused++ })
    }
    // Each step 1 claims a different part of the notes, so none is answered from what is kept.
    const client = writer.notes.clientID
    let claim = 0
    for (const desk of desks) for (let i = 0; i < perSocket; i++) desk.socket.emit('sync', 'notes', stepOne(new Map([[client, ++claim]])))
    const sent = SOCKETS * perSocket
    await eventually(() => answered + refused === sent, { message: 'every step 1 answered or refused', timeoutMs: 20_000 })
    expect(answered).toBeLessThanOrEqual(LINK_RATES.stepOne.capacity)
    expect(refused).toBeGreaterThan(0)
  })

  it('answers a room of one link\'s devices joining together from what is kept, past the step 1 budget', async () => {
    const meeting = await seed(smallMeeting())
    const devices = LINK_RATES.stepOne.capacity
    const desks = await Promise.all(Array.from({ length: devices }, () => connect(meeting.tokens.delegations.MEX!)))
    expect(desks.every((desk) => desk.synced)).toBe(true)
  })
})
