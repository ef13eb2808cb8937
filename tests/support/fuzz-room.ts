import { join } from 'node:path'
import pino from 'pino'
import * as Y from 'yjs'
import { hashToken, tokenId } from '../../server/auth/tokens.ts'
import type { Clock } from '../../server/clock.ts'
import { MeetingRoom } from '../../server/rooms/meeting-room.ts'
import { SqliteStore } from '../../server/store/sqlite-store.ts'
import { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import { NOTES_RETRY_MS } from '../../shared/client/rostrum-client.ts'
import type { Command, CommandPayloads, CommandType } from '../../shared/domain/commands.ts'
import type { RequestText } from '../../shared/domain/request-text.ts'
import type { Actor, DelegationCode, MeetingId, Role } from '../../shared/domain/types.ts'
import { PROTOCOL_VERSION, type CommandAck, type DocName, type Notice, type SessionInfo } from '../../shared/protocol/events.ts'
import { commandPayloadSchemas } from '../../shared/protocol/schemas.ts'
import type { Connection, SeededNetwork } from './seeded-network.ts'

// The real room of one meeting (server/rooms/meeting-room.ts on a real SQLite file), driven the way
// the server's connections drive it, and clients that are real `MeetingReplica`s, all joined by a
// `SeededNetwork`. Nothing here runs on its own: the test delivers each message, moves the clock and
// restarts the server, so a seed replays a run.

export type ToServer =
  | { readonly kind: 'sync'; readonly doc: DocName; readonly bytes: Uint8Array }
  /** `emit`: which send this is, as Socket.IO matches an ack to its emit (a command id may be reused). */
  | { readonly kind: 'command'; readonly id: string; readonly command: Command; readonly emit: number }

export type ToClient =
  | { readonly kind: 'session'; readonly info: SessionInfo }
  | { readonly kind: 'sync'; readonly doc: DocName; readonly bytes: Uint8Array }
  /** `controlVector`: the room's control state vector when it answered, to check the sender reads its write. */
  | { readonly kind: 'ack'; readonly id: string; readonly emit: number; readonly ack: CommandAck; readonly controlVector: Uint8Array }
  | { readonly kind: 'notice'; readonly notice: Notice }
  | { readonly kind: 'texts'; readonly texts: readonly RequestText[] }

export type FuzzNetwork = SeededNetwork<ToServer, ToClient>
export type FuzzConnection = Connection<ToServer, ToClient>

/** What the handshake binds to a connection (as server/socket/authenticate.ts does from a token). */
export interface LinkData {
  readonly role: Role
  readonly delegation: DelegationCode | null
  readonly actorId: string
  readonly canWriteNotes: boolean
}

export function linkOf (token: string, role: Role, delegation: DelegationCode | null = null): LinkData {
  return { role, delegation, actorId: tokenId(hashToken(token)), canWriteNotes: role === 'chair' || role === 'notetaker' }
}

/** The clock the room reads; only the test moves it. */
export class TestClock implements Clock {
  constructor (public nowMs: number) {}
  now (): number {
    return this.nowMs
  }
}

/** A short readable record of a run, printed with the seed when an invariant fails. */
export class Trace {
  readonly lines: string[] = []
  /** Which lines are deliveries, left out of the summary's list of operations. */
  readonly #deliveries = new Set<number>()

  constructor (readonly clock: TestClock, readonly startMs: number) {}

  add (line: string): void {
    this.lines.push(`${String(this.lines.length).padStart(4)} +${((this.clock.nowMs - this.startMs) / 1000).toFixed(1)}s ${line}`)
  }

  delivery (line: string): void {
    this.#deliveries.add(this.lines.length)
    this.add(line)
  }

  /** The last operations (deliveries left out), then the last lines of all. */
  summary (operations = 80, lines = 40): string {
    const ops = this.lines.filter((_, i) => !this.#deliveries.has(i))
    return [
      `operations (${ops.length}, deliveries left out), the last ${Math.min(operations, ops.length)}:`,
      ...ops.slice(-operations),
      `the last ${Math.min(lines, this.lines.length)} of all ${this.lines.length} lines:`,
      ...this.lines.slice(-lines)
    ].join('\n')
  }
}

const silent = pino({ level: 'silent' })

/**
 * The server side: one meeting's room, fed what arrives on each connection the way
 * server/socket/connection.ts does, and restartable from its SQLite file.
 */
export class FuzzServer {
  store!: SqliteStore
  room!: MeetingRoom
  restarts = 0
  /** Document logs replaced by a snapshot, across restarts. */
  compactions = 0
  /** Restarts that loaded a compacted log. */
  restartsAfterCompaction = 0
  /** Step-1 answers the room had kept from an earlier ask (a joining client's full state, encoded once). */
  keptAnswersServed = 0
  readonly #answersSeen = new WeakSet<Uint8Array>()
  readonly #links = new Map<FuzzConnection, LinkData>()
  /** Bumped at each restart: a room from before it broadcasts into the void, as a dead process would. */
  #generation = 0

  constructor (
    readonly dataDir: string,
    readonly meetingId: MeetingId,
    readonly clock: TestClock,
    readonly network: FuzzNetwork,
    readonly trace: Trace
  ) {}

  get file (): string {
    return join(this.dataDir, 'rostrum.db')
  }

  async start (): Promise<void> {
    this.store = new CountingStore(this.file, () => { this.compactions++ })
    const generation = this.#generation
    const room = await MeetingRoom.load(this.meetingId, {
      store: this.store,
      clock: this.clock,
      logger: silent,
      broadcast: (_meetingId, doc, message) => { if (generation === this.#generation) this.#broadcast(doc, message) },
      sendRequestTexts: (_meetingId, texts) => { if (generation === this.#generation) this.#sendRequestTexts(texts) }
    })
    if (room === null) throw new Error(`meeting ${this.meetingId} is not in the store`)
    this.room = room
  }

  /**
   * The process stops and starts again: every connection dies with what was in flight on it, what the
   * room had not broadcast yet is never sent, and the new room knows only what the store kept.
   */
  async restart (): Promise<void> {
    const old = this.room
    this.#generation++
    for (const connection of this.#links.keys()) this.network.cut(connection, 'drop')
    this.#links.clear()
    // Let the old room's pending turn run (its broadcast goes nowhere) before its store closes under it.
    await drained(old)
    this.store.close()
    this.restarts++
    if (this.compactions > 0) this.restartsAfterCompaction++
    await this.start()
  }

  async stop (): Promise<void> {
    await drained(this.room)
    this.store.close()
  }

  /** A client connected: the session, its request texts, and (to a writer) the room's sync step 1. */
  accept (connection: FuzzConnection, link: LinkData): void {
    this.#links.set(connection, link)
    this.network.sendToClient(connection, {
      kind: 'session',
      info: {
        protocolVersion: PROTOCOL_VERSION,
        meetingId: this.meetingId,
        role: link.role,
        delegation: link.delegation,
        canWriteNotes: link.canWriteNotes,
        serverNowMs: this.clock.now()
      }
    })
    const texts = this.room.requestTextsFor(link)
    if (texts.length > 0) this.network.sendToClient(connection, { kind: 'texts', texts })
    if (link.canWriteNotes) this.network.sendToClient(connection, { kind: 'sync', doc: 'notes', bytes: this.room.syncStep1('notes') })
  }

  /** What the connection layer does with one message; the promise settles once the room has answered. */
  async receive (connection: FuzzConnection, message: ToServer): Promise<void> {
    const link = this.#links.get(connection)
    if (link === undefined) return // a connection of the process before the restart
    if (message.kind === 'command') await this.#command(connection, link, message)
    else await this.#sync(connection, link, message.doc, message.bytes)
  }

  async #command (connection: FuzzConnection, link: LinkData, { id, command, emit }: Extract<ToServer, { kind: 'command' }>): Promise<void> {
    // The socket layer validates every payload before the room sees it; the fuzz only sends valid ones.
    const checked = commandPayloadSchemas[command.type].safeParse(command.payload)
    if (!checked.success) throw new Error(`the fuzz built an invalid ${command.type}: ${checked.error.message}`)
    const actor: Actor = { role: link.role, delegation: link.delegation, id: link.actorId }
    const room = this.room
    const ack = await room.runCommand(actor, id, command)
    room.afterBroadcast(() => {
      this.network.sendToClient(connection, { kind: 'ack', id, emit, ack, controlVector: Y.encodeStateVector(room.control) })
    })
  }

  async #sync (connection: FuzzConnection, link: LinkData, doc: DocName, bytes: Uint8Array): Promise<void> {
    const outcome = await this.room.receiveSync(doc, bytes, {
      canWrite: doc === 'notes' && link.canWriteNotes,
      origin: connection.id,
      link: link.role === 'chair' || link.role === 'notetaker' ? { id: link.actorId, role: link.role } : undefined
    })
    if (outcome.refused) this.#notice(connection, { code: 'DOC_READ_ONLY', message: `The ${doc} document is read-only for this link.`, event: 'sync' })
    if (outcome.rejected !== undefined) this.#notice(connection, { ...outcome.rejected, event: 'sync' })
    if (outcome.reply === null) return
    if (this.#answersSeen.has(outcome.reply)) this.keptAnswersServed++
    this.#answersSeen.add(outcome.reply)
    this.network.sendToClient(connection, { kind: 'sync', doc, bytes: outcome.reply })
  }

  #notice (connection: FuzzConnection, notice: Notice): void {
    this.trace.add(`server → ${connection.id}: notice ${notice.code}`)
    this.network.sendToClient(connection, { kind: 'notice', notice })
  }

  #broadcast (doc: DocName, bytes: Uint8Array): void {
    for (const connection of this.#links.keys()) {
      if (connection.open) this.network.sendToClient(connection, { kind: 'sync', doc, bytes })
    }
  }

  #sendRequestTexts (texts: readonly RequestText[]): void {
    for (const [connection, link] of this.#links) {
      if (!connection.open) continue
      const readable = texts.filter((text) => link.role === 'chair' || (link.role === 'delegation' && link.delegation === text.delegation))
      if (readable.length > 0) this.network.sendToClient(connection, { kind: 'texts', texts: readable })
    }
  }
}

/** The SQLite store, telling when it compacts a document's log, so a run can tell it went through one. */
class CountingStore extends SqliteStore {
  constructor (file: string, private readonly onCompact: () => void) {
    super(file)
  }

  override compact (...args: Parameters<SqliteStore['compact']>): ReturnType<SqliteStore['compact']> {
    this.onCompact()
    return super.compact(...args)
  }
}

/** Resolves once what the room has queued went out (at once when nothing is queued). */
export function drained (room: MeetingRoom): Promise<void> {
  return new Promise((resolve) => room.afterBroadcast(resolve))
}

/** A command this client sent and has no answer for yet; it goes again, with its id, after a reconnect. */
interface Outstanding {
  readonly id: string
  /** The sends of this command so far; an answer to any of them is its answer. */
  readonly emits: Set<number>
  readonly command: Command
  /** A deliberate reuse of an answered id with another command (a buggy client). */
  readonly reusesId: boolean
}

export interface Answered {
  readonly id: string
  readonly command: Command
  readonly ack: CommandAck
  readonly reusesId: boolean
  /** The room's control state vector when it answered. */
  readonly controlVector: Uint8Array
}

export interface ReplicaOptions {
  /** Mutation switch for checking the fuzz itself: when false, a client that comes back skips its sync step 1. */
  readonly resyncOnReconnect?: boolean
}

/**
 * A client of one link: the real `MeetingReplica` (both documents, the projection, the session, the
 * sync answers), with the transport side of `RostrumClient` played over the seeded network: step 1 of
 * both documents on every connect, local notes changes sent as updates while connected, commands
 * resent with their id until answered, and a reconnect after a notes change was not saved or was
 * over budget (NOTES_RETRY_MS, on the test's clock).
 */
export class FuzzReplica extends MeetingReplica {
  connection: FuzzConnection | null = null
  readonly answered: Answered[] = []
  /** Commands answered ok whose change this replica did not hold when the answer came (read your writes). */
  readonly unreadWrites: string[] = []
  /** Sessions that began while this replica showed a request text the room had since emptied. */
  staleTextsAtSession = 0
  readonly #outstanding = new Map<string, Outstanding>()
  #connects = 0
  #notesRetryAtMs: number | null = null
  #commands = 0
  #emits = 0

  constructor (
    readonly name: string,
    readonly link: LinkData,
    readonly clientId: number,
    readonly network: FuzzNetwork,
    readonly server: FuzzServer,
    readonly trace: Trace,
    readonly options: ReplicaOptions = {}
  ) {
    super()
    // Yjs picks client ids at random; fixing them makes a seed replay exactly.
    this.control.clientID = clientId
    this.notes.clientID = clientId
    this.notes.on('update', (update: Uint8Array, origin: unknown) => {
      const bytes = this.notesUpdateToSend(update, origin)
      if (bytes !== null && this.connection !== null) this.network.sendToServer(this.connection, { kind: 'sync', doc: 'notes', bytes })
    })
  }

  get connected (): boolean {
    return this.connection !== null
  }

  get outstanding (): number {
    return this.#outstanding.size
  }

  get notesRetryDue (): boolean {
    return this.#notesRetryAtMs !== null
  }

  connect (): void {
    if (this.connection !== null) return
    const connection = this.network.open(this.name)
    this.connection = connection
    this.server.accept(connection, this.link)
    const steps = this.connectionOpened()
    if (this.#connects++ === 0 || this.options.resyncOnReconnect !== false) {
      for (const [doc, bytes] of Object.entries(steps)) this.network.sendToServer(connection, { kind: 'sync', doc: doc as DocName, bytes })
    }
    for (const sent of this.#outstanding.values()) this.#emit(sent)
    this.trace.add(`${connection.id} connects${this.#outstanding.size > 0 ? `, resends ${this.#outstanding.size} command(s)` : ''}`)
  }

  /** The connection died (or was closed by the client, `mode` 'late'). */
  lose (mode: 'drop' | 'late'): void {
    if (this.connection === null) return
    this.trace.add(`${this.connection.id} cut (${mode})`)
    this.network.cut(this.connection, mode)
    this.connection = null
    this.connectionLost()
  }

  /** The server cut the connection (a restart): the client notices. */
  noticeCut (): void {
    if (this.connection !== null && !this.connection.open) {
      this.connection = null
      this.connectionLost()
    }
  }

  /** Sends a command; the answer lands in `answered`. */
  send<T extends CommandType> (type: T, payload: CommandPayloads[T]): string {
    const id = `${this.name}-c${++this.#commands}`
    this.#dispatch({ id, command: { type, payload } as Command, reusesId: false, emits: new Set() })
    return id
  }

  /** A buggy client: another command under an id already answered. */
  reuseId (id: string, command: Command): void {
    this.#dispatch({ id, command, reusesId: true, emits: new Set() })
  }

  /** The wait for an answer ran out: the same command, same id, goes again on this connection. */
  retry (): boolean {
    const first = this.#outstanding.values().next()
    if (first.done === true || this.connection === null) return false
    this.trace.add(`${this.name} retries ${first.value.id} ${first.value.command.type}`)
    this.#emit(first.value)
    return true
  }

  #dispatch (sent: Outstanding): void {
    this.#outstanding.set(sent.id, sent)
    this.trace.add(`${this.name} sends ${sent.id} ${sent.command.type}${sent.reusesId ? ' (reused id)' : ''}${this.connection === null ? ' (offline)' : ''}`)
    this.#emit(sent)
  }

  #emit (sent: Outstanding): void {
    if (this.connection === null) return
    const emit = ++this.#emits
    sent.emits.add(emit)
    this.network.sendToServer(this.connection, { kind: 'command', id: sent.id, command: sent.command, emit })
  }

  // MeetingReplica's transport side, which the fuzz plays through `send` and `receive`.
  command<T extends CommandType> (): Promise<CommandAck<T>> {
    throw new Error('the fuzz sends commands with send()')
  }

  protected ping (): Promise<number> {
    return Promise.reject(new Error('no clock pings in the fuzz'))
  }

  protected disconnect (): void {
    this.lose('late')
  }

  /** Moves the client's own timer: a notes retry reconnects once it is due. */
  tick (nowMs: number): void {
    if (this.#notesRetryAtMs === null || nowMs < this.#notesRetryAtMs) return
    this.#notesRetryAtMs = null
    if (this.connection === null) return // the next connect syncs anyway
    this.trace.add(`${this.name} syncs the notes again`)
    this.lose('late')
    this.connect()
  }

  #showsEmptiedText (): boolean {
    const now = this.server.room.state.requests
    return Object.values(this.state?.requests ?? {}).some((request) => (request.note ?? '') !== '' && (now[request.id]?.note ?? '') === '')
  }

  receive (message: ToClient, nowMs: number): void {
    switch (message.kind) {
      case 'session':
        if (this.#showsEmptiedText()) this.staleTextsAtSession++
        this.sessionStarted(message.info)
        return
      case 'texts':
        this.requestTextsReceived(message.texts)
        return
      case 'sync': {
        const answer = this.receiveSync(message.doc, message.bytes)
        if (answer !== null && this.connection !== null) this.network.sendToServer(this.connection, { kind: 'sync', doc: message.doc, bytes: answer })
        return
      }
      case 'notice':
        this.noticeReceived(message.notice)
        if (message.notice.event === 'sync' && (message.notice.code === 'NOTES_NOT_SAVED' || message.notice.code === 'NOTES_QUOTA')) {
          this.#notesRetryAtMs ??= nowMs + NOTES_RETRY_MS[message.notice.code]
        }
        return
      case 'ack': {
        const sent = this.#outstanding.get(message.id)
        // A second answer to a command sent twice, or the answer to an earlier command under a reused id.
        if (sent === undefined || !sent.emits.has(message.emit)) return
        this.#outstanding.delete(message.id)
        this.answered.push({ id: sent.id, command: sent.command, ack: message.ack, reusesId: sent.reusesId, controlVector: message.controlVector })
        this.trace.add(`${this.name} ← ${sent.id} ${message.ack.ok ? 'ok' : message.ack.error.code}`)
        if (message.ack.ok && !dominates(Y.encodeStateVector(this.control), message.controlVector)) this.unreadWrites.push(sent.id)
      }
    }
  }
}

/** Every client's clock in `vector` is at least as far in `having`. */
export function dominates (having: Uint8Array, vector: Uint8Array): boolean {
  const held = Y.decodeStateVector(having)
  for (const [client, clock] of Y.decodeStateVector(vector)) if ((held.get(client) ?? 0) < clock) return false
  return true
}
