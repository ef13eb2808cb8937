import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client'
import * as Y from 'yjs'
import { fromBase64 } from 'lib0/buffer'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { CommandPayloads, CommandType } from '../domain/commands.ts'
import type { ControlState } from '../domain/types.ts'
import { ControlProjection } from '../doc/control.ts'
import type {
  ClientToServerEvents,
  CommandAck,
  DocName,
  Notice,
  PresenceSummary,
  ServerToClientEvents,
  SessionInfo
} from '../protocol/events.ts'
import { encodeWire } from '../protocol/wire.ts'
import { ClockSync } from './clock-sync.ts'

/** A reconnected client re-estimates its clock at a random moment within this. */
const RE_ESTIMATE_SPREAD_MS = 3000
/** Pings of a new client's first clock estimate; the rest of `clockPings` follow within `REFINE_SPREAD_MS`. */
const FIRST_ESTIMATE_PINGS = 3
const REFINE_SPREAD_MS = 2000

/** Passed where y-protocols wants an encoder for a reply that step 2 and updates never write. */
const NO_ANSWER = encoding.createEncoder()

export interface ClientOptions {
  /** The server's base URL, e.g. "http://127.0.0.1:3000". */
  readonly url: string
  /** The token from a meeting link. */
  readonly token: string
  /** Pings per clock estimate, sent once both documents are in step (each reconnect re-estimates). */
  readonly clockPings?: number
  readonly socketOptions?: Partial<ManagerOptions & SocketOptions>
}

export interface CommandOptions {
  /** Idempotency key; a retry with the same id is applied once. Generated when omitted. */
  readonly id?: string
  /** How long to wait for the ack of one attempt before trying again. */
  readonly attemptTimeoutMs?: number
  /** Give up after this long, connected or not. */
  readonly deadlineMs?: number
}

export class CommandTimeoutError extends Error {
  constructor (readonly type: string, readonly id: string) {
    super(`${type} (${id}) was not acknowledged in time`)
  }
}

const REMOTE = Symbol('remote')
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/**
 * A Rostrum client without a UI: connects with a link's token, keeps both documents in sync
 * (re-syncing after every reconnect), sends commands with acks and retries, and estimates the
 * server's clock. Used by the Svelte app, the tests and the benchmark.
 */
export class RostrumClient {
  readonly control = new Y.Doc()
  readonly notes = new Y.Doc()
  readonly clock = new ClockSync()
  readonly socket: ClientSocket
  /** Resolves once both documents hold the server's state for the first time. */
  readonly whenSynced: Promise<void>

  #session: SessionInfo | null = null
  #presence: PresenceSummary | null = null
  readonly #synced: Record<DocName, boolean> = { control: false, notes: false }
  readonly #projection = new ControlProjection(this.control)
  readonly #listeners = new Set<() => void>()
  readonly #notices: Notice[] = []
  readonly #clockPings: number
  /** A clock estimate is owed for this connection, to start once both documents are in step. */
  #clockDue = false
  #clockTimer: ReturnType<typeof setTimeout> | undefined
  #resolveSynced!: () => void

  constructor (options: ClientOptions) {
    this.#clockPings = options.clockPings ?? 8
    this.whenSynced = new Promise((resolve) => { this.#resolveSynced = resolve })
    this.socket = io(options.url, {
      auth: { token: options.token },
      transports: ['websocket'],
      // After a server restart every client comes back at once: randomised waits of 0.25–0.75 s,
      // then 0.5–1.5 s, spread the storm without leaving a room of screens stale for long.
      reconnectionDelay: 500,
      reconnectionDelayMax: 1000,
      ...options.socketOptions
    })
    this.socket.on('connect', () => this.#onConnect())
    this.socket.on('disconnect', () => {
      this.#synced.control = false
      this.#synced.notes = false
      this.#emitChange()
    })
    this.socket.on('session', (info) => {
      this.#session = info
      this.#emitChange()
    })
    this.socket.on('sync', (doc, message) => this.#onSync(doc, message))
    this.socket.on('presence', (summary) => {
      this.#presence = summary
      this.#emitChange()
    })
    this.socket.on('notice', (notice) => {
      this.#notices.push(notice)
      if (this.#notices.length > 50) this.#notices.shift()
      this.#emitChange()
    })
    this.control.on('afterTransaction', (transaction: Y.Transaction) => {
      if (this.#projection.refresh(transaction)) this.#emitChange()
    })
    this.notes.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.#sendNotesUpdate(update)
    })
    this.notes.on('afterTransaction', () => this.#emitChange())
  }

  /** The control document projected to plain data; null until the first sync. */
  get state (): ControlState | null {
    return this.#projection.state
  }

  get session (): SessionInfo | null {
    return this.#session
  }

  get presence (): PresenceSummary | null {
    return this.#presence
  }

  get connected (): boolean {
    return this.socket.connected
  }

  /** Both documents are in step with the server on the current connection. */
  get synced (): boolean {
    return this.#synced.control && this.#synced.notes
  }

  get notices (): readonly Notice[] {
    return this.#notices
  }

  /** Server epoch ms now, by the clock estimate. */
  serverNowMs (): number {
    return this.clock.serverNowMs()
  }

  /** Called after anything observable changed (state, connection, session, presence, notes). */
  subscribe (listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Sends a command and resolves with its ack. Retries with the same idempotency id after a lost
   * ack or a reconnect, so the server applies it at most once.
   */
  async command<T extends CommandType> (type: T, payload: CommandPayloads[T], options: CommandOptions = {}): Promise<CommandAck> {
    const id = options.id ?? crypto.randomUUID()
    const attemptTimeoutMs = options.attemptTimeoutMs ?? 5000
    const deadline = Date.now() + (options.deadlineMs ?? 30_000)
    while (Date.now() < deadline) {
      if (!this.socket.connected) await this.#untilConnected(deadline)
      try {
        return await this.socket.timeout(attemptTimeoutMs).emitWithAck('command', { id, type, payload })
      } catch {
        // No ack in time: the command may or may not have been applied; the same id makes a retry safe.
      }
    }
    throw new CommandTimeoutError(type, id)
  }

  /** Re-estimates the clock offset with a few pings. */
  async syncClock (pings = this.#clockPings): Promise<void> {
    for (let i = 0; i < pings && this.socket.connected; i++) {
      const sentAtMs = ClockSync.localNowMs()
      try {
        const pong = await this.socket.timeout(5000).emitWithAck('clock:ping')
        this.clock.add({ sentAtMs, serverNowMs: pong.serverNowMs, receivedAtMs: ClockSync.localNowMs() })
      } catch {
        return
      }
    }
    this.#emitChange()
  }

  close (): void {
    clearTimeout(this.#clockTimer)
    this.socket.disconnect()
    this.#listeners.clear()
    this.control.destroy()
    this.notes.destroy()
  }

  #onConnect (): void {
    // Never rely on broadcasts missed while away: ask for everything past what we hold.
    for (const doc of ['control', 'notes'] as const) {
      const encoder = encoding.createEncoder()
      syncProtocol.writeSyncStep1(encoder, this.#doc(doc))
      this.socket.emit('sync', doc, encodeWire(encoding.toUint8Array(encoder)))
    }
    this.clock.reset()
    this.#clockDue = true
    this.#emitChange()
  }

  #onSync (doc: DocName, message: string): void {
    const target = this.#doc(doc)
    const bytes = fromBase64(message)
    // Only a step 1 (its type is the first byte) has an answer; an update, on every broadcast, needs no encoder.
    const encoder = bytes[0] === syncProtocol.messageYjsSyncStep1 ? encoding.createEncoder() : NO_ANSWER
    const type = syncProtocol.readSyncMessage(decoding.createDecoder(bytes), encoder, target, REMOTE)
    // The server asks writers for their offline changes with step 1; others never answer it.
    if (encoder !== NO_ANSWER && encoding.length(encoder) > 0 && doc === 'notes' && this.#session?.canWriteNotes === true) {
      this.socket.emit('sync', doc, encodeWire(encoding.toUint8Array(encoder)))
    }
    if (type === syncProtocol.messageYjsSyncStep2 && !this.#synced[doc]) {
      this.#synced[doc] = true
      if (this.synced) this.#onSynced()
      this.#emitChange()
    }
  }

  #onSynced (): void {
    this.#resolveSynced()
    // Pings wait for the documents: on a crowded link they would delay the state a screen shows,
    // and their round trips are shorter, so the estimate is better, once the sync is out of the way.
    if (!this.#clockDue) return
    this.#clockDue = false
    // After a reconnect the last estimate still holds; a room of screens coming back together after a
    // restart re-estimates over the next few seconds instead of queueing pings behind the handshakes.
    if (this.clock.offsetMs !== null) {
      this.#clockTimer = setTimeout(() => { void this.syncClock() }, Math.random() * RE_ESTIMATE_SPREAD_MS)
      return
    }
    // A first estimate from a few pings at once, refined by the rest a moment later: a room of
    // screens loading together does not queue all its pings behind everyone's sync.
    const first = Math.min(FIRST_ESTIMATE_PINGS, this.#clockPings)
    void this.syncClock(first).then(() => {
      if (this.#clockPings > first) this.#clockTimer = setTimeout(() => { void this.syncClock(this.#clockPings - first) }, Math.random() * REFINE_SPREAD_MS)
    })
  }

  #sendNotesUpdate (update: Uint8Array): void {
    // Offline edits stay in the document; the server's step 1 on reconnect collects them.
    if (!this.socket.connected || this.#session?.canWriteNotes !== true) return
    const encoder = encoding.createEncoder()
    syncProtocol.writeUpdate(encoder, update)
    this.socket.emit('sync', 'notes', encodeWire(encoding.toUint8Array(encoder)))
  }

  #doc (name: DocName): Y.Doc {
    return name === 'control' ? this.control : this.notes
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

  #emitChange (): void {
    for (const listener of this.#listeners) listener()
  }
}
