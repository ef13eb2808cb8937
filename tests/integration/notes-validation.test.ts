// A note-taker's link writing what the workspace never writes, through a real server and real
// Socket.IO clients: every bad kind of notes update from issue 15 is refused with a named code before it
// is applied or stored, and the document stays byte for byte as it was.
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { readTags, statementNotes, tagStatement, untagStatement } from '../../shared/doc/notes.ts'
import { MAX_NOTES_BYTES } from '../../shared/doc/notes-limits.ts'
import type { QuestionId, StatementId } from '../../shared/domain/types.ts'
import type { Notice } from '../../shared/protocol/events.ts'
import { encodeWire } from '../../shared/protocol/wire.ts'
import { NOTES_LINK_BURST_BYTES, NOTES_LINK_REFUSALS_PER_MINUTE } from '../../server/rooms/notes-budget.ts'
import { connect, eventually, type TestServer, type TestServerOptions } from '../support/server.ts'
import { openDemoDebate } from '../support/floor.ts'

const chairAuthor = { id: 'chair-desk', name: 'Chair' }
const noteTaker = { id: 'nt-1', name: 'Note-taker 1' }

/** The server's clock, moved by the test only. */
const clock = { ms: Date.UTC(2026, 11, 7, 10), now () { return this.ms } }

const servers: TestServer[] = []
const clients: RostrumClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  for (const server of servers.splice(0)) await server.destroy()
})

async function openDebate (options: TestServerOptions = {}) {
  return await openDemoDebate({ clock, ...options }, { servers, clients })
}

/** What `change` does to a copy of the client's notes, sent as a sync update over its own socket. */
function send (client: RostrumClient, change: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.notes))
  const before = Y.encodeStateVector(copy)
  change(copy)
  const update = Y.encodeStateAsUpdate(copy, before)
  sendUpdate(client, update)
  return update
}

function sendUpdate (client: RostrumClient, update: Uint8Array): void {
  const encoder = encoding.createEncoder()
  syncProtocol.writeUpdate(encoder, update)
  client.socket.emit('sync', 'notes', encodeWire(encoding.toUint8Array(encoder)))
}

function nextNotice (client: RostrumClient): Promise<Notice> {
  return new Promise((resolve) => client.socket.once('notice', resolve))
}

const DEEP_MARKER = 'deep-value-marker'

/**
 * `update` with the string DEEP_MARKER replaced by objects nested `depth` deep, encoded without
 * recursion (lib0's own encoder overflows the stack on it).
 */
function deepened (update: Uint8Array, depth: number): Uint8Array {
  const anyOf = (write: (encoder: encoding.Encoder) => void) => { const encoder = encoding.createEncoder(); write(encoder); return encoding.toUint8Array(encoder) }
  const marker = anyOf((encoder) => encoding.writeAny(encoder, DEEP_MARKER))
  const level = anyOf((encoder) => { encoding.writeUint8(encoder, 118); encoding.writeVarUint(encoder, 1); encoding.writeVarString(encoder, 'inner') })
  const leaf = anyOf((encoder) => encoding.writeAny(encoder, 'bottom'))
  const at = Buffer.from(update).indexOf(Buffer.from(marker))
  if (at < 0) throw new Error('marker not found in the update')
  return Buffer.concat([update.subarray(0, at), ...Array<Uint8Array>(depth).fill(level), leaf, update.subarray(at + marker.length)])
}

function nested (depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = { inner: value }
  return value
}

describe('a note-taker\'s bad notes updates', () => {
  it.each<[string, (doc: Y.Doc, at: { statement: StatementId; question: QuestionId }) => void, string]>([
    ['a tag set to null', (doc, at) => doc.getMap('tags').set(`${at.statement}|${at.question}|nt-1`, null), 'NOTES_REJECTED'],
    ['a malformed highlight', (doc) => doc.getMap('highlights').set('nt-1-1-0', { id: 'nt-1-1-0', kind: 'shout', text: 42 }), 'NOTES_REJECTED'],
    ['a new top-level map', (doc) => doc.getMap('evil').set('x', 1), 'NOTES_REJECTED'],
    ['a new top-level array', (doc) => doc.getArray('payload').push(['x'.repeat(1000)]), 'NOTES_REJECTED'],
    ['a nested Y.Map in the tags', (doc, at) => doc.getMap('tags').set(`${at.statement}|${at.question}|nt-1`, new Y.Map()), 'NOTES_REJECTED'],
    ['a value nested 2,000 deep', (doc, at) => doc.getMap('tags').set(`${at.statement}|${at.question}|nt-1`, nested(2_000)), 'NOTES_REJECTED'],
    ['formatted notes text', (doc, at) => statementNotes(doc, at.statement).insert(0, 'x', { bold: true }), 'NOTES_REJECTED']
  ])('refuses %s with a named code, applies and stores nothing', async (_label, write, code) => {
    const { chair, noteTaker: writer, statement, question, room, storedBytes } = await openDebate()
    tagStatement(chair.notes, statement, question, chairAuthor, 1)
    await eventually(() => readTags(room().notes).length === 1)
    const before = Y.encodeStateAsUpdate(room().notes)
    const storedBefore = await storedBytes()

    const notice = nextNotice(writer)
    send(writer, (doc) => write(doc, { statement, question }))
    expect(await notice).toMatchObject({ code, event: 'sync', message: expect.any(String) })
    expect(Y.encodeStateAsUpdate(room().notes)).toEqual(before)
    expect(await storedBytes()).toBe(storedBefore)

    // The link still writes genuine notes afterwards.
    tagStatement(writer.notes, statement, question, noteTaker, 2)
    await eventually(() => readTags(chair.notes).length === 2, { message: 'the genuine tag reaches the chair' })
  })

  it('refuses a value nested 6,345 deep: undecodable where the stack is short, of the wrong shape where not', async () => {
    const { noteTaker: writer, statement, question, room, storedBytes } = await openDebate()
    const before = Y.encodeStateAsUpdate(room().notes)
    const storedBefore = await storedBytes()
    const copy = deskOf(writer.notes)
    const sv = Y.encodeStateVector(copy)
    copy.getMap('tags').set(`${statement}|${question}|nt-1`, DEEP_MARKER)
    const notice = nextNotice(writer)
    sendUpdate(writer, deepened(Y.encodeStateAsUpdate(copy, sv), 6_345))
    expect(await notice).toMatchObject({ code: expect.stringMatching(/^(INVALID_PAYLOAD|NOTES_REJECTED)$/), event: 'sync' })
    expect(Y.encodeStateAsUpdate(room().notes)).toEqual(before)
    expect(await storedBytes()).toBe(storedBefore)
  })

  it('refuses forging and removing the chair\'s tags from the note-taker link, and lets the chair remove a note-taker\'s', async () => {
    const { chair, noteTaker: writer, statement, question, room, storedBytes } = await openDebate()
    tagStatement(chair.notes, statement, question, chairAuthor, 1)
    tagStatement(writer.notes, statement, question, noteTaker, 2)
    await eventually(() => readTags(writer.notes).length === 2 && readTags(chair.notes).length === 2)
    const before = Y.encodeStateAsUpdate(room().notes)
    const storedBefore = await storedBytes()

    const removal = nextNotice(writer)
    send(writer, (doc) => untagStatement(doc, statement, question, chairAuthor))
    expect(await removal).toMatchObject({ code: 'NOTES_REJECTED', event: 'sync' })
    const forgery = nextNotice(writer)
    send(writer, (doc) => tagStatement(doc, 'st_forged' as StatementId, question, chairAuthor, 3))
    expect(await forgery).toMatchObject({ code: 'NOTES_REJECTED', event: 'sync' })
    expect(Y.encodeStateAsUpdate(room().notes)).toEqual(before)
    expect(await storedBytes()).toBe(storedBefore)

    untagStatement(chair.notes, statement, question, noteTaker)
    await eventually(() => readTags(writer.notes).map((tag) => tag.authorId).join() === chairAuthor.id)
  })

  it('refuses 150 updates of 256 kB with missing dependencies: nothing kept in memory or on disk, /healthz answers throughout', async () => {
    const { server, noteTaker: writer, statement, room, storedBytes } = await openDebate()
    const before = Y.encodeStateAsUpdate(room().notes)
    const storedBefore = await storedBytes()
    const rssBefore = process.memoryUsage().rss
    const codes: string[] = []
    const copy = deskOf(writer.notes)
    statementNotes(copy, statement).insert(0, 'never sent ')
    for (let i = 0; i < 150; i++) {
      const sv = Y.encodeStateVector(copy)
      statementNotes(copy, statement).insert(5, 'p'.repeat(256_000))
      const notice = nextNotice(writer)
      sendUpdate(writer, Y.encodeStateAsUpdate(copy, sv))
      codes.push((await notice).code)
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    }
    // Refused for what they are until the link has spent its budget, then refused unread.
    const rejected = codes.filter((code) => code === 'NOTES_REJECTED').length
    expect(rejected).toBeGreaterThan(0)
    expect(rejected).toBeLessThanOrEqual(NOTES_LINK_REFUSALS_PER_MINUTE)
    expect(codes).toEqual([...Array(rejected).fill('NOTES_REJECTED'), ...Array(150 - rejected).fill('NOTES_QUOTA')])
    expect(Y.encodeStateAsUpdate(room().notes)).toEqual(before)
    expect(room().notes.store.pendingStructs).toBeNull()
    expect(await storedBytes()).toBe(storedBefore)
    // 38 MB was sent; little of it may stay (generous: the test's own copy holds it too).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * 1024 * 1024)
  })
})

describe('notes quotas', () => {
  it('a link past its burst, over all its sockets together, is refused with NOTES_QUOTA, and writes again once its budget refills', async () => {
    const { server, meeting, noteTaker: writer, chair, statement, question, room, storedBytes } = await openDebate()
    const sockets = [writer, await connect(server, meeting.tokens.notetaker, clients)]
    const desk = deskOf(room().notes)
    const chunk = 'g'.repeat(400_000)
    const codes: string[] = []
    for (let i = 0; i < 8 && codes.at(-1) !== 'NOTES_QUOTA'; i++) {
      const length = statementNotes(room().notes, statement).length
      const socket = sockets[i % 2]!
      const outcome = outcomeOf(socket, () => statementNotes(room().notes, statement).length > length)
      sendFrom(desk, socket, (doc) => statementNotes(doc, statement).insert(0, chunk))
      codes.push((await outcome)?.code ?? 'applied')
    }
    expect(codes).toEqual([...Array(Math.floor(NOTES_LINK_BURST_BYTES / 400_000)).fill('applied'), 'NOTES_QUOTA'])
    expect(await storedBytes()).toBeLessThan(NOTES_LINK_BURST_BYTES + 64 * 1024)

    clock.ms += 60_000
    tagStatement(writer.notes, statement, question, noteTaker, 1)
    await eventually(() => readTags(chair.notes).length === 1, { message: 'a tag a minute later' })
  })

  it('a growth loop stops at the meeting\'s notes budget: what a joining screen downloads stays bounded', async () => {
    const { server, meeting, noteTaker: writer, statement, room, storedBytes } = await openDebate()
    const desk = deskOf(room().notes)
    const chunk = 'h'.repeat(450_000)
    let refused: Notice | null = null
    for (let i = 0; i < 30 && refused === null; i++) {
      clock.ms += 60_000 // the link's own budget refills: only the document's stops the loop
      const length = statementNotes(room().notes, statement).length
      const outcome = outcomeOf(writer, () => statementNotes(room().notes, statement).length > length)
      sendFrom(desk, writer, (doc) => statementNotes(doc, statement).insert(0, chunk))
      refused = await outcome
    }
    expect(refused).toMatchObject({ code: 'NOTES_QUOTA', event: 'sync' })
    const size = Y.encodeStateAsUpdate(room().notes).byteLength
    expect(size).toBeGreaterThan(MAX_NOTES_BYTES - 2 * chunk.length)
    expect(size).toBeLessThanOrEqual(MAX_NOTES_BYTES)
    expect(await storedBytes()).toBeLessThanOrEqual(MAX_NOTES_BYTES + 64 * 1024)
    const joiner = await connect(server, meeting.tokens.public, clients)
    expect(Y.encodeStateAsUpdate(joiner.notes).byteLength).toBeLessThanOrEqual(MAX_NOTES_BYTES)
  })
})

/** A note-taker's own copy of the notes, which it changes and sends from (it holds its own changes). */
function deskOf (notes: Y.Doc): Y.Doc {
  const desk = new Y.Doc()
  Y.applyUpdate(desk, Y.encodeStateAsUpdate(notes))
  return desk
}

function sendFrom (desk: Y.Doc, client: RostrumClient, change: (doc: Y.Doc) => void): void {
  const before = Y.encodeStateVector(desk)
  change(desk)
  sendUpdate(client, Y.encodeStateAsUpdate(desk, before))
}

/** The notice the client gets, or null once `applied` holds. */
async function outcomeOf (client: RostrumClient, applied: () => boolean): Promise<Notice | null> {
  let notice: Notice | null = null
  const listener = (received: Notice) => { notice = received }
  client.socket.once('notice', listener)
  try {
    await eventually(() => notice !== null || applied(), { timeoutMs: 20_000, message: 'a notice or the change applied' })
  } finally {
    client.socket.off('notice', listener)
  }
  return notice
}
