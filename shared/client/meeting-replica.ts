import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { CommandPayloads, CommandType } from '../domain/commands.ts'
import type { ControlState, RequestId } from '../domain/types.ts'
import { withRequestTexts, type RequestText } from '../domain/request-text.ts'
import { ControlProjection } from '../doc/control.ts'
import { NotesProjection } from '../doc/notes-projection.ts'
import type { CommandAck, DocName, Notice, PresenceSummary, SessionInfo } from '../protocol/events.ts'
import { ClockSync } from './clock-sync.ts'

/** A reconnected client re-estimates its clock at a random moment within this. */
const RE_ESTIMATE_SPREAD_MS = 3000
/** Pings of a new client's first clock estimate; the rest of `clockPings` follow within `REFINE_SPREAD_MS`. */
const FIRST_ESTIMATE_PINGS = 3
const REFINE_SPREAD_MS = 2000
const KEPT_NOTICES = 50

/**
 * Both transports' reconnection back-off: randomised waits of 0.25–0.75 s, then 0.5–1.5 s. After a
 * server restart every client comes back at once; this spreads the storm without leaving a room of
 * screens stale for long.
 */
export const RECONNECT_DELAY = { firstMs: 500, maxMs: 1000 } as const

/** Passed where y-protocols wants an encoder for a reply that step 2 and updates never write. */
const NO_ANSWER = encoding.createEncoder()

/** The origin of every change the server sent: a writer sends back only the others. */
export const REMOTE_ORIGIN = Symbol('remote')

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

/** Each document's sync step 1 for a new connection; none for the notes of a client that does not follow them. */
export interface StepsOne {
  readonly control: Uint8Array
  readonly notes: Uint8Array | null
}

/**
 * Awareness (who takes notes where) as a transport carries it: updates among the links that write the
 * notes, both ways, and when the link opens or drops. A peer's update is still untrusted.
 */
export interface AwarenessChannel {
  readonly connected: boolean
  send (update: Uint8Array): void
  /** Each returns its unsubscribe. */
  onUpdate (listener: (update: Uint8Array) => void): () => void
  onConnect (listener: () => void): () => void
  onDisconnect (listener: () => void): () => void
}

/**
 * What a client of one meeting link holds, whatever carries it: both documents kept in step with the
 * server (re-synced after every reconnect), the state projected from them, the session, notices and
 * the server's clock. A transport (Socket.IO for the links that act, the live WebSocket for screens
 * that only watch) extends it and feeds it what arrives.
 *
 * A client that never shows the notes (the chamber's screen) does not follow them: it asks the server
 * for none (`followNotes: false` on the wire), sends no step 1 for them, and ignores any that come.
 */
export abstract class MeetingReplica {
  // Named rather than given a random guid (31 calls to the system's random source each, which a
  // room of screens opening at once pays in Node); Yjs uses the guid for sub-documents only.
  readonly control = new Y.Doc({ guid: 'control' })
  readonly notes = new Y.Doc({ guid: 'notes' })
  readonly clock = new ClockSync()
  /** Resolves once both documents (the control document alone, when not following the notes) hold the server's state for the first time. */
  readonly whenSynced: Promise<void>
  /** False for a client that never shows the notes: the notes document stays empty. */
  readonly followsNotes: boolean
  /** The notes document as views read it (tags, highlights, texts), kept up to date as it changes. */
  readonly notesProjection = new NotesProjection(this.notes)

  #session: SessionInfo | null = null
  #presence: PresenceSummary | null = null
  #refused = false
  readonly #synced: Record<DocName, boolean> = { control: false, notes: false }
  readonly #projection = new ControlProjection(this.control)
  /** Called on every change but the notes' (state, connection, session, presence, notices, clock). */
  readonly #controlListeners = new Set<() => void>()
  readonly #notesListeners = new Set<() => void>()
  /** Requests' free text, which only the chair's and the requesting delegation's links are sent. */
  readonly #requestTexts = new Map<RequestId, RequestText>()
  #withTexts: { readonly from: ControlState; readonly texts: number; readonly state: ControlState } | null = null
  #textsVersion = 0
  readonly #notices: Notice[] = []
  readonly #clockPings: number
  /** A clock estimate is owed for this connection, to start once both documents are in step. */
  #clockDue = false
  #clockTimer: ReturnType<typeof setTimeout> | undefined
  #resolveSynced!: () => void

  constructor (clockPings = 8, followNotes = true) {
    this.#clockPings = clockPings
    this.followsNotes = followNotes
    this.whenSynced = new Promise((resolve) => { this.#resolveSynced = resolve })
    this.control.on('afterTransaction', (transaction: Y.Transaction) => {
      if (this.#projection.refresh(transaction)) this.emitChange()
    })
    this.notes.on('afterTransaction', (transaction: Y.Transaction) => {
      if (this.notesProjection.refresh(transaction)) this.#emitNotesChange()
    })
  }

  abstract get connected (): boolean

  /** Sends a command and resolves with its ack (see RostrumClient). */
  abstract command<T extends CommandType> (type: T, payload: CommandPayloads[T], options?: CommandOptions): Promise<CommandAck<T>>

  /** One clock ping: resolves with the server's time, rejects when no answer comes. */
  protected abstract ping (): Promise<number>

  /** Ends the transport for good. */
  protected abstract disconnect (): void

  /** Awareness among the links that write the notes; null where the transport carries none (the live link). */
  get awareness (): AwarenessChannel | null {
    return null
  }

  /** The control document projected to plain data; null until the first sync. */
  get state (): ControlState | null {
    const shared = this.#projection.state
    if (shared === null || this.#requestTexts.size === 0) return shared
    // Kept until the document or the texts change, so the state keeps its identity between reads.
    if (this.#withTexts?.from !== shared || this.#withTexts.texts !== this.#textsVersion) {
      this.#withTexts = { from: shared, texts: this.#textsVersion, state: withRequestTexts(shared, this.#requestTexts.values()) }
    }
    return this.#withTexts.state
  }

  get session (): SessionInfo | null {
    return this.#session
  }

  get presence (): PresenceSummary | null {
    return this.#presence
  }

  /** The server turned this link away (bad or revoked token, meeting gone): it will not retry. */
  get refused (): boolean {
    return this.#refused
  }

  /** Both documents (the control document alone, when not following the notes) are in step with the server on the current connection. */
  get synced (): boolean {
    return this.#synced.control && (this.#synced.notes || !this.followsNotes)
  }

  get notices (): readonly Notice[] {
    return this.#notices
  }

  /** Server epoch ms now, by the clock estimate. */
  serverNowMs (): number {
    return this.clock.serverNowMs(this.localNowMs())
  }

  /** Called after anything observable changed (state, connection, session, presence, notes). */
  subscribe (listener: () => void): () => void {
    const stopControl = this.subscribeControl(listener)
    const stopNotes = this.subscribeNotes(listener)
    return () => {
      stopControl()
      stopNotes()
    }
  }

  /**
   * Called after anything but the notes changed: the state, connection, session, presence, notices or
   * the clock. What shows no notes subscribes here, and never runs on a note-taker's keystroke.
   */
  subscribeControl (listener: () => void): () => void {
    this.#controlListeners.add(listener)
    return () => { this.#controlListeners.delete(listener) }
  }

  /** Called after the notes document changed (read it through `notesProjection`). */
  subscribeNotes (listener: () => void): () => void {
    this.#notesListeners.add(listener)
    return () => { this.#notesListeners.delete(listener) }
  }

  /** Re-estimates the clock offset with a few pings. */
  async syncClock (pings = this.#clockPings): Promise<void> {
    for (let i = 0; i < pings && this.connected; i++) {
      const sentAtMs = this.localNowMs()
      try {
        const serverNowMs = await this.ping()
        this.clock.add({ sentAtMs, serverNowMs, receivedAtMs: this.localNowMs() })
      } catch {
        return
      }
    }
    this.emitChange()
  }

  close (): void {
    clearTimeout(this.#clockTimer)
    this.disconnect()
    this.#controlListeners.clear()
    this.#notesListeners.clear()
    this.control.destroy()
    this.notes.destroy()
  }

  /** This device's monotonic clock, in epoch ms; a test's replica reads the test's clock instead. */
  protected localNowMs (): number {
    return ClockSync.localNowMs()
  }

  /**
   * A local change of the notes as the sync message to send, or null when it stays here: a change
   * from the server goes back to no one, and offline edits wait for the server's step 1 on reconnect.
   */
  protected notesUpdateToSend (update: Uint8Array, origin: unknown): Uint8Array | null {
    if (origin === REMOTE_ORIGIN || !this.connected || this.#session?.canWriteNotes !== true) return null
    const encoder = encoding.createEncoder()
    syncProtocol.writeUpdate(encoder, update)
    return encoding.toUint8Array(encoder)
  }

  /**
   * A connection is open: the sync step 1 of each document, for the transport to send. Never rely on
   * broadcasts missed while away: the server answers with everything past what we hold.
   */
  protected connectionOpened (): StepsOne {
    this.#refused = false
    this.clock.reset()
    this.#clockDue = true
    this.emitChange()
    return { control: stepOne(this.control), notes: this.followsNotes ? stepOne(this.notes) : null }
  }

  protected connectionLost (): void {
    this.#synced.control = false
    this.#synced.notes = false
    this.emitChange()
  }

  protected connectionRefused (): void {
    this.#refused = true
    this.emitChange()
  }

  /**
   * Applies a sync message from the server. Returns the answer the server asked for: only a step 1
   * has one, and only a link that writes the notes sends it (its changes made offline).
   */
  protected receiveSync (doc: DocName, message: Uint8Array): Uint8Array | null {
    // Not asked for (a server from before `followNotes` sends them anyway): kept out of a document no view reads.
    if (doc === 'notes' && !this.followsNotes) return null
    const target = doc === 'control' ? this.control : this.notes
    // Only a step 1 (its type is the first byte) has an answer; an update, on every broadcast, needs no encoder.
    const encoder = message[0] === syncProtocol.messageYjsSyncStep1 ? encoding.createEncoder() : NO_ANSWER
    const type = syncProtocol.readSyncMessage(decoding.createDecoder(message), encoder, target, REMOTE_ORIGIN)
    if (type === syncProtocol.messageYjsSyncStep2 && !this.#synced[doc]) {
      this.#synced[doc] = true
      if (this.synced) this.#onSynced()
      this.emitChange()
    }
    const answers = encoder !== NO_ANSWER && encoding.length(encoder) > 0 && doc === 'notes' && this.#session?.canWriteNotes === true
    return answers ? encoding.toUint8Array(encoder) : null
  }

  protected sessionStarted (info: SessionInfo): void {
    this.#session = info
    // Each session comes with every text this link may read: one emptied while it was away (a request
    // withdrawn) is not among them and must not linger from the last session.
    if (this.#requestTexts.size > 0) {
      this.#requestTexts.clear()
      this.#textsVersion += 1
    }
    this.emitChange()
  }

  protected presenceChanged (summary: PresenceSummary): void {
    this.#presence = summary
    this.emitChange()
  }

  protected requestTextsReceived (texts: readonly RequestText[]): void {
    for (const text of texts) this.#requestTexts.set(text.requestId, text)
    this.#textsVersion += 1
    this.emitChange()
  }

  protected noticeReceived (notice: Notice): void {
    this.#notices.push(notice)
    if (this.#notices.length > KEPT_NOTICES) this.#notices.shift()
    this.emitChange()
  }

  protected emitChange (): void {
    for (const listener of this.#controlListeners) listener()
  }

  #emitNotesChange (): void {
    for (const listener of this.#notesListeners) listener()
  }

  #onSynced (): void {
    this.#resolveSynced()
    // Pings wait for the documents: on a crowded link they would delay the state a screen shows,
    // and their round trips are shorter, so the estimate is better, once the sync is out of the way.
    if (!this.#clockDue) return
    this.#clockDue = false
    // After a reconnect the last estimate still holds, and a live link has a first one from its hello:
    // a room of screens coming back together after a restart, or opening together, re-estimates over
    // the next few seconds instead of queueing pings behind the handshakes.
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
}

function stepOne (doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}
