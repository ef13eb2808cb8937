// A client written only from docs/protocol.md: socket.io-client (and ws for the live link), yjs,
// y-protocols/sync and lib0 directly, none of shared/client or shared/protocol. If this drifts from the
// server, the document is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import { createHash } from 'node:crypto'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as syncProtocol from 'y-protocols/sync'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, seedMeeting, startTestServer, type TestServer } from '../support/server.ts'

// --- Types as the document (§4, §6) states them -------------------------------------------------

type DocName = 'control' | 'notes'

interface SessionInfo {
  protocolVersion: number
  meetingId: string
  role: 'chair' | 'notetaker' | 'delegation' | 'public'
  delegation: string | null
  canWriteNotes: boolean
  serverNowMs: number
}

type CommandAck =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string } }

interface Notice { code: string; message: string; event: string }

interface Meeting { id: string; title: string; status: string; listClosed: boolean }
interface Segment { id: string; orderKey: string; defaultLimitMs: number | null }
interface Speaker { id: string; segmentId: string; orderKey: string; name: string; status: string }
interface Timer { statementId: string | null; state: string; runningSinceMs: number | null; accumulatedMs: number; limitMs: number | null }
interface Floor { statementId: string | null; speakerId: string | null; interrupted: unknown }
interface Pause { startMs: number; endMs: number | null; reason: string }
interface Statement {
  id: string; speakerId: string | null; kind: string; startedAtMs: number; endedAtMs: number | null
  pauses: Pause[]; durationMs: number | null; limitMs: number | null; overrunMs: number | null
}
interface Question { id: string; label: string; text: string }
interface Tag { statementId: string; questionId: string; authorId: string; authorName: string; atMs: number }
interface Highlight { id: string; statementId: string; kind: 'quote' | 'proposal'; text: string; authorId: string; authorName: string; atMs: number }

// §15: the JSON export.
interface AuditEntry {
  commandId: string; actorId: string; actorRole: string; actorDelegation: string | null
  type: string; payload: unknown; result: CommandAck; atMs: number
}
interface JsonExport {
  format: string
  version: number
  exportedAtMs: number
  state: { questions: Question[]; statements: Record<string, Statement> }
  notes: { tags: Tag[]; highlights: Highlight[]; notes: Record<string, string>; orphanedTags: number }
  audit: AuditEntry[]
}

async function exportJson (serverUrl: string, meetingId: string, chairToken: string): Promise<JsonExport> {
  const response = await fetch(`${serverUrl}/api/meetings/${meetingId}/export.json`, { headers: { authorization: `Bearer ${chairToken}` } })
  expect(response.status).toBe(200)
  return await response.json() as JsonExport
}

// §14: POST /api/meetings/:id/links/reissue with the chair's token.
function reissue (serverUrl: string, meetingId: string, chairToken: string, body: unknown): Promise<Response> {
  return fetch(`${serverUrl}/api/meetings/${meetingId}/links/reissue`, {
    method: 'POST',
    headers: { authorization: `Bearer ${chairToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
}

/** §8: a token's id is the first 12 hex characters of its SHA-256. */
const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 12)

// --- §5: message = varUint(type) varUint8Array(content) -------------------------------------------

const STEP1 = 0
const STEP2 = 1
const UPDATE = 2

function encodeSync (type: number, content: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint8Array(encoder, content)
  return encoding.toUint8Array(encoder)
}

// §2: sync and awareness messages travel as base64 text.
function toWire (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

function fromWire (text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'))
}

function decodeSync (bytes: Uint8Array): { type: number; content: Uint8Array } {
  const decoder = decoding.createDecoder(bytes)
  return { type: decoding.readVarUint(decoder), content: decoding.readVarUint8Array(decoder) }
}

const REMOTE = Symbol('remote')

/** The whole client: handshake, sync for readers and writers, re-sync on every connect, commands. */
class RawClient {
  readonly control = new Y.Doc()
  readonly notes = new Y.Doc()
  readonly socket: Socket
  session: SessionInfo | null = null
  readonly synced: Record<DocName, boolean> = { control: false, notes: false }
  readonly received: { doc: DocName; type: number }[] = []
  readonly notices: Notice[] = []
  connects = 0

  constructor (url: string, token: string) {
    this.socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false })
    this.socket.on('connect', () => {
      this.connects += 1
      // On every connect: step 1 for both documents with the current state vectors.
      for (const name of ['control', 'notes'] as const) {
        this.socket.emit('sync', name, toWire(encodeSync(STEP1, Y.encodeStateVector(this.doc(name)))))
      }
    })
    this.socket.on('disconnect', () => {
      this.synced.control = false
      this.synced.notes = false
    })
    this.socket.on('session', (info: SessionInfo) => { this.session = info })
    this.socket.on('notice', (notice: Notice) => { this.notices.push(notice) })
    this.socket.on('sync', (name: DocName, text: string) => {
      const { type, content } = decodeSync(fromWire(text))
      this.received.push({ doc: name, type })
      if (type === STEP1) {
        // Only the server's notes step 1 to writers; answer with what the server lacks.
        if (name === 'notes' && this.session?.canWriteNotes === true) {
          this.socket.emit('sync', 'notes', toWire(encodeSync(STEP2, Y.encodeStateAsUpdate(this.notes, content))))
        }
        return
      }
      Y.applyUpdate(this.doc(name), content, REMOTE)
      if (type === STEP2) this.synced[name] = true
    })
    this.notes.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE || !this.socket.connected || this.session?.canWriteNotes !== true) return
      this.socket.emit('sync', 'notes', toWire(encodeSync(UPDATE, update)))
    })
  }

  doc (name: DocName): Y.Doc {
    return name === 'control' ? this.control : this.notes
  }

  get isSynced (): boolean {
    return this.synced.control && this.synced.notes
  }

  command (type: string, payload: unknown, id: string = crypto.randomUUID()): Promise<CommandAck> {
    return this.socket.timeout(5000).emitWithAck('command', { id, type, payload }) as Promise<CommandAck>
  }

  // §6: the control document's maps and keys.
  meeting (): Meeting | undefined { return this.control.getMap<Meeting>('meeting').get('meeting') }
  floor (): Floor | undefined { return this.control.getMap<Floor>('floor').get('floor') }
  timer (): Timer | undefined { return this.control.getMap<Timer>('floor').get('timer') }
  segments (): Segment[] { return [...this.control.getMap<Segment>('segments').values()] }
  speakers (): Record<string, Speaker> { return Object.fromEntries(this.control.getMap<Speaker>('speakers').entries()) }
  statements (): Record<string, Statement> { return Object.fromEntries(this.control.getMap<Statement>('statements').entries()) }

  /** §6 "Speaking order": segments by orderKey, speakers by orderKey then id, first waiting. */
  nextWaiting (): Speaker | undefined {
    const byKey = <T extends { orderKey: string; id: string }>(a: T, b: T) =>
      a.orderKey !== b.orderKey ? (a.orderKey < b.orderKey ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
    const speakers = Object.values(this.speakers())
    return this.segments().sort(byKey)
      .flatMap((segment) => speakers.filter((s) => s.segmentId === segment.id).sort(byKey))
      .find((s) => s.status === 'waiting')
  }

  close (): void {
    this.socket.disconnect()
    this.control.destroy()
    this.notes.destroy()
  }
}

/** An update that changes `doc` as `change` does, made on a copy so the original stays untouched. */
function forgedUpdate (doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  let captured: Uint8Array | null = null
  copy.on('update', (update: Uint8Array) => { captured = update })
  change(copy)
  if (captured === null) throw new Error('the change produced no update')
  return captured
}

describe('the protocol as docs/protocol.md describes it', () => {
  const SKEW_MS = 45_000
  let server: TestServer
  let tokens: Awaited<ReturnType<typeof seedMeeting>>['tokens']
  let meetingId: string
  let chair: RawClient
  let observer: RawClient
  const clients: RawClient[] = []
  const open = (token: string): RawClient => {
    const client = new RawClient(server.url, token)
    clients.push(client)
    return client
  }

  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => Date.now() + SKEW_MS } })
    const created = await seedMeeting(server, smallMeeting())
    tokens = created.tokens
    meetingId = created.id
  })

  afterAll(async () => {
    for (const client of clients) client.close()
    await server.destroy()
  })

  it('encodes sync messages exactly as y-protocols does (§5 byte layout)', () => {
    const empty = new Y.Doc()
    expect([...encodeSync(STEP1, Y.encodeStateVector(empty))]).toEqual([0, 1, 0])
    const doc = new Y.Doc()
    doc.getMap('m').set('k', 'v')
    const reference = encoding.createEncoder()
    syncProtocol.writeSyncStep1(reference, doc)
    expect(encodeSync(STEP1, Y.encodeStateVector(doc))).toEqual(encoding.toUint8Array(reference))
    const update = Y.encodeStateAsUpdate(doc)
    const referenceUpdate = encoding.createEncoder()
    syncProtocol.writeUpdate(referenceUpdate, update)
    expect(encodeSync(UPDATE, update)).toEqual(encoding.toUint8Array(referenceUpdate))
    expect([syncProtocol.messageYjsSyncStep1, syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsUpdate]).toEqual([STEP1, STEP2, UPDATE])
    expect(decodeSync(encodeSync(STEP2, update))).toEqual({ type: STEP2, content: update })
  })

  it('refuses a bad token with connect_error UNAUTHORIZED and data.code (§3)', async () => {
    const socket = io(server.url, { auth: { token: 'not-a-valid-token-at-all' }, transports: ['websocket'], reconnection: false })
    try {
      const error = await new Promise<Error & { data?: { code: string; message: string } }>((resolve) => socket.once('connect_error', resolve))
      expect(error.message).toBe('UNAUTHORIZED')
      expect(error.data).toEqual({ code: 'UNAUTHORIZED', message: expect.any(String) })
    } finally {
      socket.disconnect()
    }
  })

  it('sends session, then syncs a writer (chair) and a reader (public) by hand (§3, §5)', async () => {
    chair = open(tokens.chair)
    observer = open(tokens.public)
    await eventually(() => chair.isSynced && observer.isSynced, { message: 'both raw clients synced' })

    expect(chair.session).toEqual({
      protocolVersion: 2, meetingId, role: 'chair', delegation: null, canWriteNotes: true, serverNowMs: expect.any(Number)
    })
    expect(observer.session).toMatchObject({ protocolVersion: 2, meetingId, role: 'public', delegation: null, canWriteNotes: false })
    // serverNowMs is server time: the test server runs SKEW_MS ahead.
    expect(Math.abs(chair.session!.serverNowMs - (Date.now() + SKEW_MS))).toBeLessThan(5000)

    // The writer is asked for its notes with a step 1 before anything else; the reader never is.
    expect(chair.received[0]).toEqual({ doc: 'notes', type: STEP1 })
    expect(chair.received.filter((m) => m.type === STEP1).map((m) => m.doc)).toEqual(['notes'])
    expect(observer.received.some((m) => m.type === STEP1)).toBe(false)

    for (const client of [chair, observer]) {
      expect(client.meeting()).toMatchObject({ id: meetingId, title: 'Test debate', status: 'scheduled', listClosed: false })
      expect(client.floor()).toEqual({ statementId: null, speakerId: null, interrupted: null })
      expect(client.timer()).toMatchObject({ state: 'idle', statementId: null })
      expect(client.control.getMap('meeting').get('delegations')).toHaveLength(3)
      expect(Object.keys(client.speakers())).toHaveLength(2)
    }
    expect(chair.notices).toEqual([])
    expect(observer.notices).toEqual([])
  })

  it('acks meeting:open after its broadcast and shows it to the public (§8)', async () => {
    const ack = await chair.command('meeting:open', {})
    expect(ack).toEqual({ ok: true, data: {} })
    // Read your writes: the sender's own update arrived before the ack.
    expect(chair.meeting()?.status).toBe('open')
    expect(chair.received.some((m) => m.doc === 'control' && m.type === UPDATE)).toBe(true)
    await eventually(() => observer.meeting()?.status === 'open', { message: 'public sees the meeting open' })
    // §6: the meeting's own times, the moment it was called to order by the server's clock.
    expect(observer.control.getMap('meeting').get('sittings')).toEqual([{ kind: 'called-to-order', atMs: expect.any(Number) }])
  })

  it('gives the floor with floor:next; a retry with the same id is applied once (§8)', async () => {
    const next = chair.nextWaiting()!
    expect(next.name).toBe('Kenya')
    const id = crypto.randomUUID()
    const ack = await chair.command('floor:next', { expectedSpeakerId: next.id }, id)
    expect(ack).toEqual({ ok: true, data: { statementId: expect.stringMatching(/^stm_/), speakerId: next.id } })
    if (!ack.ok) throw new Error(ack.error.code)
    const statementId = ack.data.statementId as string
    expect(chair.floor()).toEqual({ statementId, speakerId: next.id, interrupted: null })

    await eventually(() => observer.floor()?.speakerId === next.id, { message: 'public sees the new floor' })
    expect(observer.speakers()[next.id]?.status).toBe('speaking')
    expect(observer.timer()).toMatchObject({ statementId, state: 'running', accumulatedMs: 0, limitMs: 300_000 })
    expect(observer.statements()[statementId]).toMatchObject({ speakerId: next.id, kind: 'statement', endedAtMs: null })
    // runningSinceMs is a server instant.
    expect(Math.abs(observer.timer()!.runningSinceMs! - (Date.now() + SKEW_MS))).toBeLessThan(5000)

    const retry = await chair.command('floor:next', { expectedSpeakerId: next.id }, id)
    expect(retry).toEqual(ack)
    expect(Object.keys(chair.statements())).toHaveLength(1)
  })

  it('answers clock:ping with server time; the documented estimate finds the offset (§12)', async () => {
    const samples: { sentAtMs: number; serverNowMs: number; receivedAtMs: number }[] = []
    // Read on the clock the server's skew is added to, so the truth is SKEW_MS exactly.
    for (let i = 0; i < 5; i++) {
      const sentAtMs = Date.now()
      const pong = await observer.socket.timeout(5000).emitWithAck('clock:ping') as { serverNowMs: number }
      samples.push({ sentAtMs, serverNowMs: pong.serverNowMs, receivedAtMs: Date.now() })
      expect(Object.keys(pong)).toEqual(['serverNowMs'])
    }
    const rtt = (s: typeof samples[number]) => s.receivedAtMs - s.sentAtMs
    const fasterHalf = [...samples].sort((a, b) => rtt(a) - rtt(b)).slice(0, Math.ceil(samples.length / 2))
    const offset = fasterHalf.reduce((sum, s) => sum + s.serverNowMs - (s.sentAtMs + s.receivedAtMs) / 2, 0) / fasterHalf.length
    // Each sample is off by at most half its round trip (the server read its clock between send and
    // receipt); their average by at most the largest of those: a bound the samples set, not the machine.
    expect(Math.abs(offset - SKEW_MS)).toBeLessThanOrEqual(Math.max(...fasterHalf.map((s) => rtt(s) / 2)))
  })

  it('refuses a domain violation with its code, and records it for the id (§8, §9)', async () => {
    const speaking = Object.values(chair.speakers()).find((s) => s.status === 'speaking')!
    const id = crypto.randomUUID()
    const stale = await chair.command('floor:next', { expectedSpeakerId: speaking.id }, id)
    expect(stale).toEqual({ ok: false, error: { code: 'STALE_NEXT', message: expect.any(String) } })
    expect(await chair.command('floor:next', { expectedSpeakerId: speaking.id }, id)).toEqual(stale)

    const forbidden = await observer.command('list:close', {})
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(chair.meeting()?.listClosed).toBe(false)
    expect(chair.floor()?.speakerId).toBe(speaking.id)
  })

  it('refuses an unknown command without consuming its id (§8)', async () => {
    const id = crypto.randomUUID()
    const unknown = await chair.command('floor:seize', {}, id)
    expect(unknown).toEqual({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: expect.any(String) } })
    const invalid = await chair.command('timer:pause', { now: true }, id)
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } })
    // The same id is still free for a real command.
    expect(await chair.command('timer:pause', {}, id)).toEqual({ ok: true, data: {} })
    expect(chair.timer()?.state).toBe('paused')
  })

  it('records in the audit exactly the commands the domain answered (§8, §15)', async () => {
    const startedMs = Date.now()
    const unknown = crypto.randomUUID()
    expect(await chair.command('floor:seize', {}, unknown)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } })
    const invalid = crypto.randomUUID()
    expect(await chair.command('timer:extend', { byMs: 1 }, invalid)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } })
    const extended = crypto.randomUUID()
    const extendedAck = await chair.command('timer:extend', { byMs: 1000 }, extended)
    expect(extendedAck).toEqual({ ok: true, data: { limitMs: 301_000 } })
    // A retry is answered from the record; the same id for another command is refused.
    expect(await chair.command('timer:extend', { byMs: 1000 }, extended)).toEqual(extendedAck)
    expect(await chair.command('timer:set-limit', { limitMs: null }, extended)).toMatchObject({ ok: false, error: { code: 'COMMAND_ID_REUSED' } })
    const forbidden = crypto.randomUUID()
    expect(await observer.command('list:close', {}, forbidden)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const transition = crypto.randomUUID()
    expect(await chair.command('list:reopen', {}, transition)).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } })

    const { audit } = await exportJson(server.url, meetingId, tokens.chair)
    const entries = (id: string) => audit.filter((entry) => entry.commandId === id)
    expect(entries(unknown)).toEqual([])
    expect(entries(invalid)).toEqual([])
    expect(entries(extended)).toEqual([{
      commandId: extended, actorId: tokenId(tokens.chair), actorRole: 'chair', actorDelegation: null,
      type: 'timer:extend', payload: { byMs: 1000 }, result: extendedAck, atMs: expect.any(Number)
    }])
    expect(entries(forbidden)).toEqual([expect.objectContaining({ actorRole: 'public', actorId: tokenId(tokens.public), type: 'list:close', result: { ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) } })])
    expect(entries(transition)).toEqual([expect.objectContaining({ type: 'list:reopen', result: { ok: false, error: expect.objectContaining({ code: 'INVALID_TRANSITION' }) } })])
    expect(audit.some((entry) => !entry.result.ok && ['UNKNOWN_COMMAND', 'INVALID_PAYLOAD', 'COMMAND_ID_REUSED'].includes(entry.result.error.code))).toBe(false)
    // In the order they ran, at server instants.
    expect(audit.map((entry) => entry.atMs)).toEqual([...audit.map((entry) => entry.atMs)].sort((a, b) => a - b))
    // Between the test's start and now on the server's clock, which runs SKEW_MS ahead of the test's.
    expect(audit.at(-1)!.atMs).toBeGreaterThanOrEqual(startedMs + SKEW_MS)
    expect(audit.at(-1)!.atMs).toBeLessThanOrEqual(Date.now() + SKEW_MS)
  })

  it('drops read-only writes with a DOC_READ_ONLY notice and changes nothing (§5, §10)', async () => {
    const forgedTag = forgedUpdate(observer.notes, (copy) => {
      copy.getMap('tags').set('stm_x|q_x|forger', { statementId: 'stm_x', questionId: 'q_x', authorId: 'forger', authorName: 'F', atMs: 1 })
    })
    observer.socket.emit('sync', 'notes', toWire(encodeSync(UPDATE, forgedTag)))
    await eventually(() => observer.notices.length === 1, { message: 'notice to the public' })
    expect(observer.notices[0]).toEqual({ code: 'DOC_READ_ONLY', message: expect.any(String), event: 'sync' })

    // Not even a chair writes the control document over sync.
    const hijack = forgedUpdate(chair.control, (copy) => {
      const meeting = copy.getMap<Meeting>('meeting')
      meeting.set('meeting', { ...meeting.get('meeting')!, title: 'Hijacked' })
    })
    chair.socket.emit('sync', 'control', toWire(encodeSync(UPDATE, hijack)))
    await eventually(() => chair.notices.length === 1, { message: 'notice to the chair' })
    expect(chair.notices[0]).toMatchObject({ code: 'DOC_READ_ONLY', event: 'sync' })

    // A fresh client sees neither change.
    const fresh = open(tokens.public)
    await eventually(() => fresh.isSynced, { message: 'fresh client synced' })
    expect(fresh.meeting()?.title).toBe('Test debate')
    expect(fresh.notes.getMap('tags').size).toBe(0)
  })

  it('relays a writer\'s notes and re-syncs both roles after a reconnect (§5, §7)', async () => {
    const statementId = chair.floor()!.statementId!
    chair.notes.getMap('tags').set(`${statementId}|q_1|nt-1`, { statementId, questionId: 'q_1', authorId: 'nt-1', authorName: 'Chair', atMs: 1 })
    await eventually(() => observer.notes.getMap('tags').size === 1, { message: 'public sees the chair\'s tag' })

    // A reader misses a change while away; its step 1 on reconnect fetches it.
    observer.socket.disconnect()
    expect(await chair.command('timer:resume', {})).toEqual({ ok: true, data: {} })
    observer.socket.connect()
    await eventually(() => observer.connects === 2 && observer.isSynced && observer.timer()?.state === 'running', { message: 'reader re-synced' })

    // A writer edits offline; the server's step 1 on reconnect collects the edit.
    chair.socket.disconnect()
    chair.notes.getText(`notes/${statementId}`).insert(0, 'Written offline.')
    chair.socket.connect()
    await eventually(() => observer.notes.getText(`notes/${statementId}`).toString() === 'Written offline.', { message: 'offline edit relayed' })
    expect(chair.connects).toBe(2)
    expect(chair.notices).toHaveLength(1)
    expect(observer.notices).toHaveLength(1)
  })

  it('exports the notes as plain data: tags as an array, highlights, texts by statement, orphaned tags counted (§7, §8, §15)', async () => {
    const statementId = chair.floor()!.statementId!
    const questions = chair.control.getMap('meeting').get('questions') as Question[]
    const why = questions.find((question) => question.label === 'b')!
    const tag: Tag = { statementId, questionId: why.id, authorId: 'nt-1', authorName: 'Chair', atMs: 2 }
    chair.notes.getMap('tags').set(`${statementId}|${why.id}|nt-1`, tag)
    const highlight: Highlight = { id: 'nt-1-3-0', statementId, kind: 'proposal', text: 'offline', authorId: 'nt-1', authorName: 'Chair', atMs: 3 }
    chair.notes.getMap('highlights').set(highlight.id, highlight)
    await eventually(() => observer.notes.getMap('highlights').size === 1 && observer.notes.getMap('tags').size === 2, { message: 'the server to hold the notes' })

    // A reader finds a statement's notes by its id (§7).
    expect(observer.notes.share.has(`notes/${statementId}`)).toBe(true)
    expect(observer.notes.getText(`notes/${statementId}`).toString()).toBe('Written offline.')

    const before = await exportJson(server.url, meetingId, tokens.chair)
    expect(before.format).toBe('rostrum-meeting-export')
    expect(before.version).toBe(1)
    const earlier = { statementId, questionId: 'q_1', authorId: 'nt-1', authorName: 'Chair', atMs: 1 }
    // An array of the map's values, by atMs; the tag on 'q_1' (no question of this meeting) is orphaned already.
    expect(before.notes).toEqual({ tags: [earlier, tag], highlights: [highlight], notes: { [statementId]: 'Written offline.' }, orphanedTags: 1 })

    expect(await chair.command('question:remove', { questionId: why.id })).toEqual({ ok: true, data: {} })
    const after = await exportJson(server.url, meetingId, tokens.chair)
    expect(after.state.questions.map((question) => question.label)).toEqual(['a'])
    expect(after.notes.tags).toEqual([earlier, tag])
    expect(after.notes.orphanedTags).toBe(2)
  })

  it('answers a reissue of the public link with the screen\'s link, and revokes the old one (§3, §14, §16)', async () => {
    const other = await seedMeeting(server, smallMeeting())
    const reader = open(other.tokens.public)
    const screen = new LiveClient(server.url)
    await screen.opened
    screen.hello(other.tokens.public)
    await eventually(() => reader.isSynced && screen.frames.length === 2, { message: 'the public link open twice' })

    const response = await reissue(server.url, other.id, other.tokens.chair, { role: 'public' })
    expect(response.status).toBe(201)
    const answer = await response.json() as { link: string; screen: string; revoked: number }
    const fresh = new URL(answer.link).hash.replace('#token=', '')
    expect(answer).toEqual({
      link: `${server.url}/m/${other.id}/public#token=${fresh}`,
      screen: `${server.url}/m/${other.id}/screen#token=${fresh}`,
      revoked: 1
    })

    // Everyone on the old token is ended at once.
    await eventually(() => !reader.socket.connected && screen.closeCode !== null, { message: 'the old link ended' })
    expect(reader.notices).toEqual([{ code: 'UNAUTHORIZED', message: expect.any(String), event: 'connect' }])
    expect(screen.closeCode).toBe(4401)
    expect(screen.texts.at(-1)).toMatchObject({ type: 'notice', code: 'UNAUTHORIZED', event: 'connect' })

    const old = io(server.url, { auth: { token: other.tokens.public }, transports: ['websocket'], reconnection: false })
    try {
      const error = await new Promise<Error & { data?: { code: string; message: string } }>((resolve) => old.once('connect_error', resolve))
      expect(error.data).toEqual({ code: 'UNAUTHORIZED', message: 'This link is not valid (or has been revoked).' })
    } finally {
      old.disconnect()
    }
    const renewed = open(fresh)
    await eventually(() => renewed.isSynced, { message: 'the new public link synced' })
    expect(renewed.session).toMatchObject({ role: 'public', meetingId: other.id })
  })
})

// --- §16: the live link, from the document alone --------------------------------------------------

/** A watching screen on the live link: a plain WebSocket, JSON text one way, binary sync frames the other. */
class LiveClient {
  readonly control = new Y.Doc()
  readonly notes = new Y.Doc()
  readonly texts: Record<string, unknown>[] = []
  readonly frames: { doc: DocName; type: number }[] = []
  closeCode: number | null = null
  readonly socket: WebSocket
  readonly opened: Promise<void>

  constructor (serverUrl: string) {
    this.socket = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/live`)
    this.socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        this.texts.push(JSON.parse(data.toString()) as Record<string, unknown>)
        return
      }
      // [doc: 0 control, 1 notes][y-protocols sync message]
      const doc: DocName = data[0] === 0 ? 'control' : 'notes'
      const { type, content } = decodeSync(new Uint8Array(data.subarray(1)))
      this.frames.push({ doc, type })
      Y.applyUpdate(doc === 'control' ? this.control : this.notes, content)
    })
    this.socket.on('close', (code: number) => { this.closeCode = code })
    this.opened = new Promise((resolve) => this.socket.once('open', () => resolve()))
  }

  hello (token: string): void {
    this.socket.send(JSON.stringify({
      type: 'hello',
      token,
      control: toWire(encodeSync(STEP1, Y.encodeStateVector(this.control))),
      notes: toWire(encodeSync(STEP1, Y.encodeStateVector(this.notes)))
    }))
  }

  close (): void {
    this.socket.close()
  }
}

describe('the live link as docs/protocol.md §16 describes it', () => {
  const SKEW_MS = -30_000
  let server: TestServer

  beforeAll(async () => { server = await startTestServer({ clock: { now: () => Date.now() + SKEW_MS } }) })
  afterAll(async () => { await server.destroy() })

  it('answers a hello with session and a step 2 per document, then relays every update and answers pings', async () => {
    const { tokens } = await seedMeeting(server, smallMeeting())
    const chair = new RawClient(server.url, tokens.chair)
    const screen = new LiveClient(server.url)
    try {
      await screen.opened
      screen.hello(tokens.public)
      await eventually(() => screen.frames.length === 2)
      expect(screen.texts[0]).toMatchObject({ type: 'session', protocolVersion: 2, role: 'public', canWriteNotes: false })
      expect(screen.frames).toEqual([{ doc: 'control', type: STEP2 }, { doc: 'notes', type: STEP2 }])
      expect(screen.control.getMap<Meeting>('meeting').get('meeting')?.title).toBe('Test debate')

      await eventually(() => chair.isSynced)
      expect((await chair.command('meeting:open', {})).ok).toBe(true)
      await eventually(() => screen.control.getMap<Meeting>('meeting').get('meeting')?.status === 'open')
      expect(screen.frames.at(-1)).toEqual({ doc: 'control', type: UPDATE })

      const sentAt = Date.now()
      screen.socket.send(JSON.stringify({ type: 'ping', id: 7 }))
      await eventually(() => screen.texts.some((t) => t.type === 'pong'))
      const receivedAt = Date.now()
      const pong = screen.texts.find((t) => t.type === 'pong') as { id: number; serverNowMs: number }
      expect(pong.id).toBe(7)
      // Read by the server between the ping's sending and the pong's arrival.
      expect(pong.serverNowMs).toBeGreaterThanOrEqual(sentAt + SKEW_MS)
      expect(pong.serverNowMs).toBeLessThanOrEqual(receivedAt + SKEW_MS)
    } finally {
      screen.close()
      chair.close()
    }
  })

  it('sends the presence summary to a live link, which counts under its link\'s role (§11, §16)', async () => {
    const { tokens } = await seedMeeting(server, smallMeeting())
    const chair = new RawClient(server.url, tokens.chair)
    const screen = new LiveClient(server.url)
    try {
      await eventually(() => chair.isSynced)
      await screen.opened
      screen.hello(tokens.public)
      const latest = () => screen.texts.filter((text) => text.type === 'presence').at(-1)
      await eventually(() => latest()?.public === 1, { timeoutMs: 10_000, message: 'the screen to hear itself counted' })
      expect(latest()).toEqual({ type: 'presence', chair: 1, notetaker: 0, delegation: 0, public: 1 })
    } finally {
      screen.close()
      chair.close()
    }
  })

  it('closes with 4401 and an UNAUTHORIZED notice for a bad token', async () => {
    const screen = new LiveClient(server.url)
    await screen.opened
    screen.hello('not-a-real-token-but-long-enough')
    await eventually(() => screen.closeCode !== null)
    expect(screen.closeCode).toBe(4401)
    expect(screen.texts).toEqual([expect.objectContaining({ type: 'notice', code: 'UNAUTHORIZED' })])
  })
})

// --- §6 "Speaking time", on a clock the test moves ------------------------------------------------

describe('speaking time as docs/protocol.md §6 describes it', () => {
  const STARTED_AT_MS = 1_800_000_000_000
  let nowMs = STARTED_AT_MS
  let server: TestServer

  beforeAll(async () => { server = await startTestServer({ clock: { now: () => nowMs } }) })
  afterAll(async () => { await server.destroy() })

  it('neither counts nor records the wait before timer:start after floor:next with startTimer false', async () => {
    const { tokens } = await seedMeeting(server, smallMeeting())
    const chair = new RawClient(server.url, tokens.chair)
    try {
      await eventually(() => chair.isSynced)
      expect((await chair.command('meeting:open', {})).ok).toBe(true)

      const first = await chair.command('floor:next', { expectedSpeakerId: chair.nextWaiting()!.id, startTimer: false })
      if (!first.ok) throw new Error(first.error.code)
      expect(chair.timer()).toMatchObject({ state: 'idle', runningSinceMs: null, accumulatedMs: 0 })
      nowMs += 7000
      expect(await chair.command('timer:start', {})).toEqual({ ok: true, data: {} })
      expect(chair.timer()).toMatchObject({ state: 'running', runningSinceMs: STARTED_AT_MS + 7000 })
      nowMs += 20_000
      expect((await chair.command('floor:end', {})).ok).toBe(true)
      expect(chair.statements()[first.data.statementId as string]).toMatchObject({
        startedAtMs: STARTED_AT_MS, endedAtMs: STARTED_AT_MS + 27_000, durationMs: 20_000, pauses: [], overrunMs: 0
      })

      // A clock that never started: nothing spoken, as far as the record goes.
      const second = await chair.command('floor:next', { expectedSpeakerId: chair.nextWaiting()!.id, startTimer: false })
      if (!second.ok) throw new Error(second.error.code)
      nowMs += 5000
      expect((await chair.command('floor:end', {})).ok).toBe(true)
      expect(chair.statements()[second.data.statementId as string]).toMatchObject({ durationMs: 0, pauses: [], endedAtMs: nowMs })

      // Only the audit log says when the first clock started.
      const { audit } = await exportJson(server.url, chair.session!.meetingId, tokens.chair)
      expect(audit.find((entry) => entry.type === 'timer:start')?.atMs).toBe(STARTED_AT_MS + 7000)
    } finally {
      chair.close()
    }
  })
})

describe('delegations added after creation, as docs/protocol.md §8 and §14 describe them', () => {
  let server: TestServer

  beforeAll(async () => { server = await startTestServer() })
  afterAll(async () => { await server.destroy() })

  it('POST …/delegations answers { delegation, link }; the link is that delegation\'s, and it may request at once', async () => {
    const { id, tokens } = await seedMeeting(server, smallMeeting())
    const response = await fetch(`${server.url}/api/meetings/${id}/delegations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.chair}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'ITA', name: 'Italy' })
    })
    expect(response.status).toBe(201)
    const body = await response.json() as { delegation: unknown; link: string }
    expect(body.delegation).toEqual({ code: 'ITA', name: 'Italy' })
    const italy = new RawClient(server.url, new URL(body.link).hash.replace('#token=', ''))
    try {
      await eventually(() => italy.isSynced)
      expect(italy.session).toMatchObject({ role: 'delegation', delegation: 'ITA' })
      expect(italy.control.getMap('meeting').get('delegations')).toContainEqual({ code: 'ITA', name: 'Italy' })
      expect(await italy.command('request:create', { delegation: 'ITA', type: 'inscription' })).toEqual({ ok: true, data: { requestId: expect.any(String) } })
      // Over the socket the command is refused to everyone, the chair included (step 4).
      expect(await italy.command('delegation:remove', { code: 'ITA' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    } finally {
      italy.close()
    }
    const removal = await fetch(`${server.url}/api/meetings/${id}/delegations/ITA`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.chair}` } })
    expect(removal.status).toBe(409)
    expect(await removal.json()).toMatchObject({ error: { code: 'DELEGATION_IN_USE' } })
  })
})

describe('group members and the meeting\'s groups, as docs/protocol.md §6 and §8 describe them', () => {
  let server: TestServer

  beforeAll(async () => { server = await startTestServer() })
  afterAll(async () => { await server.destroy() })

  it('a member is a code or { name }; group:add keeps the group under meeting/groups with a grp_ id', async () => {
    const { tokens } = await seedMeeting(server, smallMeeting())
    const chair = new RawClient(server.url, tokens.chair)
    try {
      await eventually(() => chair.isSynced)
      expect(chair.control.getMap('meeting').get('groups')).toEqual([])
      const members = ['NOR', 'TUR', { name: 'Cook Islands' }]
      const added = await chair.command('group:add', { name: 'Friends of Mediation', members })
      expect(added).toEqual({ ok: true, data: { groupId: expect.stringMatching(/^grp_[A-Za-z0-9_-]{12}$/) } })
      await eventually(() => (chair.control.getMap('meeting').get('groups') as unknown[]).length === 1)
      expect(chair.control.getMap('meeting').get('groups')).toEqual([{ id: added.ok ? added.data['groupId'] : null, name: 'Friends of Mediation', members }])

      const segmentId = chair.segments()[0]!.id
      expect((await chair.command('speaker:add', { segmentId, name: 'Norway', delegation: 'NOR', onBehalfOf: { group: 'Friends of Mediation', members } })).ok).toBe(true)
      await eventually(() => Object.values(chair.speakers()).length === 3)
      expect(Object.values(chair.speakers()).map((speaker) => (speaker as unknown as { onBehalfOf: unknown }).onBehalfOf)).toContainEqual({ group: 'Friends of Mediation', members })
      // A name is an object: a bare string that is not a code is refused, as an unknown code is.
      expect(await chair.command('group:add', { name: 'x', members: ['Cook Islands'] })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } })
      expect(await chair.command('group:add', { name: 'x', members: ['ATL'] })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DELEGATION' } })
      expect(await chair.command('group:remove', { groupId: 'grp_nonesuch00000' })).toMatchObject({ ok: false, error: { code: 'GROUP_NOT_FOUND' } })
    } finally {
      chair.close()
    }
  })
})
