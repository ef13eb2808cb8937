// MeetingReplica's two change subscriptions and its `followNotes` option: first over a replica fed by
// hand (the test decides what arrives), then on the wire of both transports against a real server.
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { LiveViewer, type LiveSocketFactory } from '../../../shared/client/live-viewer.ts'
import { MeetingReplica, type StepsOne } from '../../../shared/client/meeting-replica.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import { statementNotes, tagStatement } from '../../../shared/doc/notes.ts'
import { PROTOCOL_VERSION, type CommandAck, type DocName } from '../../../shared/protocol/events.ts'
import type { CommandType } from '../../../shared/domain/commands.ts'
import type { QuestionId, StatementId } from '../../../shared/domain/types.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { seedMeeting, useTestServer } from '../../support/server.ts'

/** A replica with no transport: the test opens the connection and delivers each message itself. */
class HandFedReplica extends MeetingReplica {
  get connected (): boolean { return true }
  async command<T extends CommandType> (): Promise<CommandAck<T>> { return { ok: false, error: { code: 'FORBIDDEN', message: 'not here' } } }
  protected ping (): Promise<number> { return Promise.reject(new Error('no clock here')) }
  protected disconnect (): void {}
  open (): StepsOne { return this.connectionOpened() }
  deliver (doc: DocName, message: Uint8Array): void { this.receiveSync(doc, message) }
}

/** The server's answer to a step 1: everything `source` holds, as a sync step 2. */
function stepTwo (source: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  syncProtocol.writeSyncStep2(encoder, source)
  return encoding.toUint8Array(encoder)
}

/** What `source` changed since `before`, as a broadcast update. */
function updateSince (source: Y.Doc, before: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(source, before))
  return encoding.toUint8Array(encoder)
}

const STATEMENT = 'stm_1' as StatementId

/** A control document with a meeting in it, as the server holds it. */
function serverControl (): Y.Doc {
  const doc = new Y.Doc()
  doc.getMap('meeting').set('meeting', { id: 'mtg_1', title: 'Debate' })
  return doc
}

function counting (replica: MeetingReplica): { control: () => number; notes: () => number; any: () => number } {
  let [control, notes, any] = [0, 0, 0]
  replica.subscribeControl(() => { control++ })
  replica.subscribeNotes(() => { notes++ })
  replica.subscribe(() => { any++ })
  return { control: () => control, notes: () => notes, any: () => any }
}

describe('a replica\'s change subscriptions', () => {
  it('runs control subscribers on the control document only, and notes subscribers on the notes only', () => {
    const replica = new HandFedReplica()
    const calls = counting(replica)
    replica.open()
    const [control, notes] = [serverControl(), new Y.Doc()]
    replica.deliver('control', stepTwo(control))
    replica.deliver('notes', stepTwo(notes))
    const settled = { control: calls.control(), notes: calls.notes(), any: calls.any() }

    // A note-taker's keystrokes, each arriving as its own update.
    for (const letter of 'Opening') {
      const before = Y.encodeStateVector(notes)
      statementNotes(notes, STATEMENT).insert(statementNotes(notes, STATEMENT).length, letter)
      replica.deliver('notes', updateSince(notes, before))
    }
    expect(calls.control()).toBe(settled.control)
    expect(calls.notes()).toBe(settled.notes + 7)
    expect(calls.any()).toBe(settled.any + 7)
    expect(replica.notesProjection.text(STATEMENT)).toBe('Opening')

    const before = Y.encodeStateVector(control)
    control.getMap('floor').set('floor', { statementId: null })
    replica.deliver('control', updateSince(control, before))
    expect([calls.control(), calls.notes()]).toEqual([settled.control + 1, settled.notes + 7])
    replica.close()
  })

  it('reads tags through the projection as they arrive', () => {
    const replica = new HandFedReplica()
    replica.open()
    const notes = new Y.Doc()
    tagStatement(notes, STATEMENT, 'q_a' as QuestionId, { id: 'nt-1', name: 'One' }, 1)
    replica.deliver('notes', stepTwo(notes))
    expect(replica.notesProjection.statementsTaggedWith('q_a' as QuestionId)).toBe(1)
    expect(replica.notesProjection.tagsOf(STATEMENT).map((tag) => tag.authorName)).toEqual(['One'])
    replica.close()
  })
})

describe('a replica that does not follow the notes', () => {
  it('sends no step 1 for them, is in step with the control document alone, and keeps out notes it is sent anyway', async () => {
    const replica = new HandFedReplica(8, false)
    const steps = replica.open()
    expect(steps.notes).toBeNull()
    expect(steps.control).toBeInstanceOf(Uint8Array)
    replica.deliver('control', stepTwo(serverControl()))
    expect(replica.synced).toBe(true)
    await replica.whenSynced

    const notes = new Y.Doc()
    statementNotes(notes, STATEMENT).insert(0, 'Not for screens')
    replica.deliver('notes', stepTwo(notes))
    expect(Y.encodeStateVector(replica.notes)).toEqual(Y.encodeStateVector(new Y.Doc()))
    expect(replica.notesProjection.text(STATEMENT)).toBeUndefined()
    replica.close()
  })
})

describe('followNotes on the wire', () => {
  const { server } = useTestServer()
  const opened: MeetingReplica[] = []
  afterEach(() => { for (const replica of opened.splice(0)) replica.close() })

  it('Socket.IO: the handshake says followNotes: false and no notes step 1 goes out; the meeting still shows', async () => {
    const meeting = await seedMeeting(server(), smallMeeting())
    const client = new RostrumClient({ url: server().url, token: meeting.tokens.public, followNotes: false })
    opened.push(client)
    const sent: unknown[][] = []
    client.socket.onAnyOutgoing((...args: unknown[]) => { sent.push(args) })
    expect(client.socket.auth).toEqual({ token: meeting.tokens.public, protocolVersion: PROTOCOL_VERSION, followNotes: false })
    await client.whenSynced
    expect(client.state?.meeting.title).toBe('Test debate')
    expect(sent.filter(([event]) => event === 'sync').map(([, doc]) => doc)).toEqual(['control'])
  })

  it('Socket.IO: a link that follows the notes says nothing of them, as before', async () => {
    const meeting = await seedMeeting(server(), smallMeeting())
    const client = new RostrumClient({ url: server().url, token: meeting.tokens.public })
    opened.push(client)
    expect(client.socket.auth).toEqual({ token: meeting.tokens.public, protocolVersion: PROTOCOL_VERSION })
    await client.whenSynced
    expect(client.followsNotes).toBe(true)
  })

  it('live link: the hello says followNotes: false and carries no notes step 1; the meeting still shows', async () => {
    const meeting = await seedMeeting(server(), smallMeeting())
    const hellos: unknown[] = []
    const Recording = class extends WebSocket {
      override send (data: string): void {
        const message = JSON.parse(data) as { type: string }
        if (message.type === 'hello') hellos.push(message)
        super.send(data)
      }
    } as unknown as LiveSocketFactory
    const viewer = new LiveViewer({ url: server().url, token: meeting.tokens.public, WebSocket: Recording, followNotes: false })
    opened.push(viewer)
    await viewer.whenSynced
    expect(viewer.state?.meeting.title).toBe('Test debate')
    expect(hellos).toEqual([{ type: 'hello', token: meeting.tokens.public, protocolVersion: PROTOCOL_VERSION, control: expect.any(String), followNotes: false }])
  })
})
