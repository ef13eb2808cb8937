import { connect as connectTo, createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { LiveViewer } from '../../shared/client/live-viewer.ts'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { readTags, statementNotes, tagStatement } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { QuestionId, StatementId } from '../../shared/domain/types.ts'
import { encodeLiveSync, LIVE_CLOSE, LIVE_PATH, MAX_LIVE_CLIENT_FRAME } from '../../shared/protocol/live.ts'
import { encodeWire } from '../../shared/protocol/wire.ts'
import { LINK_RATES } from '../../server/core/link-budgets.ts'
import { MAX_WAITING_FOR_HELLO } from '../../server/live/live-link.ts'
import type { SqliteStore } from '../../server/store/sqlite-store.ts'
import type { Store } from '../../server/store/store.ts'
import { smallMeeting } from '../support/meetings.ts'
import { clockErrorBoundMs, skewedServerClock } from '../support/clock-truth.ts'
import { eventually, seedMeeting, startTestServer, useTestServer } from '../support/server.ts'
import { withOverrides } from '../support/store-overrides.ts'

/** A raw WebSocket on the live link that records what the server sends and how it ends. */
class RawLink {
  readonly texts: Record<string, unknown>[] = []
  readonly frames: Uint8Array[] = []
  closeCode: number | null = null
  readonly socket: WebSocket
  readonly opened: Promise<void>

  constructor (serverUrl: string, headers: Record<string, string> = {}) {
    this.socket = new WebSocket(new URL(LIVE_PATH, serverUrl.replace('http', 'ws')), { headers })
    this.socket.on('message', (data, isBinary) => {
      if (isBinary) this.frames.push(new Uint8Array(data as Buffer))
      else this.texts.push(JSON.parse(String(data)) as Record<string, unknown>)
    })
    this.socket.on('close', (code) => { this.closeCode = code })
    this.socket.on('error', () => undefined)
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve())
      this.socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    })
  }

  send (message: unknown): void {
    this.socket.send(typeof message === 'string' || message instanceof Uint8Array ? message : JSON.stringify(message))
  }

  notices (): unknown[] {
    return this.texts.filter((t) => t.type === 'notice')
  }

  closed (): Promise<number> {
    return eventually(() => this.closeCode !== null, { message: 'the server to close the link' }).then(() => this.closeCode!)
  }
}

const emptyStepOne = (): string => {
  const encoder = encoding.createEncoder()
  syncProtocol.writeSyncStep1(encoder, new Y.Doc())
  return encodeWire(encoding.toUint8Array(encoder))
}

describe('the live link for screens that only watch', () => {
  const { server, seed, connect, watch } = useTestServer()

  it('shows a public screen what the chair does, in step with a Socket.IO client', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const screen = await watch(meeting.tokens.public)
    expect(screen.session).toMatchObject({ role: 'public', meetingId: meeting.id, canWriteNotes: false })
    expect(screen.state).toEqual(chair.state)

    await chair.command('meeting:open', {})
    const first = nextWaitingSpeaker(chair.state!)!
    expect((await chair.command('floor:next', { expectedSpeakerId: first.id })).ok).toBe(true)
    await eventually(() => screen.state?.floor.speakerId === first.id)
    expect(screen.state?.speakers[first.id]?.status).toBe('speaking')
    expect(screen.state).toEqual(chair.state)
  })

  it('carries the note-takers\' tags and notes to the screen, which cannot write them', async () => {
    const meeting = await seed(smallMeeting())
    const noteTaker = await connect(meeting.tokens.notetaker)
    const screen = await watch(meeting.tokens.notetaker)
    // Even a note-taker's link only watches here.
    expect(screen.session?.canWriteNotes).toBe(false)
    const statement = 'stm_1' as StatementId
    tagStatement(noteTaker.notes, statement, 'q_1' as QuestionId, { id: 'nt-1', name: 'Note-taker 1' }, 1)
    statementNotes(noteTaker.notes, statement).insert(0, 'Calls for a standing dialogue.')
    await eventually(() => statementNotes(screen.notes, statement).toString() === 'Calls for a standing dialogue.')
    expect(readTags(screen.notes)).toHaveLength(1)

    // A local edit on the screen never leaves it.
    statementNotes(screen.notes, statement).insert(0, 'Not sent. ')
    const late = await watch(meeting.tokens.public)
    expect(statementNotes(late.notes, statement).toString()).toBe('Calls for a standing dialogue.')
    expect(statementNotes(noteTaker.notes, statement).toString()).toBe('Calls for a standing dialogue.')
  })

  it('tells the screens who is connected, with the summary Socket.IO clients get', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const screen = await watch(meeting.tokens.public)
    const counted = { chair: 1, notetaker: 0, delegation: 0, public: 1 }
    await eventually(() => JSON.stringify(screen.presence) === JSON.stringify(counted), { timeoutMs: 10_000, message: 'the screen to hear itself counted' })
    await eventually(() => JSON.stringify(chair.presence) === JSON.stringify(counted), { timeoutMs: 10_000, message: 'the chair to hear the same' })

    const second = await watch(meeting.tokens.public)
    await eventually(() => screen.presence?.public === 2 && second.presence?.public === 2, { timeoutMs: 10_000, message: 'both screens to count two' })
    second.close()
    await eventually(() => screen.presence?.public === 1, { timeoutMs: 10_000, message: 'the screen to see the other leave' })
  })

  it('catches up after the link drops, from its own state vector', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const screen = await watch(meeting.tokens.public)
    await chair.command('meeting:open', {})
    await eventually(() => screen.state?.meeting.status === 'open')

    server().app.live.disconnectAll()
    await eventually(() => !screen.connected, { message: 'the screen to notice the drop' })
    const first = nextWaitingSpeaker(chair.state!)!
    await chair.command('floor:next', { expectedSpeakerId: first.id })
    await eventually(() => screen.synced && screen.state?.floor.speakerId === first.id, { message: 'the screen to catch up' })
    expect(screen.state).toEqual(chair.state)
  })

  it('drops a link whose network went silent and comes back on a fresh one', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const proxy = await silenceableProxy(new URL(server().url).port)
    const screen = new LiveViewer({ url: proxy.url, token: meeting.tokens.public, WebSocket, heartbeatMs: 150 })
    try {
      await screen.whenSynced
      // The network holds the connection open but carries nothing, as a dead Wi-Fi does.
      proxy.silence()
      await chair.command('meeting:open', {})
      await eventually(() => !screen.connected, { message: 'the heartbeat to give the link up' })
      proxy.restore()
      await eventually(() => screen.synced && screen.state?.meeting.status === 'open', { message: 'a fresh link to catch up' })
      expect(proxy.connections()).toBeGreaterThanOrEqual(2)
    } finally {
      screen.close()
      proxy.close()
    }
  })

  it('takes its first clock estimate from the hello, then refines it with pings after the sync', async () => {
    // A server of its own, whose clock is a known distance off the screen's: the truth to check against.
    const skewMs = 42_000
    const skewed = await startTestServer({ clock: skewedServerClock(skewMs) })
    const meeting = await seedMeeting(skewed, smallMeeting())
    const screen = new LiveViewer({ url: skewed.url, token: meeting.tokens.public, WebSocket })
    const taken = vi.spyOn(screen.clock, 'add')
    const samples = () => taken.mock.calls.map(([sample]) => sample)
    try {
      await screen.whenSynced
      // Synced, and no ping sent yet: the hello's round trip alone gives the estimate.
      expect(screen.clock.sampleCount).toBe(1)
      expect(screen.clock.offsetMs).not.toBeNull()
      expect(Math.abs(screen.clock.offsetMs! - skewMs)).toBeLessThanOrEqual(clockErrorBoundMs(samples()))
      // The pings come within a few seconds (spread, so a room opening together does not queue them).
      await eventually(() => screen.clock.sampleCount === 1 + 8, { timeoutMs: 30_000, message: 'eight pings' })
      expect(Math.abs(screen.clock.offsetMs! - skewMs)).toBeLessThanOrEqual(clockErrorBoundMs(samples()))
    } finally {
      screen.close()
      await skewed.destroy()
    }
  })

  it('keeps its clock estimate across a reconnect rather than trusting the new hello alone', async () => {
    const meeting = await seed(smallMeeting())
    const screen = await watch(meeting.tokens.public)
    const before = screen.clock.offsetMs
    expect(before).not.toBeNull()
    // The clock as it stands the moment the documents are in step again, before any ping can leave.
    let atResync: { samples: number; offsetMs: number | null } | null = null
    let dropped = false
    screen.subscribe(() => {
      if (!screen.synced) dropped = true
      else if (dropped && atResync === null) atResync = { samples: screen.clock.sampleCount, offsetMs: screen.clock.offsetMs }
    })
    server().app.live.disconnectAll()
    await eventually(() => atResync !== null, { message: 'the link to come back' })
    // During a storm the hello waits in the server's queue: its sample could be far off.
    expect(atResync).toEqual({ samples: 0, offsetMs: before })
  })

  it('answers a command from a watching link with FORBIDDEN, sending nothing', async () => {
    const meeting = await seed(smallMeeting())
    const screen = await watch(meeting.tokens.chair)
    expect(await screen.command('meeting:open', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect((await server().app.registry.get(meeting.id))!.state.meeting.status).not.toBe('open')
  })

  it('turns a bad or revoked token away for good, and the viewer stops retrying', async () => {
    const meeting = await seed(smallMeeting())
    const raw = new RawLink(server().url)
    await raw.opened
    raw.send({ type: 'hello', token: 'x'.repeat(32), control: emptyStepOne(), notes: emptyStepOne() })
    expect(await raw.closed()).toBe(LIVE_CLOSE.unauthorized)
    expect(raw.notices()).toEqual([expect.objectContaining({ code: 'UNAUTHORIZED', event: 'hello' })])

    const screen = await watch(meeting.tokens.delegations.KEN!)
    const response = await fetch(`${server().url}/api/meetings/${meeting.id}/links/reissue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${meeting.tokens.chair}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'delegation', delegation: 'KEN' })
    })
    expect(response.status).toBe(201)
    await eventually(() => screen.refused && !screen.connected, { message: 'the revoked screen to be turned away' })
    expect(screen.notices).toContainEqual(expect.objectContaining({ code: 'UNAUTHORIZED' }))
  })
})

describe('hostile input on the live link', () => {
  const { server, seed, connect, watch } = useTestServer({ config: { maxConnectionsPerAddress: 4 } })

  it.each([
    ['text that is not JSON', 'hello?', 'INVALID_PAYLOAD'],
    ['JSON of the wrong shape', { type: 'hello', token: 42 }, 'INVALID_PAYLOAD'],
    ['an unknown message type', { type: 'sync', doc: 'control' }, 'INVALID_PAYLOAD'],
    ['extra keys in a hello', { type: 'hello', token: 'x'.repeat(32), control: '', notes: '', admin: true }, 'INVALID_PAYLOAD'],
    ['a ping before the hello', { type: 'ping', id: 1 }, 'INVALID_PAYLOAD'],
    ['a binary frame before the hello', new Uint8Array([0, 0]), 'DOC_READ_ONLY']
  ])('closes a link whose first message is %s, with a named notice', async (_what, message, code) => {
    const raw = new RawLink(server().url)
    await raw.opened
    raw.send(message)
    expect(await raw.closed()).toBe(LIVE_CLOSE.noHello)
    expect(raw.notices()).toEqual([expect.objectContaining({ code })])
  })

  it.each([
    // Not base64 fails the message's schema; the others fail as a step 1.
    ['not base64', '%%%', 'message'],
    ['an update instead of a step 1', encodeWire(encodeUpdate()), 'hello'],
    ['garbage bytes', encodeWire(new Uint8Array([0, 250, 250, 250, 250, 250, 250])), 'hello']
  ])('closes a hello whose step 1 is %s, and the server keeps serving', async (_what, control, event) => {
    const meeting = await seed(smallMeeting())
    const before = Y.encodeStateAsUpdate((await server().app.registry.get(meeting.id))!.control)
    const raw = new RawLink(server().url)
    await raw.opened
    raw.send({ type: 'hello', token: meeting.tokens.public, control, notes: emptyStepOne() })
    expect(await raw.closed()).toBe(LIVE_CLOSE.noHello)
    expect(raw.notices()).toEqual([expect.objectContaining({ code: 'INVALID_PAYLOAD', event })])
    expect(Y.encodeStateAsUpdate((await server().app.registry.get(meeting.id))!.control)).toEqual(before)
    const screen = await watch(meeting.tokens.public)
    expect(screen.state?.meeting.id).toBe(meeting.id)
  })

  it('keeps a joined link open through bad messages, drops its writes and leaves the documents as they were', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const room = (await server().app.registry.get(meeting.id))!
    const before = { control: Y.encodeStateAsUpdate(room.control), notes: Y.encodeStateAsUpdate(room.notes) }
    const raw = new RawLink(server().url)
    await raw.opened
    raw.send({ type: 'hello', token: meeting.tokens.public, control: emptyStepOne(), notes: emptyStepOne() })
    await eventually(() => raw.frames.length === 2, { message: 'both documents' })

    raw.send(encodeLiveSync('control', encodeUpdate()))
    raw.send(encodeLiveSync('notes', encodeUpdate()))
    raw.send('{"type":')
    raw.send({ type: 'hello', token: meeting.tokens.chair, control: emptyStepOne(), notes: emptyStepOne() })
    await eventually(() => raw.notices().length === 4, { message: 'four notices' })
    expect(raw.notices()).toEqual([
      expect.objectContaining({ code: 'DOC_READ_ONLY' }),
      expect.objectContaining({ code: 'DOC_READ_ONLY' }),
      expect.objectContaining({ code: 'INVALID_PAYLOAD' }),
      expect.objectContaining({ code: 'INVALID_PAYLOAD', event: 'hello' })
    ])
    expect(raw.closeCode).toBeNull()
    expect(Y.encodeStateAsUpdate(room.control)).toEqual(before.control)
    expect(Y.encodeStateAsUpdate(room.notes)).toEqual(before.notes)

    // Still watching: the chair's next change arrives as a frame.
    await chair.command('meeting:open', {})
    await eventually(() => raw.frames.length === 3, { message: 'the broadcast' })
    raw.socket.close()
  })

  it('drops a frame over the size limit with the connection, and nothing else', async () => {
    const meeting = await seed(smallMeeting())
    const raw = new RawLink(server().url)
    await raw.opened
    raw.send(JSON.stringify({ type: 'hello', token: meeting.tokens.public, control: 'A'.repeat(MAX_LIVE_CLIENT_FRAME), notes: '' }))
    expect(await raw.closed()).toBe(1009)
    const screen = await watch(meeting.tokens.public)
    expect(screen.synced).toBe(true)
  })

  it('refuses a browser from another origin before the upgrade', async () => {
    const raw = new RawLink(server().url, { origin: 'https://elsewhere.example' })
    await expect(raw.opened).rejects.toThrow('HTTP 403')
  })

  it('counts live links in the per-address limit with Socket.IO\'s, once their hello shows a valid token', async () => {
    const meeting = await seed(smallMeeting())
    await connect(meeting.tokens.chair)
    await Promise.all([watch(meeting.tokens.public), watch(meeting.tokens.public), watch(meeting.tokens.public)])
    const extra = new RawLink(server().url)
    await extra.opened
    expect(extra.closeCode).toBeNull()
    extra.send({ type: 'hello', token: meeting.tokens.public, control: emptyStepOne(), notes: emptyStepOne() })
    expect(await extra.closed()).toBe(LIVE_CLOSE.tooManyConnections)
    expect(extra.notices()).toEqual([expect.objectContaining({ code: 'TOO_MANY_CONNECTIONS' })])
  })
})

/** A store whose token lookups wait while `gate.held` is set: a hello the store is slow to answer. */
function holdingHellos (gate: { held: Promise<void> | null }) {
  return (store: SqliteStore): Store => withOverrides(store, {
    findToken: async (hash: string) => {
      await gate.held
      return await store.findToken(hash)
    }
  })
}

describe('a live link whose hello the store is slow to answer', () => {
  const gate: { held: Promise<void> | null } = { held: null }
  let release = (): void => undefined
  // Time stands still here: the link's budgets do not refill while the test floods them.
  const { server, seed } = useTestServer({ wrapStore: holdingHellos(gate), clock: { now: () => Date.UTC(2026, 11, 7, 15) } })

  /** Opens a raw link, says hello while the store holds it, sends `behind` and resolves once the server has read all of it. */
  async function helloHeldWith (token: string, behind: readonly unknown[]): Promise<RawLink> {
    gate.held = new Promise((resolve) => { release = resolve })
    let serverSide: Socket | null = null
    server().app.httpServer.once('upgrade', (_req: unknown, socket: Socket) => { serverSide = socket })
    const raw = new RawLink(server().url)
    await raw.opened
    raw.send({ type: 'hello', token, control: emptyStepOne(), notes: emptyStepOne() })
    for (const message of behind) raw.send(message)
    // ws keeps its TCP socket as _socket. Once the server has read every byte the client wrote, it has
    // parsed every message in them, all of them still waiting behind the held hello.
    const clientSide = (raw.socket as unknown as { _socket: Socket })._socket
    await eventually(() => raw.socket.bufferedAmount === 0 && (serverSide as Socket | null)?.bytesRead === clientSide.bytesWritten,
      { message: 'the server to read everything sent behind the hello' })
    expect(raw.texts).toEqual([])
    return raw
  }

  it('answers the pings sent behind it up to the link\'s budget, ignores the flood, and answers a notice after them in order', async () => {
    const meeting = await seed(smallMeeting())
    const pings = Array.from({ length: LINK_RATES.ping.capacity * 2 }, (_, id) => ({ type: 'ping', id }))
    const raw = await helloHeldWith(meeting.tokens.delegations.KEN!, [...pings, 'end of the flood'])
    release()
    await eventually(() => raw.notices().length === 1, { message: 'the notice after the flood' })
    const pongs = raw.texts.filter((t) => t.type === 'pong')
    expect(pongs.map((pong) => pong.id)).toEqual(pings.slice(0, LINK_RATES.ping.capacity).map((ping) => ping.id))
    expect(pongs[0]).toMatchObject({ id: 0, serverNowMs: Date.UTC(2026, 11, 7, 15) })
    expect(raw.texts.at(-1)).toMatchObject({ type: 'notice', code: 'INVALID_PAYLOAD', event: 'message' })
    raw.socket.close()
  })

  it(`keeps at most ${MAX_WAITING_FOR_HELLO} messages waiting for it, and answers the link as usual after`, async () => {
    const meeting = await seed(smallMeeting())
    const raw = await helloHeldWith(meeting.tokens.public, Array.from({ length: MAX_WAITING_FOR_HELLO + 200 }, () => 'not json'))
    release()
    await eventually(() => raw.frames.length === 2, { message: 'both documents' })
    raw.send({ type: 'ping', id: 1 })
    await eventually(() => raw.texts.some((t) => t.type === 'pong'), { message: 'a pong after the hello' })
    expect(raw.notices()).toHaveLength(MAX_WAITING_FOR_HELLO)
    expect(raw.closeCode).toBeNull()
    raw.socket.close()
  })
})

function encodeUpdate (): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('meeting').set('title', 'Taken over')
  const encoder = encoding.createEncoder()
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc))
  return encoding.toUint8Array(encoder)
}

/** A TCP proxy whose live connections can be made to carry nothing, without closing them. */
async function silenceableProxy (targetPort: string) {
  let silent = false
  let accepted = 0
  const sockets = new Set<Socket>()
  const proxy = createServer((client) => {
    accepted++
    const upstream = connectTo(Number(targetPort), '127.0.0.1')
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(from)
      from.on('data', (chunk) => { if (!silent) to.write(chunk) })
      from.on('error', () => to.destroy())
      from.on('close', () => { to.destroy(); sockets.delete(from) })
    }
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const { port } = proxy.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    silence: () => { silent = true },
    // Only connections made from now on carry data again; the silenced ones stay dead.
    restore: () => {
      for (const socket of sockets) socket.destroy()
      silent = false
    },
    connections: () => accepted,
    close: () => {
      for (const socket of sockets) socket.destroy()
      proxy.close()
    }
  }
}
