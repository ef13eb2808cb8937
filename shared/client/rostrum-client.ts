import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client'
import { fromBase64 } from 'lib0/buffer'
import type { CommandPayloads, CommandType } from '../domain/commands.ts'
import { PROTOCOL_VERSION, type ClientToServerEvents, type CommandAck, type DocName, type ServerToClientEvents } from '../protocol/events.ts'
import { decodeWire, encodeWire } from '../protocol/wire.ts'
import { CommandTimeoutError, MeetingReplica, RECONNECT_DELAY, type AwarenessChannel, type CommandOptions } from './meeting-replica.ts'

export { CommandTimeoutError, type CommandOptions } from './meeting-replica.ts'

export interface ClientOptions {
  /** The server's base URL, e.g. "http://127.0.0.1:3000". */
  readonly url: string
  /** The token from a meeting link. */
  readonly token: string
  /** Pings per clock estimate, sent once both documents are in step (each reconnect re-estimates). */
  readonly clockPings?: number
  readonly socketOptions?: Partial<ManagerOptions & SocketOptions>
  /** How long after a notes change was not saved, or over budget, the client syncs again; by code. */
  readonly notesRetryMs?: Partial<Record<NotesRetryCode, number>>
  /** False for a link that never shows the notes: the server is asked for none (default true). */
  readonly followNotes?: boolean
}

type NotesRetryCode = 'NOTES_NOT_SAVED' | 'NOTES_QUOTA'

/**
 * A notes change the server could not store (a disk error) or took over its budget is still in the
 * local document, and every later change builds on it; syncing again (a reconnect, which runs the
 * server's step 1) sends it once more. Soon after a disk error; after a link's budget has refilled.
 */
export const NOTES_RETRY_MS: Readonly<Record<NotesRetryCode, number>> = { NOTES_NOT_SAVED: 10_000, NOTES_QUOTA: 60_000 }

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/**
 * A Rostrum client without a UI, over Socket.IO: connects with a link's token, keeps both documents
 * in sync, sends commands with acks and retries, writes the notes when the link may, and estimates
 * the server's clock. Used by the Svelte app for the links that act, the tests and the benchmark.
 */
export class RostrumClient extends MeetingReplica {
  readonly socket: ClientSocket
  readonly #awareness: AwarenessChannel
  readonly #notesRetryMs: Readonly<Record<NotesRetryCode, number>>
  #notesRetry: ReturnType<typeof setTimeout> | null = null
  #droppedAsSlow = false

  constructor (options: ClientOptions) {
    super(options.clockPings, options.followNotes)
    this.#notesRetryMs = { ...NOTES_RETRY_MS, ...options.notesRetryMs }
    this.socket = io(options.url, {
      auth: { token: options.token, protocolVersion: PROTOCOL_VERSION, ...(this.followsNotes ? {} : { followNotes: false }) },
      transports: ['websocket'],
      reconnectionDelay: RECONNECT_DELAY.firstMs,
      reconnectionDelayMax: RECONNECT_DELAY.maxMs,
      ...options.socketOptions
    })
    this.#awareness = awarenessOver(this.socket)
    this.socket.on('connect', () => {
      const steps = this.connectionOpened()
      for (const doc of ['control', 'notes'] as const) {
        const step = steps[doc]
        if (step !== null) this.socket.emit('sync', doc, encodeWire(step))
      }
    })
    // A refused handshake (bad or revoked token) leaves the socket inactive; network errors do not.
    this.socket.on('connect_error', () => { if (!this.socket.active) this.connectionRefused() })
    this.socket.on('disconnect', (reason) => {
      this.connectionLost()
      if (reason !== 'io server disconnect') return
      // The server hangs up on purpose when the link was revoked (the socket will not retry), or when
      // this client fell too far behind: then it comes back and fetches the meeting afresh.
      if (this.#droppedAsSlow) {
        this.#droppedAsSlow = false
        setTimeout(() => this.socket.connect(), RECONNECT_DELAY.firstMs)
      } else {
        this.connectionRefused()
      }
    })
    this.socket.on('session', (info) => this.sessionStarted(info))
    this.socket.on('sync', (doc, message) => this.#onSync(doc, message))
    this.socket.on('presence', (summary) => this.presenceChanged(summary))
    this.socket.on('notice', (notice) => {
      if (notice.code === 'SLOW_CONSUMER') this.#droppedAsSlow = true
      this.noticeReceived(notice)
      if (notice.event === 'sync' && (notice.code === 'NOTES_NOT_SAVED' || notice.code === 'NOTES_QUOTA')) this.#retryNotes(notice.code)
    })
    this.socket.on('request:texts', (texts) => this.requestTextsReceived(texts))
    this.notes.on('update', (update: Uint8Array, origin: unknown) => {
      const message = this.notesUpdateToSend(update, origin)
      if (message !== null) this.socket.emit('sync', 'notes', encodeWire(message))
    })
  }

  override close (): void {
    if (this.#notesRetry !== null) clearTimeout(this.#notesRetry)
    super.close()
  }

  #retryNotes (code: NotesRetryCode): void {
    if (this.#notesRetry !== null) return
    this.#notesRetry = setTimeout(() => {
      this.#notesRetry = null
      if (!this.socket.connected) return // the next connect syncs anyway
      this.socket.disconnect()
      this.socket.connect()
    }, this.#notesRetryMs[code])
  }

  get connected (): boolean {
    return this.socket.connected
  }

  override get awareness (): AwarenessChannel {
    return this.#awareness
  }

  /**
   * Sends a command and resolves with its ack. Retries with the same idempotency id after a lost
   * ack or a reconnect, so the server applies it at most once.
   */
  async command<T extends CommandType> (type: T, payload: CommandPayloads[T], options: CommandOptions = {}): Promise<CommandAck<T>> {
    const id = options.id ?? crypto.randomUUID()
    const attemptTimeoutMs = options.attemptTimeoutMs ?? 5000
    const deadline = Date.now() + (options.deadlineMs ?? 30_000)
    while (Date.now() < deadline) {
      if (!this.socket.connected) await this.#untilConnected(deadline)
      try {
        // The server answers a command of type T with T's result (CommandResults).
        return await this.socket.timeout(attemptTimeoutMs).emitWithAck('command', { id, type, payload }) as CommandAck<T>
      } catch {
        // No ack in time: the command may or may not have been applied; the same id makes a retry safe.
      }
    }
    throw new CommandTimeoutError(type, id)
  }

  protected async ping (): Promise<number> {
    const pong = await this.socket.timeout(5000).emitWithAck('clock:ping')
    return pong.serverNowMs
  }

  protected disconnect (): void {
    this.socket.disconnect()
  }

  #onSync (doc: DocName, message: string): void {
    // The server asks writers for what they changed offline with step 1; they answer with step 2.
    const answer = this.receiveSync(doc, fromBase64(message))
    if (answer !== null) this.socket.emit('sync', doc, encodeWire(answer))
  }

  #untilConnected (deadline: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        this.socket.off('connect', done)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()))
      this.socket.on('connect', done)
    })
  }
}

/** Awareness as base64 `awareness` events; a message that is not base64 is dropped. */
function awarenessOver (socket: ClientSocket): AwarenessChannel {
  return {
    get connected () {
      return socket.connected
    },
    send: (update) => { socket.emit('awareness', encodeWire(update)) },
    onUpdate: (listener) => {
      const receive = (message: string): void => {
        const decoded = decodeWire(message, Number.POSITIVE_INFINITY)
        if (decoded.ok) listener(decoded.bytes)
      }
      socket.on('awareness', receive)
      return () => { socket.off('awareness', receive) }
    },
    onConnect: (listener) => {
      socket.on('connect', listener)
      return () => { socket.off('connect', listener) }
    },
    onDisconnect: (listener) => {
      socket.on('disconnect', listener)
      return () => { socket.off('disconnect', listener) }
    }
  }
}
