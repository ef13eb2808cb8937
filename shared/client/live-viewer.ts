import type { CommandPayloads, CommandType } from '../domain/commands.ts'
import { PROTOCOL_VERSION, type CommandAck, type Notice } from '../protocol/events.ts'
import {
  decodeLiveSync,
  LIVE_FINAL_CLOSE_CODES,
  LIVE_PATH,
  type LiveClientMessage,
  type LiveServerMessage
} from '../protocol/live.ts'
import { encodeWire } from '../protocol/wire.ts'
import { MeetingReplica, RECONNECT_DELAY } from './meeting-replica.ts'

/** What the viewer uses of a WebSocket: the browser's, or `ws`'s in Node (which has none before 22). */
export interface LiveSocket {
  binaryType: string
  readonly readyState: number
  send (data: string): void
  close (code?: number, reason?: string): void
  addEventListener (type: 'open', listener: () => void): void
  addEventListener (type: 'message', listener: (event: { readonly data: unknown }) => void): void
  addEventListener (type: 'close', listener: (event: { readonly code: number }) => void): void
  addEventListener (type: 'error', listener: () => void): void
}

export type LiveSocketFactory = new (url: string) => LiveSocket

export interface LiveViewerOptions {
  /** The server's base URL, e.g. "http://127.0.0.1:3000". */
  readonly url: string
  /** The token from a meeting link. */
  readonly token: string
  /** Pings per clock estimate, sent once both documents are in step. */
  readonly clockPings?: number
  /** The WebSocket class; the global one by default. */
  readonly WebSocket?: LiveSocketFactory
  /** A link quiet this long is pinged, and dropped when the ping goes unanswered as long again. */
  readonly heartbeatMs?: number
  /** False for a screen that never shows the notes: the server is asked for none (default true). */
  readonly followNotes?: boolean
}

const OPEN = 1
const PING_TIMEOUT_MS = 5000
const HEARTBEAT_MS = 25_000
/** The close code this client gives a link it abandons (not one the server sends). */
const CLOSED_BY_CLIENT = 4000

/**
 * A screen that only watches, over the live link (shared/protocol/live.ts): the chamber's screens
 * and the public link. Each update is one binary frame applied straight to the document; the hello
 * carries the state vectors, so a reconnect costs one round trip. It reconnects until the server
 * turns the link away.
 */
export class LiveViewer extends MeetingReplica {
  readonly #url: string
  readonly #token: string
  readonly #WebSocket: LiveSocketFactory
  readonly #heartbeatMs: number
  #socket: LiveSocket | null = null
  #open = false
  #closed = false
  #attempt = 0
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined
  #nextPing = 0
  #heartbeat: ReturnType<typeof setInterval> | undefined
  #lastHeardMs = 0
  #helloSentAtMs = 0
  readonly #pings = new Map<number, { resolve: (serverNowMs: number) => void; reject: (error: Error) => void }>()

  constructor (options: LiveViewerOptions) {
    super(options.clockPings, options.followNotes)
    this.#url = liveUrl(options.url)
    this.#token = options.token
    const factory = options.WebSocket ?? (globalThis as { WebSocket?: LiveSocketFactory }).WebSocket
    if (factory === undefined) throw new Error('No WebSocket here: pass one in the options (the ws package in Node 20).')
    this.#WebSocket = factory
    this.#heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS
    // A browser knows when its network goes: drop the link then rather than wait for a ping to fail,
    // and come back as soon as the network does.
    globalThis.addEventListener?.('offline', this.#onOffline)
    globalThis.addEventListener?.('online', this.#onOnline)
    this.#connect()
  }

  get connected (): boolean {
    return this.#open
  }

  /** A watching link sends no commands. */
  async command<T extends CommandType> (_type: T, _payload: CommandPayloads[T]): Promise<CommandAck<T>> {
    return { ok: false, error: { code: 'FORBIDDEN', message: 'This link only watches the meeting.' } }
  }

  protected ping (timeoutMs = PING_TIMEOUT_MS): Promise<number> {
    if (!this.#open) return Promise.reject(new Error('not connected'))
    const id = this.#nextPing++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(() => reject(new Error('no pong in time'))), timeoutMs)
      const settle = (finish: () => void): void => {
        clearTimeout(timer)
        this.#pings.delete(id)
        finish()
      }
      this.#pings.set(id, {
        resolve: (serverNowMs) => settle(() => resolve(serverNowMs)),
        reject: (error) => settle(() => reject(error))
      })
      this.#send({ type: 'ping', id })
    })
  }

  protected disconnect (): void {
    this.#closed = true
    clearTimeout(this.#reconnectTimer)
    clearInterval(this.#heartbeat)
    globalThis.removeEventListener?.('offline', this.#onOffline)
    globalThis.removeEventListener?.('online', this.#onOnline)
    this.#socket?.close()
  }

  readonly #onOffline = (): void => {
    this.#abandon()
  }

  readonly #onOnline = (): void => {
    if (this.#socket !== null || this.#closed) return
    clearTimeout(this.#reconnectTimer)
    this.#connect()
  }

  /** Pings a link that has been quiet for a heartbeat; no answer means it is gone. */
  #checkAlive (): void {
    if (!this.#open || performance.now() - this.#lastHeardMs < this.#heartbeatMs) return
    const socket = this.#socket
    this.ping(this.#heartbeatMs).catch(() => { if (this.#socket === socket) this.#abandon() })
  }

  /**
   * Gives the current socket up at once, without waiting for a closing handshake that a dead network
   * never completes; whatever it still reports is ignored, and a fresh one follows as after a close.
   */
  #abandon (): void {
    const socket = this.#socket
    if (socket === null) return
    this.#onClose(socket, CLOSED_BY_CLIENT)
    socket.close()
  }

  #connect (): void {
    const socket = new this.#WebSocket(this.#url)
    this.#socket = socket
    // A browser's frames arrive as ArrayBuffers; ws's in Node as Buffers already, without a copy.
    if (socket.binaryType !== 'nodebuffer') socket.binaryType = 'arraybuffer'
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) return
      this.#open = true
      this.#lastHeardMs = performance.now()
      clearInterval(this.#heartbeat)
      this.#heartbeat = setInterval(() => this.#checkAlive(), this.#heartbeatMs)
      const steps = this.connectionOpened()
      this.#helloSentAtMs = this.localNowMs()
      const notes = steps.notes === null ? { followNotes: false as const } : { notes: encodeWire(steps.notes) }
      this.#send({ type: 'hello', token: this.#token, protocolVersion: PROTOCOL_VERSION, control: encodeWire(steps.control), ...notes })
    })
    socket.addEventListener('message', (event) => { if (this.#socket === socket) this.#onMessage(event.data) })
    socket.addEventListener('close', (event) => this.#onClose(socket, event.code))
    // A failed connect is followed by close, which decides what comes next.
    socket.addEventListener('error', () => undefined)
  }

  #onMessage (data: unknown): void {
    this.#lastHeardMs = performance.now()
    if (data instanceof ArrayBuffer || data instanceof Uint8Array) {
      const frame = decodeLiveSync(data instanceof Uint8Array ? data : new Uint8Array(data))
      if (frame !== null) this.receiveSync(frame.doc, frame.message)
      return
    }
    if (typeof data !== 'string') return
    const message = JSON.parse(data) as LiveServerMessage
    switch (message.type) {
      case 'session':
        this.#attempt = 0
        // The hello and its answer are a round trip like a ping's: a screen's first estimate, so that its
        // pings can wait until a room of screens opening together has synced (its error, at most half
        // that round trip, shows on the screen until they come). A reconnect keeps the estimate it had.
        if (this.clock.offsetMs === null) {
          this.clock.add({ sentAtMs: this.#helloSentAtMs, serverNowMs: message.serverNowMs, receivedAtMs: this.localNowMs() })
        }
        this.sessionStarted(withoutType(message))
        break
      case 'presence':
        this.presenceChanged(withoutType(message))
        break
      case 'notice':
        this.noticeReceived(withoutType(message) as Notice)
        break
      case 'pong':
        this.#pings.get(message.id)?.resolve(message.serverNowMs)
        break
    }
  }

  #onClose (socket: LiveSocket, code: number): void {
    if (this.#socket !== socket) return
    const wasOpen = this.#open
    this.#open = false
    clearInterval(this.#heartbeat)
    this.#socket = null
    for (const pending of this.#pings.values()) pending.reject(new Error('disconnected'))
    if (wasOpen) this.connectionLost()
    if (this.#closed) return
    if (LIVE_FINAL_CLOSE_CODES.includes(code)) {
      this.connectionRefused()
      return
    }
    const delay = Math.min(RECONNECT_DELAY.firstMs * 2 ** this.#attempt++, RECONNECT_DELAY.maxMs) * (0.5 + Math.random())
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay)
  }

  #send (message: LiveClientMessage): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(message))
  }
}

/** http(s)://host/base → ws(s)://host/live */
function liveUrl (serverUrl: string): string {
  const url = new URL(LIVE_PATH, serverUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.href
}

function withoutType<T extends { readonly type: string }> (message: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = message
  return rest
}
