import type { Logger } from 'pino'
import type { Clock } from '../clock.ts'
import type { ServerMetrics } from '../metrics.ts'
import type { MeetingRoom } from '../rooms/meeting-room.ts'
import type { RoomRegistry } from '../rooms/room-registry.ts'
import { DOC_NAMES, PROTOCOL_VERSION, type ClockPong, type CommandAck, type DocName } from '../../shared/protocol/events.ts'
import type { ErrorCode } from '../../shared/protocol/errors.ts'
import type { ServerMessage } from '../../shared/protocol/messages.ts'
import type { DecodedWire } from '../../shared/protocol/wire.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { Admission, Link } from './admit.ts'
import { awarenessClientIds, type AwarenessOwners } from './awareness-owners.ts'
import { MAX_BUFFERED_BYTES } from './backpressure.ts'
import { CLOSE, type CloseReason } from './close-reasons.ts'
import { handleCommand } from './command-handler.ts'
import type { LinkBudget, LinkBudgets } from './link-budgets.ts'
import type { PresenceTracker } from './presence.ts'
import { textsChannel, type Channel, type Member, type RoomMembers } from './room-members.ts'
import type { SharedEncodings } from './shared-encodings.ts'
import type { Transport } from './transport.ts'

/** A sync message carries a Yjs update; a meeting's notes stay far below this. */
export const MAX_SYNC_BYTES = 512 * 1024
/** A presence message is under 200 bytes; this leaves room for a few pages' at once. */
export const MAX_AWARENESS_BYTES = 16 * 1024
/** The first byte of a y-protocols sync step 1. */
const STEP_ONE = 0

export interface CoreDeps {
  readonly registry: RoomRegistry
  readonly clock: Clock
  readonly logger: Logger
  readonly presence: PresenceTracker
  readonly budgets: LinkBudgets
  readonly members: RoomMembers
  readonly awarenessOwners: (meetingId: MeetingId) => AwarenessOwners
  readonly shared: SharedEncodings
  readonly metrics: ServerMetrics
  /** With several nodes: awareness between this node's writers and the other nodes' (server/cluster/cluster-awareness.ts). */
  readonly awarenessRelay?: AwarenessRelay
}

export interface AwarenessRelay {
  /** A writer of the meeting is connected to this node. */
  follow (meetingId: MeetingId): void
  /** A writer here sent this (checked) awareness update. */
  relay (meetingId: MeetingId, update: Uint8Array): void
}

/** How a connection is opened beyond its admission. */
export interface OpenOptions {
  /**
   * Never writes, whatever its link could do elsewhere: the live link. Its session says
   * `canWriteNotes: false`, it hears no awareness and its sync writes are refused.
   */
  readonly readOnly?: boolean
  /**
   * Step 1s that came with the hello, answered in the session's write without spending the link's
   * budget (one per document per connection, which the address limit already bounds). A step that is
   * not one ends the connection.
   */
  readonly helloSteps?: Partial<Record<DocName, Uint8Array>>
}

/** A message from a client, decoded by its transport and still untrusted. */
export type IncomingMessage =
  | { readonly type: 'command'; readonly envelope: unknown }
  | { readonly type: 'sync'; readonly doc: unknown; readonly message: DecodedWire }
  | { readonly type: 'awareness'; readonly message: DecodedWire }
  | { readonly type: 'clock:ping' }

/** A sync answer; `shared` when it is a document's full state, the same object for every joiner. */
interface SyncReply {
  readonly doc: DocName
  readonly message: Uint8Array
  readonly shared: boolean
}

/** How a message that expects one is answered (a Socket.IO ack, the live link's pong). */
export type Answer = (reply: CommandAck | ClockPong) => void

/**
 * One client's connection, whatever carries it: the session, what the role may do, commands and
 * acks, document sync, the clock, awareness, rate budgets and why it ends. The transport decodes
 * frames into `IncomingMessage`s and writes what the core encodes through it; nothing else.
 */
export class Connection implements Member {
  readonly transport: Transport
  readonly link: Link
  readonly readOnly: boolean
  readonly followNotes: boolean
  readonly channels: ReadonlySet<Channel>
  readonly #room: MeetingRoom
  readonly #deps: CoreDeps
  readonly #budget: LinkBudget
  readonly #awarenessOwners: AwarenessOwners
  #open = true

  private constructor (transport: Transport, admission: Admission, room: MeetingRoom, readOnly: boolean, deps: CoreDeps) {
    this.transport = transport
    this.link = admission.link
    this.readOnly = readOnly
    this.followNotes = admission.followNotes
    this.#room = room
    this.#deps = deps
    const channels = new Set<Channel>(['control'])
    if (this.followNotes) channels.add('notes')
    if (this.canWriteNotes) channels.add('awareness')
    if (this.link.role === 'chair') channels.add(textsChannel(null))
    // A delegation link without a delegation (a misissued token) hears no texts, rather than the chair's.
    if (this.link.role === 'delegation' && this.link.delegation !== null) channels.add(textsChannel(this.link.delegation))
    this.channels = channels
    // One budget per link, shared by every connection opened with its token on either transport.
    this.#budget = deps.budgets.open(this.link)
    this.#awarenessOwners = deps.awarenessOwners(this.link.meetingId)
  }

  /**
   * Opens an admitted connection: joins its meeting, sends the session (and the hello's answers), and
   * returns it; or ends it with a close reason and returns null.
   */
  static async open (transport: Transport, admission: Admission, deps: CoreDeps, options: OpenOptions = {}): Promise<Connection | null> {
    const event = options.helloSteps === undefined ? 'connect' : 'hello'
    const room = await deps.registry.get(admission.link.meetingId)
    if (room === null) {
      transport.close(CLOSE.meetingNotFound(event))
      return null
    }
    const connection = new Connection(transport, admission, room, options.readOnly === true, deps)
    const replies = options.helloSteps === undefined ? [] : await connection.#answerHello(options.helloSteps)
    if (replies === null) {
      connection.#budget.release()
      transport.close({ name: 'noHello', code: 'INVALID_PAYLOAD', message: 'A hello carries each followed document\'s sync step 1, base64.', event })
      return null
    }
    connection.#join(replies)
    return connection
  }

  get tokenHash (): string {
    return this.link.tokenHash
  }

  get canWriteNotes (): boolean {
    return this.link.canWriteNotes && !this.readOnly && this.followNotes
  }

  /** The transport closed: the connection leaves its meeting. */
  closed (): void {
    if (!this.#open) return
    this.#open = false
    const { members, presence } = this.#deps
    members.leave(this.link.meetingId, this)
    presence.remove(this.link.meetingId, this.link.role)
    this.#budget.release()
    this.#awarenessOwners.release(this.link.actorId, this.transport.id)
  }

  close (reason: CloseReason): void {
    this.transport.close(reason)
  }

  /** Sends one message to this connection alone. */
  send (message: ServerMessage): void {
    this.deliver(this.transport.kind.encode(message))
  }

  deliver (encoded: unknown): void {
    if (!this.#open) return
    // A client that does not read is not sent more: what it does not read stays in the server's memory.
    if (this.transport.bufferedBytes() > MAX_BUFFERED_BYTES) {
      this.#dropSlow()
      return
    }
    this.transport.send(encoded)
  }

  /** Handles one message; nothing a client sends may throw past here. */
  async receive (message: IncomingMessage, answer?: Answer): Promise<void> {
    if (!this.#open) return
    try {
      await this.#dispatch(message, answer)
    } catch (error) {
      this.#deps.logger.error({ err: error, meetingId: this.link.meetingId, connection: this.transport.id, event: message.type }, 'handler failed')
      const internal = { code: 'INTERNAL' as const, message: 'The server could not handle this message.' }
      if (message.type === 'command' && answer !== undefined) answer({ ok: false, error: internal })
      else this.send({ type: 'notice', notice: { ...internal, event: message.type } })
    }
  }

  #join (replies: readonly SyncReply[]): void {
    const { members, presence, clock } = this.#deps
    const { link } = this
    members.join(link.meetingId, this)
    presence.add(link.meetingId, link.role)
    if (this.canWriteNotes) this.#deps.awarenessRelay?.follow(link.meetingId)
    const texts = this.#room.requestTextsFor(link)
    // The session and the documents leave in one write.
    this.transport.batch(() => {
      this.send({
        type: 'session',
        info: {
          protocolVersion: PROTOCOL_VERSION,
          meetingId: link.meetingId,
          role: link.role,
          delegation: link.delegation,
          canWriteNotes: this.canWriteNotes,
          serverNowMs: clock.now()
        }
      })
      for (const reply of replies) this.#sendSync(reply)
    })
    if (texts.length > 0) this.send({ type: 'request:texts', texts })
    // Ask a writer for what it changed while offline; it answers with sync step 2.
    if (this.canWriteNotes) this.send({ type: 'sync', doc: 'notes', message: this.#room.syncStep1('notes') })
  }

  /** The answers to the hello's step 1s, or null when one is missing or not a step 1. */
  async #answerHello (steps: Partial<Record<DocName, Uint8Array>>): Promise<SyncReply[] | null> {
    const replies: SyncReply[] = []
    for (const doc of DOC_NAMES) {
      if (doc === 'notes' && !this.followNotes) continue
      const step = steps[doc]
      if (step === undefined || step[0] !== STEP_ONE) return null
      let outcome
      try {
        outcome = await this.#room.receiveSync(doc, step, { canWrite: false, origin: null })
      } catch {
        return null
      }
      if (outcome.reply === null) return null
      replies.push({ doc, message: outcome.reply, shared: outcome.shared === true })
    }
    return replies
  }

  async #dispatch (message: IncomingMessage, answer: Answer | undefined): Promise<void> {
    switch (message.type) {
      case 'command': return await this.#command(message.envelope, answer)
      case 'sync': return await this.#sync(message.doc, message.message)
      case 'awareness': return this.#awareness(message.message)
      case 'clock:ping':
        // Over the limit the ping is left unanswered: the client's estimate keeps its earlier samples.
        if (answer !== undefined && this.#budget.take('ping')) answer({ serverNowMs: this.#deps.clock.now() })
    }
  }

  async #command (envelope: unknown, answer: Answer | undefined): Promise<void> {
    if (answer === undefined) {
      this.#notice('INVALID_PAYLOAD', 'A command needs an acknowledgement callback.', 'command')
      return
    }
    if (this.readOnly) {
      answer({ ok: false, error: { code: 'FORBIDDEN', message: 'This connection only watches; send commands over Socket.IO.' } })
      return
    }
    if (!this.#budget.take('command')) {
      answer({ ok: false, error: { code: 'RATE_LIMITED', message: 'Too many commands; slow down and try again.' } })
      return
    }
    answer(await handleCommand(this.#room, this.link, envelope))
  }

  async #sync (doc: unknown, decoded: DecodedWire): Promise<void> {
    // A client that does not read its answers is not sent more of them.
    if (this.transport.bufferedBytes() > MAX_BUFFERED_BYTES) {
      this.#dropSlow()
      return
    }
    const known = DOC_NAMES.includes(doc as DocName) && (doc !== 'notes' || this.followNotes)
    // A step 1 whose answer is kept costs no encoding, so it costs no budget: a link's devices
    // reconnecting together after a restart all ask the same thing.
    const kept = decoded.ok && known ? this.#keptAnswer(doc as DocName, decoded.bytes) : null
    if (kept !== null) {
      this.#sendSync({ doc: doc as DocName, message: kept, shared: true })
      return
    }
    if (!this.#budget.take(decoded.ok && decoded.bytes[0] === STEP_ONE ? 'stepOne' : 'sync')) {
      this.#notice('RATE_LIMITED', 'Too many sync messages for this link; this one was dropped. Reconnecting asks again.', 'sync')
      return
    }
    if (!DOC_NAMES.includes(doc as DocName)) {
      this.#notice('UNKNOWN_DOCUMENT', 'Documents are "control" and "notes".', 'sync')
      return
    }
    if (!known) {
      this.#notice('UNKNOWN_DOCUMENT', 'This connection said it does not follow the notes (followNotes: false).', 'sync')
      return
    }
    if (!decoded.ok) {
      this.#undecodable(decoded.reason, 'A sync message', MAX_SYNC_BYTES, 'sync')
      return
    }
    const name = doc as DocName
    const { link } = this
    let outcome
    try {
      outcome = await this.#room.receiveSync(name, decoded.bytes, {
        canWrite: name === 'notes' && this.canWriteNotes,
        origin: this.transport.id,
        link: link.role === 'chair' || link.role === 'notetaker' ? { id: link.actorId, role: link.role } : undefined
      })
    } catch {
      this.#notice('INVALID_PAYLOAD', 'The sync message could not be decoded; nothing was applied.', 'sync')
      return
    }
    if (outcome.refused) {
      this.#notice('DOC_READ_ONLY', `The ${name} document is read-only for this link; the change was dropped.`, 'sync')
    }
    if (outcome.rejected !== undefined) this.send({ type: 'notice', notice: { ...outcome.rejected, event: 'sync' } })
    if (outcome.reply === null) return
    this.#sendSync({ doc: name, message: outcome.reply, shared: outcome.shared === true })
  }

  /** Names why a binary payload could not be read: over its size limit, or not base64. */
  #undecodable (reason: 'too-large' | 'not-base64', what: string, maxBytes: number, event: 'sync' | 'awareness'): void {
    if (reason === 'too-large') this.#notice('PAYLOAD_TOO_LARGE', `${what} must be under ${maxBytes} bytes.`, event)
    else this.#notice('INVALID_PAYLOAD', `${what} is base64 text.`, event)
  }

  #awareness (decoded: DecodedWire): void {
    if (!this.canWriteNotes) {
      this.#notice('FORBIDDEN', 'Presence is shared among chairs and note-takers only.', 'awareness')
      return
    }
    if (!this.#budget.take('awareness') || !this.#budget.take('awarenessBytes', decoded.ok ? decoded.bytes.byteLength : 0)) {
      this.#notice('RATE_LIMITED', 'Too many presence messages for this link; this one was dropped.', 'awareness')
      return
    }
    if (!decoded.ok) {
      this.#undecodable(decoded.reason, 'An awareness message', MAX_AWARENESS_BYTES, 'awareness')
      return
    }
    const clientIds = awarenessClientIds(decoded.bytes)
    if (clientIds === null) {
      this.#notice('INVALID_PAYLOAD', 'An awareness message is a y-protocols awareness update.', 'awareness')
      return
    }
    if (!this.#awarenessOwners.claim(this.link.actorId, this.transport.id, clientIds)) {
      this.#notice('FORBIDDEN', 'That presence belongs to another link; only its own link may change or remove it.', 'awareness')
      return
    }
    this.#deps.members.publish(this.link.meetingId, 'awareness', { type: 'awareness', message: decoded.bytes }, this)
    this.#deps.awarenessRelay?.relay(this.link.meetingId, decoded.bytes)
  }

  #keptAnswer (doc: DocName, bytes: Uint8Array): Uint8Array | null {
    try {
      return this.#room.keptStepOneAnswer(doc, bytes)
    } catch {
      return null
    }
  }

  /** A full-state answer many clients get alike is encoded once per document version and transport kind. */
  #sendSync ({ doc, message, shared }: SyncReply): void {
    if (shared) this.deliver(this.#deps.shared.encode(this.transport.kind, doc, message))
    else this.send({ type: 'sync', doc, message })
  }

  #notice (code: ErrorCode, message: string, event: string): void {
    this.send({ type: 'notice', notice: { code, message, event } })
  }

  #dropSlow (): void {
    if (!this.#open) return
    this.#deps.metrics.slowConsumersDropped += 1
    this.closed()
    this.transport.close(CLOSE.slowConsumer)
  }
}
