import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach } from 'vitest'
import { admit, resolveLink } from '../../server/core/admit.ts'
import { ownersPerMeeting } from '../../server/core/awareness-owners.ts'
import { CLOSE, type CloseReason } from '../../server/core/close-reasons.ts'
import { Connection, MAX_SYNC_BYTES, type Answer, type CoreDeps, type IncomingMessage } from '../../server/core/connection.ts'
import { LinkBudgets } from '../../server/core/link-budgets.ts'
import { PRESENCE_INTERVAL_MS, PresenceTracker } from '../../server/core/presence.ts'
import { RoomMembers } from '../../server/core/room-members.ts'
import { SharedEncodings } from '../../server/core/shared-encodings.ts'
import type { Transport } from '../../server/core/transport.ts'
import { createMeeting, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import { ServerMetrics } from '../../server/metrics.ts'
import { RoomRegistry } from '../../server/rooms/room-registry.ts'
import { SqliteStore } from '../../server/store/sqlite-store.ts'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import type { ServerMessage } from '../../shared/protocol/messages.ts'
import { PROTOCOL_VERSION } from '../../shared/protocol/events.ts'
import { TestClock } from './fuzz-room.ts'
import { memoryKind } from './memory-transport.ts'
import { MemoryReplica, type MemoryReplicaOptions, type PairNetwork, type PairLink } from './memory-replica.ts'
import { smallMeeting } from './meetings.ts'

export { MemoryReplica } from './memory-replica.ts'

// tldraw's TestServer and TestSocketPair, for Rostrum: the real connection core, registry and
// MeetingRoom over a real SQLite file, and clients that are real MeetingReplicas. Between them are
// queues that only the test empties (`flush`, `step`), and a clock that only the test moves
// (`advance`): the server's, the replicas' own and the sessions' clock readings. No port, no socket,
// no real time: what a test sees depends on the order it chose, never on a busy machine.

/** A monday in November 2026, mid-morning in New York: inside the default room hours. */
const START_MS = Date.UTC(2026, 10, 30, 15, 0)
/** Rounds of delivery without going quiet before `flush` gives up (a loop between client and server). */
const MAX_ROUNDS = 10_000

export interface PairOptions {
  /** The server clock's start, epoch ms. */
  readonly nowMs?: number
  /** How far the server's clock is ahead of the replicas' (what their clock estimate should find). */
  readonly serverAheadMs?: number
}

/** One message on its way, in either direction. */
interface Delivery {
  readonly label: string
  /** Hands it over; returns the server's work it started, if any. */
  readonly deliver: () => Promise<void> | undefined
}

/** The server end of one connection: what the core sends goes into the pair's queue. */
class PairTransport implements Transport<ServerMessage> {
  readonly kind = memoryKind

  constructor (
    readonly id: string,
    private readonly onSend: (message: ServerMessage) => void,
    private readonly onClose: (reason: CloseReason) => void
  ) {}

  send (message: ServerMessage): void {
    this.onSend(message)
  }

  batch (sends: () => void): void {
    sends()
  }

  /** Nothing waits unread: the queue is the test's, not a client's that stopped reading. */
  bufferedBytes (): number {
    return 0
  }

  close (reason: CloseReason): void {
    this.onClose(reason)
  }
}

/** One connection between a replica and the core, from its handshake to its end. */
class Link implements PairLink {
  /** The core's connection, once the handshake was delivered; null when it was refused. */
  opening: Promise<Connection | null> | null = null
  connection: Connection | null = null
  /** The replica hung up: what is still on its way to it is never read. */
  hungUp = false
  /** The server hung up: it writes nothing more. */
  serverClosed = false

  constructor (
    readonly id: string,
    readonly replica: MemoryReplica,
    /** Puts what the replica sends, or its hang-up, in the pair's queue. */
    private readonly toServer: { send (link: Link, message: IncomingMessage, answer?: Answer): void; hangUp (link: Link): void }
  ) {}

  send (message: IncomingMessage, answer?: Answer): void {
    this.toServer.send(this, message, answer)
  }

  hangUp (): void {
    if (this.hungUp) return
    this.hungUp = true
    this.toServer.hangUp(this)
  }
}

/**
 * The in-memory server of one meeting and its clients. Each test starts its own (`useMemoryPairs`),
 * opens replicas with the meeting's tokens, and moves messages and time by hand.
 */
export class MemoryPair implements PairNetwork {
  readonly clock: TestClock
  readonly members = new RoomMembers()
  readonly #queue: Delivery[] = []
  readonly #replicas = new Set<MemoryReplica>()
  readonly #tickers = new Set<() => void>()
  readonly #failures: unknown[] = []
  readonly #deps: CoreDeps
  readonly #presence: PresenceTracker
  /** How far the server's clock is ahead of the replicas'; a test may set it (the server's clock jumped). */
  serverAheadMs: number
  #inFlight = 0
  #connections = 0
  #sincePresenceMs = 0

  private constructor (
    readonly store: SqliteStore,
    readonly dataDir: string,
    readonly meeting: CreatedMeeting,
    clock: TestClock,
    options: PairOptions
  ) {
    this.clock = clock
    this.serverAheadMs = options.serverAheadMs ?? 0
    const logger = pino({ level: 'silent' })
    const members = this.members
    const registry = new RoomRegistry({
      store,
      clock,
      logger,
      broadcast: (meetingId, doc, message) => members.publish(meetingId, doc, { type: 'sync', doc, message }),
      sendRequestTexts: (meetingId, texts) => members.publishRequestTexts(meetingId, texts)
    })
    // No timer of its own: the summary goes out as the test's clock passes each interval.
    this.#presence = new PresenceTracker((meetingId, summary) => members.publish(meetingId, 'control', { type: 'presence', summary }), null)
    this.#deps = {
      registry,
      clock,
      logger,
      presence: this.#presence,
      budgets: new LinkBudgets(() => clock.now()),
      members,
      awarenessOwners: ownersPerMeeting(),
      shared: new SharedEncodings(),
      metrics: new ServerMetrics()
    }
  }

  /** A server holding one meeting (a small one unless told), on a fresh SQLite file. */
  static async start (description: MeetingDescription = smallMeeting(), options: PairOptions = {}): Promise<MemoryPair> {
    const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-pair-'))
    const store = new SqliteStore(join(dataDir, 'rostrum.db'))
    const clock = new TestClock(options.nowMs ?? START_MS)
    const meeting = await createMeeting(description, { store, clock })
    return new MemoryPair(store, dataDir, meeting, clock, options)
  }

  get nowMs (): number {
    return this.clock.nowMs
  }

  /** A replica of the link `token` opens; its handshake waits in the queue like everything else. */
  open (token: string, options: MemoryReplicaOptions = {}): MemoryReplica {
    const replica = new MemoryReplica(`client-${this.#replicas.size + 1}`, token, this, options)
    this.#replicas.add(replica)
    replica.connect()
    return replica
  }

  /** For `MeetingSessionOptions.ticker`: the sessions' clock readings refresh when `advance` moves the clock. */
  readonly ticker = (tick: () => void): (() => void) => {
    this.#tickers.add(tick)
    return () => { this.#tickers.delete(tick) }
  }

  /**
   * Moves every clock by `ms`: the server's, the replicas' (their command deadlines and ping timeouts
   * fall due) and the sessions' readings. The presence summary goes out once per interval passed.
   * Nothing is delivered: what this sends waits for the next flush.
   */
  advance (ms: number): void {
    this.clock.nowMs += ms
    this.#sincePresenceMs += ms
    if (this.#sincePresenceMs >= PRESENCE_INTERVAL_MS) {
      this.#sincePresenceMs %= PRESENCE_INTERVAL_MS
      this.#presence.publishChanged()
    }
    for (const replica of this.#replicas) replica.tick()
    for (const tick of this.#tickers) tick()
  }

  /** The replicas' local clock: the server's, less how far it is ahead. */
  localNowMs (): number {
    return this.clock.nowMs - this.serverAheadMs
  }

  /** What waits to be delivered, oldest first. */
  pending (): string[] {
    return this.#queue.map((delivery) => delivery.label)
  }

  /**
   * Delivers everything, in the order sent, until nothing is on its way and the server has nothing
   * left to do (its store's answers, the room's merged broadcast, what those send in turn).
   */
  async flush (): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      while (this.#queue.length > 0) void this.#deliverNext()
      // A turn of the event loop: the store's promises settle, the room broadcasts what it merged.
      await turn()
      if (this.#queue.length === 0 && this.#inFlight === 0) {
        await turn()
        if (this.#queue.length === 0 && this.#inFlight === 0) {
          this.#rethrow()
          return
        }
      }
    }
    throw new Error(`the pair never went quiet; still on its way: ${this.pending().slice(0, 10).join('; ')}`)
  }

  /** Delivers the oldest message alone and waits for the server's work on it; null when nothing waits. */
  async step (): Promise<string | null> {
    const next = this.#queue[0]
    if (next === undefined) return null
    await this.#deliverNext()
    await turn()
    this.#rethrow()
    return next.label
  }

  /**
   * Flushes, then gives what `action` settled with (a value that is no promise, as it is); throws if
   * it is still pending once all is quiet.
   */
  async settle<T> (action: T | Promise<T>): Promise<T> {
    const promise = Promise.resolve(action)
    let settled = false
    promise.then(() => { settled = true }, () => { settled = true })
    await this.flush()
    if (!settled) throw new Error('still pending after the pair went quiet: nothing it waits for is on its way')
    return await promise
  }

  /**
   * Revokes the link `token` opens and hangs up on its connections, as the links API does
   * (server/http/links.ts: the store, then `disconnectTokens`).
   */
  async revoke (token: string): Promise<void> {
    const lookup = await resolveLink(this.store, token)
    if (!lookup.ok) throw new Error(lookup.message)
    const { meetingId, role, delegation } = lookup.link
    const hashes = await this.store.revokeTokens(meetingId, role, delegation, this.clock.now())
    for (const member of this.members.withTokens(hashes)) member.close(CLOSE.revoked)
  }

  close (): void {
    for (const replica of this.#replicas) replica.close()
    this.#tickers.clear()
    this.#presence.close()
    this.#deps.metrics.close()
    this.store.close()
    rmSync(this.dataDir, { recursive: true, force: true })
  }

  /** A replica opens a connection: its handshake waits in the queue. */
  connect (replica: MemoryReplica, hello: { readonly token: string; readonly followNotes: boolean }): PairLink {
    const link = new Link(`${replica.name}#${++this.#connections}`, replica, {
      send: (from, message, answer) => this.#toServer(from, message, answer),
      hangUp: (from) => this.#hungUp(from)
    })
    this.#enqueue(`server ← ${link.id}: handshake`, () => {
      link.opening = this.#track(this.#handshake(link, hello))
      return link.opening.then(() => undefined)
    })
    return link
  }

  #toServer (link: Link, message: IncomingMessage, answer?: Answer): void {
    // What a Socket.IO client sends arrives base64 and is measured against the limit; here it is bytes already.
    const decoded = message.type === 'sync' && message.message.ok && message.message.bytes.byteLength > MAX_SYNC_BYTES
      ? { ...message, message: { ok: false as const, reason: 'too-large' as const } }
      : message
    const reply: Answer | undefined = answer === undefined
      ? undefined
      : (value) => this.#toClient(link, `ack of ${message.type}`, () => answer(value))
    this.#enqueue(`server ← ${link.id}: ${message.type}`, () => this.#track((async () => {
      const connection = await link.opening
      await connection?.receive(decoded, reply)
    })()))
  }

  #hungUp (link: Link): void {
    this.#enqueue(`server ← ${link.id}: hung up`, () => this.#track((async () => {
      const connection = await link.opening
      connection?.closed()
    })()))
  }

  async #handshake (link: Link, hello: { readonly token: string; readonly followNotes: boolean }): Promise<Connection | null> {
    // As the Socket.IO adapter: a handshake refused is told to the client, and nothing opens.
    const admitted = await admit(this.store, { token: hello.token, protocolVersion: PROTOCOL_VERSION, followNotes: hello.followNotes }, 'connect')
    if (!admitted.ok) {
      this.#toClient(link, 'handshake refused', () => link.replica.handshakeRefused(link))
      return null
    }
    // The client hears it is connected before the core has even looked its meeting up.
    this.#toClient(link, 'connected', () => link.replica.opened(link))
    const transport = new PairTransport(link.id, (message) => {
      if (!link.serverClosed) this.#toClient(link, message.type, () => link.replica.receive(message))
    }, (reason) => this.#serverClose(link, reason))
    const connection = await Connection.open(transport, admitted.admission, this.#deps)
    link.connection = connection
    // It hung up while its meeting was looked up.
    if (connection !== null && link.hungUp) connection.closed()
    return connection
  }

  /** As the Socket.IO transport closes: a notice saying why, then the server hangs up; the connection leaves. */
  #serverClose (link: Link, reason: CloseReason): void {
    if (link.serverClosed) return
    const notice = { code: reason.code, message: reason.message, event: reason.event }
    this.#toClient(link, `notice ${reason.code}`, () => link.replica.receive({ type: 'notice', notice }))
    link.serverClosed = true
    this.#toClient(link, 'server hung up', () => link.replica.hungUpOn(link))
    link.connection?.closed()
  }

  #toClient (link: Link, what: string, deliver: () => void): void {
    this.#enqueue(`${link.id} ← ${what}`, () => {
      if (!link.hungUp) deliver()
      return undefined
    })
  }

  #enqueue (label: string, deliver: () => Promise<void> | undefined): void {
    this.#queue.push({ label, deliver })
  }

  async #deliverNext (): Promise<void> {
    const next = this.#queue.shift()
    if (next === undefined) return
    try {
      await next.deliver()
    } catch (error) {
      this.#failures.push(error)
    }
  }

  /** Counts the server's work until it settles, so a flush waits for it. */
  #track<T> (work: Promise<T>): Promise<T> {
    this.#inFlight++
    return work.finally(() => { this.#inFlight-- })
  }

  #rethrow (): void {
    const failure = this.#failures.shift()
    if (failure !== undefined) throw failure
  }
}

function turn (): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Starts pairs inside tests and closes them (their replicas too) after each. */
export function useMemoryPairs () {
  const started: MemoryPair[] = []
  afterEach(() => { for (const pair of started.splice(0)) pair.close() })
  return async (description?: MeetingDescription, options?: PairOptions): Promise<MemoryPair> => {
    const pair = await MemoryPair.start(description, options)
    started.push(pair)
    return pair
  }
}
