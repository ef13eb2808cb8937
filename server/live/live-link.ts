import type { IncomingMessage, Server as HttpServer } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { Store } from '../store/store.ts'
import type { AddressLimit } from '../socket/address-limit.ts'
import { admit } from '../core/admit.ts'
import { reason, type CloseReason } from '../core/close-reasons.ts'
import { Connection, MAX_SYNC_BYTES, type Answer, type CoreDeps } from '../core/connection.ts'
import type { HelloGate } from '../core/hello-gate.ts'
import type { ErrorCode } from '../../shared/protocol/errors.ts'
import type { DocName } from '../../shared/protocol/events.ts'
import { LIVE_HELLO_TIMEOUT_MS, LIVE_PATH, MAX_LIVE_CLIENT_FRAME, type LiveClientMessage } from '../../shared/protocol/live.ts'
import { liveClientMessageSchema } from '../../shared/protocol/schemas.ts'
import { decodeWire } from '../../shared/protocol/wire.ts'
import { LiveTransport, textFrame } from './live-transport.ts'

export interface LiveDeps {
  readonly core: CoreDeps
  readonly store: Store
  readonly logger: Logger
  readonly addressLimit: AddressLimit
  readonly gate: HelloGate
  /** The same origin check Socket.IO's handshake gets. */
  readonly originAllowed: (req: IncomingMessage) => boolean
}

export interface LiveEndpoint {
  /** Drops every live link (each reconnects), and goes on serving. */
  disconnectAll (): void
  /** Drops every live link and serves no more. */
  close (): void
}

/**
 * Messages a link may send behind its hello while the hello is answered; more are dropped, as a
 * flood past the link's budgets would be. Above the largest ping budget (the public link's 2,000
 * would be spread over many screens), so an honest client never meets it.
 */
export const MAX_WAITING_FOR_HELLO = 1024

/** Every live link is pinged this often (a WebSocket ping, answered by the browser itself); one that has not answered the last is dropped. */
const SWEEP_MS = 30_000

/** Serves the live link (see shared/protocol/live.ts) on `LIVE_PATH` of the HTTP server. */
export function serveLiveLinks (httpServer: HttpServer, deps: LiveDeps): LiveEndpoint {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_LIVE_CLIENT_FRAME, perMessageDeflate: false })
  const links = new Set<LiveLink>()
  let nextId = 0
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Socket.IO answers its own path; anything else that is not ours is left to it as well.
    if (pathOf(req.url) !== LIVE_PATH) return
    if (!deps.originAllowed(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    server.handleUpgrade(req, socket, head, (ws) => {
      const link = new LiveLink(ws, `live-${nextId++}`, req.socket.remoteAddress ?? 'unknown', deps)
      links.add(link)
      ws.once('close', () => links.delete(link))
    })
  })
  // A screen whose network vanished without a goodbye would otherwise hold its place for good.
  const sweep = setInterval(() => { for (const link of links) link.sweep() }, SWEEP_MS)
  sweep.unref()
  return {
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

/**
 * The live link adapter: one WebSocket whose hello becomes a read-only core connection; then it pings.
 * It only frames: the core decides who the screen is, what it hears and why it ends.
 */
class LiveLink {
  readonly #socket: WebSocket
  readonly #transport: LiveTransport
  readonly #address: string
  readonly #deps: LiveDeps
  readonly #helloTimer: NodeJS.Timeout
  #counted = false
  /** Heard from since the last sweep (a message or a pong). */
  #alive = true
  /** Set by the hello: the core connection once it is open, null when the hello was refused. */
  #opening: Promise<Connection | null> | null = null
  #connection: Connection | null = null
  /** Messages queued behind the hello's answer (see MAX_WAITING_FOR_HELLO). */
  #waiting = 0
  #closed = false

  constructor (socket: WebSocket, id: string, address: string, deps: LiveDeps) {
    this.#socket = socket
    this.#transport = new LiveTransport(socket, id)
    this.#address = address
    this.#deps = deps
    socket.on('message', (data, isBinary) => {
      this.#alive = true
      this.#onMessage(data, isBinary)
    })
    socket.on('pong', () => { this.#alive = true })
    socket.on('close', () => this.#onClose())
    // ws reports protocol violations (a frame over the limit, a bad opcode) and then closes the socket.
    socket.on('error', (error) => deps.logger.debug({ err: error }, 'live link error'))
    this.#helloTimer = setTimeout(() => {
      this.#end(reason('noHello', 'INVALID_PAYLOAD', `No hello within ${LIVE_HELLO_TIMEOUT_MS / 1000} s.`, 'hello'))
    }, LIVE_HELLO_TIMEOUT_MS)
    // Until its hello shows a valid token it counts among the few without one, not against its address.
    deps.gate.admit(this, () => {
      this.#end(reason('tooManyConnections', 'TOO_MANY_CONNECTIONS', 'Too many connections without a hello; say hello at once.', 'connect'))
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
    if (parsed.type === 'hello') {
      this.#hello(parsed)
      return
    }
    if (this.#opening === null) {
      this.#refuse('INVALID_PAYLOAD', 'Say hello first.', 'ping')
      return
    }
    const answer: Answer = (pong) => {
      if ('serverNowMs' in pong) this.#connection?.deliver(textFrame({ type: 'pong', id: parsed.id, serverNowMs: pong.serverNowMs }))
    }
    this.#afterHello((connection) => connection.receive({ type: 'clock:ping' }, answer))
  }

  /**
   * Runs `act` once the hello is answered, after everything sent before it: a ping or a notice sent
   * right behind the hello waits for it, and their answers leave in the order the client sent them.
   */
  #afterHello (act: (connection: Connection) => void): void {
    // Open, with nothing left waiting: at once, with no promise per ping.
    if (this.#connection !== null && this.#waiting === 0) {
      act(this.#connection)
      return
    }
    const opening = this.#opening
    if (opening === null || this.#waiting >= MAX_WAITING_FOR_HELLO) return
    this.#waiting += 1
    void opening.then((connection) => {
      this.#waiting -= 1
      if (connection !== null) act(connection)
    })
  }

  #hello (hello: Extract<LiveClientMessage, { type: 'hello' }>): void {
    if (this.#opening !== null) {
      this.#notice('INVALID_PAYLOAD', 'This link has already said hello.', 'hello')
      return
    }
    clearTimeout(this.#helloTimer)
    this.#opening = this.#open(hello).catch((error: unknown) => {
      this.#deps.logger.error({ err: error }, 'live link could not open')
      this.#end(reason('noHello', 'INTERNAL', 'The server could not handle this hello.', 'hello'))
      return null
    })
  }

  async #open (hello: Extract<LiveClientMessage, { type: 'hello' }>): Promise<Connection | null> {
    const { store, core, gate, addressLimit } = this.#deps
    const admitted = await admit(store, hello, 'hello')
    if (!admitted.ok) {
      this.#end(admitted.reason)
      return null
    }
    const helloSteps: Partial<Record<DocName, Uint8Array>> = {}
    for (const doc of ['control', 'notes'] as const) {
      const step = hello[doc]
      if (step === undefined) continue
      const decoded = decodeWire(step, MAX_SYNC_BYTES)
      if (!decoded.ok) {
        this.#end(reason('noHello', 'INVALID_PAYLOAD', 'A hello carries each followed document\'s sync step 1, base64.', 'hello'))
        return null
      }
      helloSteps[doc] = decoded.bytes
    }
    if (this.#closed) return null
    gate.leave(this)
    if (!addressLimit.take(this.#address)) {
      this.#end(reason('tooManyConnections', 'TOO_MANY_CONNECTIONS', addressLimit.refusal, 'hello'))
      return null
    }
    this.#counted = true
    // The live link never writes, whatever the link could do elsewhere.
    const connection = await Connection.open(this.#transport, admitted.admission, core, { readOnly: true, helloSteps })
    this.#connection = connection
    // It closed while its meeting was being looked up.
    if (this.#closed) connection?.closed()
    return connection
  }

  #onClose (): void {
    this.#closed = true
    clearTimeout(this.#helloTimer)
    this.#deps.gate.leave(this)
    if (this.#counted) this.#deps.addressLimit.release(this.#address)
    this.#connection?.closed()
  }

  /** Before the hello, a wrong message ends the link; after it, the link only hears why. */
  #refuse (code: ErrorCode, message: string, event: string): void {
    if (this.#opening === null) this.#end(reason('noHello', code, message, event))
    else this.#notice(code, message, event)
  }

  #end (closeReason: CloseReason): void {
    clearTimeout(this.#helloTimer)
    this.#transport.close(closeReason)
  }

  #notice (code: ErrorCode, message: string, event: string): void {
    const notice = textFrame({ type: 'notice', code, message, event })
    this.#afterHello((connection) => connection.deliver(notice))
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

/** The request's path; a target URL cannot parse as is not the live link's (and must not throw here). */
function pathOf (url: string | undefined): string {
  return URL.canParse(url ?? '', 'http://localhost') ? new URL(url ?? '', 'http://localhost').pathname : ''
}
