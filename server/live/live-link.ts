import type { IncomingMessage, Server as HttpServer } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import * as syncProtocol from 'y-protocols/sync'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { MeetingRoom } from '../rooms/meeting-room.ts'
import type { RoomRegistry } from '../rooms/room-registry.ts'
import type { Clock } from '../clock.ts'
import type { Store } from '../store/store.ts'
import type { ServerMetrics } from '../metrics.ts'
import type { AddressLimit } from '../socket/address-limit.ts'
import { resolveLink } from '../socket/authenticate.ts'
import { cutUnlessDraining, isSlow } from '../socket/backpressure.ts'
import { MAX_SYNC_BYTES } from '../socket/connection.ts'
import type { HelloGate } from '../socket/hello-gate.ts'
import type { LinkBudget, LinkBudgets } from '../socket/link-budgets.ts'
import type { PresenceTracker } from '../socket/presence.ts'
import type { SocketData } from '../socket/types.ts'
import { encodeFrame, frameWriterOf, OPCODE, transportOf, writeFrame, type FrameWriter } from '../socket/ws-frame.ts'
import type { ErrorCode } from '../../shared/protocol/errors.ts'
import { DOC_NAMES, PROTOCOL_VERSION, type DocName } from '../../shared/protocol/events.ts'
import {
  encodeLiveSync,
  LIVE_CLOSE,
  LIVE_HELLO_TIMEOUT_MS,
  LIVE_PATH,
  MAX_LIVE_CLIENT_FRAME,
  type LiveClientMessage,
  type LiveServerMessage
} from '../../shared/protocol/live.ts'
import { liveClientMessageSchema } from '../../shared/protocol/schemas.ts'
import { decodeWire } from '../../shared/protocol/wire.ts'
import { toBuffer, type LiveHub, type LiveMember } from './live-hub.ts'

export interface LiveDeps {
  readonly store: Store
  readonly registry: RoomRegistry
  readonly clock: Clock
  readonly logger: Logger
  readonly presence: PresenceTracker
  readonly hub: LiveHub
  readonly addressLimit: AddressLimit
  readonly budgets: LinkBudgets
  readonly gate: HelloGate
  readonly metrics: ServerMetrics
  /** The same origin check Socket.IO's handshake gets. */
  readonly originAllowed: (req: IncomingMessage) => boolean
}

export interface LiveEndpoint {
  /** Ends the live links opened with these (just revoked) token hashes. */
  revoke (hashes: readonly string[]): void
  /** Drops every live link (each reconnects), and goes on serving. */
  disconnectAll (): void
  /** Drops every live link and serves no more. */
  close (): void
}

/**
 * A document's full state framed once per version for every live link that joins with nothing:
 * a room of screens opening together, or coming back after a restart, shares it.
 */
const fullStateFrames = new WeakMap<Uint8Array, Buffer>()

/** Every live link is pinged this often (a WebSocket ping, answered by the browser itself); one that has not answered the last is dropped. */
const SWEEP_MS = 30_000

/** Serves the live link (see shared/protocol/live.ts) on `LIVE_PATH` of the HTTP server. */
export function serveLiveLinks (httpServer: HttpServer, deps: LiveDeps): LiveEndpoint {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_LIVE_CLIENT_FRAME, perMessageDeflate: false })
  const links = new Set<LiveLink>()
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Socket.IO answers its own path; anything else that is not ours is left to it as well.
    if (pathOf(req.url) !== LIVE_PATH) return
    if (!deps.originAllowed(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    server.handleUpgrade(req, socket, head, (ws) => {
      const link = new LiveLink(ws, req.socket.remoteAddress ?? 'unknown', deps)
      links.add(link)
      ws.once('close', () => links.delete(link))
    })
  })
  // A screen whose network vanished without a goodbye would otherwise hold its place for good.
  const sweep = setInterval(() => { for (const link of links) link.sweep() }, SWEEP_MS)
  sweep.unref()
  return {
    revoke (hashes) {
      for (const member of deps.hub.membersWithTokens(hashes)) {
        endWith(member.socket, member.writer, LIVE_CLOSE.unauthorized, 'UNAUTHORIZED', 'This link has been revoked.', 'connect')
      }
    },
    disconnectAll () {
      for (const link of links) link.terminate()
    },
    close () {
      clearInterval(sweep)
      this.disconnectAll()
      server.close()
    }
  }
}

/** Messages kept while a hello is looked up: a screen sends its hello and a few pings, not a flood. */
const MAX_HELD_MESSAGES = 1024

/** One WebSocket on the live link: a hello binds it to a meeting; then it watches and pings. */
class LiveLink {
  readonly #socket: WebSocket
  readonly #writer: FrameWriter
  readonly #address: string
  readonly #deps: LiveDeps
  readonly #helloTimer: NodeJS.Timeout
  #budget: LinkBudget | null = null
  #counted = false
  /** Heard from since the last sweep (a message or a pong). */
  #alive = true
  #joined: { readonly link: SocketData; readonly member: LiveMember } | null = null
  /**
   * Between a hello and its answer, while the token and the meeting are looked up: the messages that
   * arrive meanwhile, handled in order once the hello is answered (the link answers in order).
   */
  #held: (readonly [RawData, boolean])[] | null = null

  constructor (socket: WebSocket, address: string, deps: LiveDeps) {
    this.#socket = socket
    this.#writer = frameWriterOf(socket)
    this.#address = address
    this.#deps = deps
    socket.on('message', (data, isBinary) => {
      this.#alive = true
      // Past the cap a message sent before the hello was answered is dropped, as a ping over budget is.
      if (this.#held !== null) {
        if (this.#held.length < MAX_HELD_MESSAGES) this.#held.push([data, isBinary])
        return
      }
      this.#safely(() => this.#onMessage(data, isBinary))
    })
    socket.on('pong', () => { this.#alive = true })
    socket.on('close', () => this.#onClose())
    // ws reports protocol violations (a frame over the limit, a bad opcode) and then closes the socket.
    socket.on('error', (error) => deps.logger.debug({ err: error }, 'live link error'))
    this.#helloTimer = setTimeout(() => {
      this.#end(LIVE_CLOSE.noHello, 'INVALID_PAYLOAD', `No hello within ${LIVE_HELLO_TIMEOUT_MS / 1000} s.`, 'hello')
    }, LIVE_HELLO_TIMEOUT_MS)
    // Until its hello shows a valid token it counts among the few without one, not against its address.
    deps.gate.admit(this, () => {
      this.#end(LIVE_CLOSE.tooManyConnections, 'TOO_MANY_CONNECTIONS', 'Too many connections without a hello; say hello at once.', 'connect')
      this.terminate()
    })
  }

  terminate (): void {
    this.#socket.terminate()
  }

  /** Drops the link when it did not answer the last sweep's ping; else pings it again. */
  sweep (): void {
    if (!this.#alive) {
      this.terminate()
      return
    }
    this.#alive = false
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.ping()
  }

  #onMessage (data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.#refuse('DOC_READ_ONLY', 'The live link only watches: its documents are read-only.', 'sync')
      return
    }
    const parsed = parseMessage(data)
    if (parsed === null) {
      this.#refuse('INVALID_PAYLOAD', 'A live message is a JSON hello, then pings (docs/protocol.md, "Live link").', 'message')
      return
    }
    if (parsed.type === 'hello') this.#greet(parsed)
    else if (this.#joined === null) this.#refuse('INVALID_PAYLOAD', 'Say hello first.', 'ping')
    // Over the limit a ping goes unanswered: the client's estimate keeps its earlier samples.
    else if (this.#budget?.take('ping') === true) this.#send({ type: 'pong', id: parsed.id, serverNowMs: this.#deps.clock.now() })
  }

  #greet (hello: Extract<LiveClientMessage, { type: 'hello' }>): void {
    if (this.#joined !== null) {
      this.#notice('INVALID_PAYLOAD', 'This link has already said hello.', 'hello')
      return
    }
    clearTimeout(this.#helloTimer)
    this.#held = []
    this.#hello(hello).catch((error: unknown) => {
      this.#deps.logger.error({ err: error }, 'live link hello failed')
      this.#end(LIVE_CLOSE.noHello, 'INTERNAL', 'The server could not open this link; reconnect.', 'hello')
    }).finally(() => {
      const held = this.#held ?? []
      this.#held = null
      for (const [data, isBinary] of held) this.#safely(() => this.#onMessage(data, isBinary))
    })
  }

  async #hello (hello: Extract<LiveClientMessage, { type: 'hello' }>): Promise<void> {
    const { store, registry, hub, presence, clock } = this.#deps
    const lookup = await resolveLink(store, hello.token)
    if (!lookup.ok) {
      this.#end(LIVE_CLOSE.unauthorized, 'UNAUTHORIZED', lookup.message, 'hello')
      return
    }
    const room = await registry.get(lookup.link.meetingId)
    if (room === null) {
      this.#end(LIVE_CLOSE.meetingNotFound, 'MEETING_NOT_FOUND', 'This meeting no longer exists.', 'hello')
      return
    }
    const replies = await stateReplies(room, hello)
    // Gone while its meeting was looked up: nothing to join.
    if (this.#socket.readyState !== this.#socket.OPEN) return
    if (replies === null) {
      this.#end(LIVE_CLOSE.noHello, 'INVALID_PAYLOAD', 'A hello carries each document\'s sync step 1, base64.', 'hello')
      return
    }
    const { link } = lookup
    this.#deps.gate.leave(this)
    if (!this.#deps.addressLimit.take(this.#address)) {
      this.#end(LIVE_CLOSE.tooManyConnections, 'TOO_MANY_CONNECTIONS', this.#deps.addressLimit.refusal, 'hello')
      return
    }
    this.#counted = true
    this.#budget = this.#deps.budgets.open(link)
    const member: LiveMember = { socket: this.#socket, writer: this.#writer, tokenHash: link.tokenHash, dropSlow: () => this.#dropSlow() }
    this.#joined = { link, member }
    hub.join(link.meetingId, member)
    presence.add(link.meetingId, link.role)
    // The session and both documents leave in one write.
    const tcp = transportOf(this.#socket)
    tcp.cork()
    this.#send({
      type: 'session',
      protocolVersion: PROTOCOL_VERSION,
      meetingId: link.meetingId,
      role: link.role,
      delegation: link.delegation,
      // The live link never writes, whatever the link could do elsewhere.
      canWriteNotes: false,
      serverNowMs: clock.now()
    })
    for (const reply of replies) writeFrame(member.writer, reply)
    tcp.uncork()
  }

  #onClose (): void {
    clearTimeout(this.#helloTimer)
    this.#deps.gate.leave(this)
    this.#budget?.release()
    if (this.#counted) this.#deps.addressLimit.release(this.#address)
    if (this.#joined === null) return
    const { link, member } = this.#joined
    this.#deps.hub.leave(link.meetingId, member)
    this.#deps.presence.remove(link.meetingId, link.role)
  }

  /** Before the hello, a wrong message ends the link; after it, the link only hears why. */
  #refuse (code: ErrorCode, message: string, event: string): void {
    if (this.#joined === null) this.#end(LIVE_CLOSE.noHello, code, message, event)
    else this.#notice(code, message, event)
  }

  #end (closeCode: number, code: ErrorCode, message: string, event: string): void {
    clearTimeout(this.#helloTimer)
    endWith(this.#socket, this.#writer, closeCode, code, message, event)
  }

  /** Says why behind the backlog, and cuts the link once it stops reading its way there. */
  #dropSlow (): void {
    if (this.#socket.readyState !== this.#socket.OPEN) return
    this.#deps.metrics.slowConsumersDropped += 1
    this.#end(LIVE_CLOSE.slowConsumer, 'SLOW_CONSUMER', 'This screen fell too far behind and was closed; reconnecting fetches the meeting afresh.', 'connect')
    cutUnlessDraining(() => this.#socket.bufferedAmount, () => this.#socket.readyState === this.#socket.CLOSED, () => this.terminate())
  }

  #notice (code: ErrorCode, message: string, event: string): void {
    this.#send({ type: 'notice', code, message, event })
  }

  #send (message: LiveServerMessage): void {
    if (isSlow(this.#socket)) this.#dropSlow()
    else sendMessage(this.#socket, this.#writer, message)
  }

  #safely (handle: () => void): void {
    try {
      handle()
    } catch (error) {
      this.#deps.logger.error({ err: error, meetingId: this.#joined?.link.meetingId }, 'live link handler failed')
      this.#notice('INTERNAL', 'The server could not handle this message.', 'message')
    }
  }
}

function parseMessage (data: RawData): LiveClientMessage | null {
  let json: unknown
  try {
    json = JSON.parse(String(data))
  } catch {
    return null
  }
  const parsed = liveClientMessageSchema.safeParse(json)
  return parsed.success ? parsed.data : null
}

/** Each document's answer to the hello's step 1, framed; null when a step 1 is not one. */
async function stateReplies (room: MeetingRoom, hello: Record<DocName, string>): Promise<Buffer[] | null> {
  const frames: Buffer[] = []
  for (const doc of DOC_NAMES) {
    const decoded = decodeWire(hello[doc], MAX_SYNC_BYTES)
    if (!decoded.ok || decoded.bytes[0] !== syncProtocol.messageYjsSyncStep1) return null
    let outcome
    try {
      outcome = await room.receiveSync(doc, decoded.bytes, { canWrite: false, origin: null })
    } catch {
      return null
    }
    if (outcome.reply === null) return null
    frames.push(outcome.shared === true ? fullStateFrame(doc, outcome.reply) : syncFrame(doc, outcome.reply))
  }
  return frames
}

function fullStateFrame (doc: DocName, reply: Uint8Array): Buffer {
  let frame = fullStateFrames.get(reply)
  if (frame === undefined) fullStateFrames.set(reply, frame = syncFrame(doc, reply))
  return frame
}

function syncFrame (doc: DocName, message: Uint8Array): Buffer {
  return encodeFrame(toBuffer(encodeLiveSync(doc, message)), OPCODE.binary)
}

/** A JSON message as one frame in one buffer, one write (ws's own send writes a frame's header and body apart). */
function sendMessage (socket: WebSocket, writer: FrameWriter, message: LiveServerMessage): void {
  if (socket.readyState === socket.OPEN) writeFrame(writer, encodeFrame(Buffer.from(JSON.stringify(message)), OPCODE.text))
}

/** Says why, then closes the link with an application close code. */
function endWith (socket: WebSocket, writer: FrameWriter, closeCode: number, code: ErrorCode, message: string, event: string): void {
  if (socket.readyState !== socket.OPEN) return
  sendMessage(socket, writer, { type: 'notice', code, message, event })
  socket.close(closeCode, code)
}

/** The request's path; a target URL cannot parse as is not the live link's (and must not throw here). */
function pathOf (url: string | undefined): string {
  return URL.canParse(url ?? '', 'http://localhost') ? new URL(url ?? '', 'http://localhost').pathname : ''
}
