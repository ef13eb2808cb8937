// A client written only from docs/protocol.md: socket.io-client (and ws for the live link), yjs,
// y-protocols/sync and lib0 directly, none of shared/client or shared/protocol. If this drifts from the
// server, the document is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
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
interface Statement { id: string; speakerId: string | null; kind: string; startedAtMs: number; endedAtMs: number | null }

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

const localNowMs = () => performance.timeOrigin + performance.now()

describe('the protocol as docs/protocol.md describes it', () => {
  const SKEW_MS = 45_000
  let server: TestServer
  let tokens: ReturnType<typeof seedMeeting>['tokens']
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
    const created = seedMeeting(server, smallMeeting())
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
      protocolVersion: 1, meetingId, role: 'chair', delegation: null, canWriteNotes: true, serverNowMs: expect.any(Number)
    })
    expect(observer.session).toMatchObject({ protocolVersion: 1, meetingId, role: 'public', delegation: null, canWriteNotes: false })
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
    for (let i = 0; i < 5; i++) {
      const sentAtMs = localNowMs()
      const pong = await observer.socket.timeout(5000).emitWithAck('clock:ping') as { serverNowMs: number }
      samples.push({ sentAtMs, serverNowMs: pong.serverNowMs, receivedAtMs: localNowMs() })
      expect(Object.keys(pong)).toEqual(['serverNowMs'])
    }
    const rtt = (s: typeof samples[number]) => s.receivedAtMs - s.sentAtMs
    const fasterHalf = [...samples].sort((a, b) => rtt(a) - rtt(b)).slice(0, Math.ceil(samples.length / 2))
    const offset = fasterHalf.reduce((sum, s) => sum + s.serverNowMs - (s.sentAtMs + s.receivedAtMs) / 2, 0) / fasterHalf.length
    expect(Math.abs(offset - SKEW_MS)).toBeLessThan(100)
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
    const { tokens } = seedMeeting(server, smallMeeting())
    const chair = new RawClient(server.url, tokens.chair)
    const screen = new LiveClient(server.url)
    try {
      await screen.opened
      screen.hello(tokens.public)
      await eventually(() => screen.frames.length === 2)
      expect(screen.texts[0]).toMatchObject({ type: 'session', protocolVersion: 1, role: 'public', canWriteNotes: false })
      expect(screen.frames).toEqual([{ doc: 'control', type: STEP2 }, { doc: 'notes', type: STEP2 }])
      expect(screen.control.getMap<Meeting>('meeting').get('meeting')?.title).toBe('Test debate')

      await eventually(() => chair.isSynced)
      expect((await chair.command('meeting:open', {})).ok).toBe(true)
      await eventually(() => screen.control.getMap<Meeting>('meeting').get('meeting')?.status === 'open')
      expect(screen.frames.at(-1)).toEqual({ doc: 'control', type: UPDATE })

      const sentAt = Date.now()
      screen.socket.send(JSON.stringify({ type: 'ping', id: 7 }))
      await eventually(() => screen.texts.some((t) => t.type === 'pong'))
      const pong = screen.texts.find((t) => t.type === 'pong') as { id: number; serverNowMs: number }
      expect(pong.id).toBe(7)
      expect(Math.abs(pong.serverNowMs - (sentAt + SKEW_MS))).toBeLessThan(1000)
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
