import type { Answer, IncomingMessage } from '../../server/core/connection.ts'
import { CommandTimeoutError, MeetingReplica, type AwarenessChannel, type CommandOptions } from '../../shared/client/meeting-replica.ts'
import type { CommandPayloads, CommandType } from '../../shared/domain/commands.ts'
import type { ClockPong, CommandAck } from '../../shared/protocol/events.ts'
import type { ServerMessage } from '../../shared/protocol/messages.ts'

/**
 * A clock estimate of three pings, all sent as soon as the documents are in step (MeetingReplica's
 * first estimate): no refinement left for a timer of real time to send later.
 */
const CLOCK_PINGS = 3
/** As RostrumClient's: a ping with no pong by then is given up on. */
const PING_TIMEOUT_MS = 5000
const COMMAND_DEADLINE_MS = 30_000

/** One connection as a replica sees it (tests/support/memory-pair.ts makes them). */
export interface PairLink {
  readonly id: string
  send (message: IncomingMessage, answer?: Answer): void
  hangUp (): void
}

/** What a replica asks of the pair. */
export interface PairNetwork {
  connect (replica: MemoryReplica, hello: { readonly token: string; readonly followNotes: boolean }): PairLink
  /** The test's clock, where this device's clock reads. */
  localNowMs (): number
}

export interface MemoryReplicaOptions {
  /** False for a link that never shows the notes (default true). */
  readonly followNotes?: boolean
}

/** A command not yet acknowledged; it goes again, with its id, on every new connection. */
interface Outstanding {
  readonly envelope: { readonly id: string; readonly type: CommandType; readonly payload: unknown }
  readonly deadlineMs: number
  readonly resolve: (ack: CommandAck) => void
  readonly reject: (error: Error) => void
}

interface PendingPing {
  readonly timeoutAtMs: number
  readonly reject: (error: Error) => void
}

/**
 * A real `MeetingReplica` whose transport is the pair's queues: RostrumClient's transport side played
 * in memory. Step 1 of each followed document on every connect, local notes changes sent while
 * connected, commands resent with their id until acknowledged or past their deadline (on the test's
 * clock), pings answered by the core, and the server's hang-ups read as RostrumClient reads them: a
 * slow consumer comes back at once, anything else is a refusal.
 *
 * Left out: the retry after NOTES_NOT_SAVED or NOTES_QUOTA (the room fuzz plays it).
 */
export class MemoryReplica extends MeetingReplica {
  #link: PairLink | null = null
  /** The handshake of `#link` went through. */
  #open = false
  #droppedAsSlow = false
  #closed = false
  readonly #outstanding = new Set<Outstanding>()
  readonly #pings = new Set<PendingPing>()
  readonly #awarenessListeners = { update: new Set<(update: Uint8Array) => void>(), connect: new Set<() => void>(), disconnect: new Set<() => void>() }
  readonly #awareness: AwarenessChannel

  constructor (readonly name: string, readonly token: string, private readonly network: PairNetwork, options: MemoryReplicaOptions = {}) {
    super(CLOCK_PINGS, options.followNotes)
    const listening = <T>(listeners: Set<T>, listener: T): (() => void) => {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    }
    const { update, connect, disconnect } = this.#awarenessListeners
    const isConnected = (): boolean => this.connected
    this.#awareness = {
      get connected () {
        return isConnected()
      },
      send: (bytes) => { this.#link?.send({ type: 'awareness', message: { ok: true, bytes } }) },
      onUpdate: (listener) => listening(update, listener),
      onConnect: (listener) => listening(connect, listener),
      onDisconnect: (listener) => listening(disconnect, listener)
    }
    this.notes.on('update', (update: Uint8Array, origin: unknown) => {
      const message = this.notesUpdateToSend(update, origin)
      if (message !== null) this.#link?.send({ type: 'sync', doc: 'notes', message: { ok: true, bytes: message } })
    })
  }

  get connected (): boolean {
    return this.#link !== null && this.#open
  }

  override get awareness (): AwarenessChannel {
    return this.#awareness
  }

  /** Opens a connection (the pair's `open` does, once); its handshake waits in the queue. */
  connect (): void {
    if (this.#link !== null || this.#closed) return
    this.#open = false
    this.#link = this.network.connect(this, { token: this.token, followNotes: this.followsNotes })
  }

  /** The connection drops from the client's side (a lost network); `connect` comes back. */
  drop (): void {
    const link = this.#link
    if (link === null) return
    this.#link = null
    link.hangUp()
    this.#lost()
  }

  command<T extends CommandType> (type: T, payload: CommandPayloads[T], options: CommandOptions = {}): Promise<CommandAck<T>> {
    const id = options.id ?? crypto.randomUUID()
    return new Promise((resolve, reject) => {
      const sent: Outstanding = {
        envelope: { id, type, payload },
        deadlineMs: this.network.localNowMs() + (options.deadlineMs ?? COMMAND_DEADLINE_MS),
        // The core answers a command of type T with T's result (CommandResults).
        resolve: (ack) => resolve(ack as CommandAck<T>),
        reject
      }
      this.#outstanding.add(sent)
      if (this.connected) this.#emit(sent)
      else if (this.#closed) this.#giveUp(sent)
    })
  }

  /** The test's clock moved: commands past their deadline and pings past their timeout are given up on. */
  tick (): void {
    const localMs = this.network.localNowMs()
    for (const sent of this.#outstanding) if (sent.deadlineMs <= localMs) this.#giveUp(sent)
    for (const ping of this.#pings) {
      if (ping.timeoutAtMs > localMs) continue
      this.#pings.delete(ping)
      ping.reject(new Error('no pong in time'))
    }
  }

  override close (): void {
    this.#closed = true
    super.close()
    for (const sent of this.#outstanding) this.#giveUp(sent)
  }

  // The pair's side: what arrives on the connection.

  opened (link: PairLink): void {
    if (link !== this.#link) return
    this.#open = true
    const steps = this.connectionOpened()
    for (const doc of ['control', 'notes'] as const) {
      const step = steps[doc]
      if (step !== null) link.send({ type: 'sync', doc, message: { ok: true, bytes: step } })
    }
    for (const sent of this.#outstanding) this.#emit(sent)
    for (const listener of this.#awarenessListeners.connect) listener()
  }

  receive (message: ServerMessage): void {
    switch (message.type) {
      case 'session': return this.sessionStarted(message.info)
      case 'presence': return this.presenceChanged(message.summary)
      case 'request:texts': return this.requestTextsReceived(message.texts)
      case 'notice':
        if (message.notice.code === 'SLOW_CONSUMER') this.#droppedAsSlow = true
        return this.noticeReceived(message.notice)
      case 'sync': {
        const answer = this.receiveSync(message.doc, message.message)
        if (answer !== null) this.#link?.send({ type: 'sync', doc: message.doc, message: { ok: true, bytes: answer } })
        break
      }
      case 'awareness':
        for (const listener of this.#awarenessListeners.update) listener(message.message)
    }
  }

  /** The server hung up: a client too far behind comes back; any other reason is a refusal (a revoked link). */
  hungUpOn (link: PairLink): void {
    if (link !== this.#link) return
    this.#link = null
    this.#lost()
    if (this.#droppedAsSlow) {
      this.#droppedAsSlow = false
      this.connect()
    } else {
      this.connectionRefused()
    }
  }

  /** The handshake was refused (a bad or revoked token): the client does not retry. */
  handshakeRefused (link: PairLink): void {
    if (link !== this.#link) return
    this.#link = null
    this.connectionRefused()
  }

  protected ping (): Promise<number> {
    const link = this.#link
    if (link === null || !this.#open) return Promise.reject(new Error('not connected'))
    return new Promise((resolve, reject) => {
      const pending: PendingPing = { timeoutAtMs: this.network.localNowMs() + PING_TIMEOUT_MS, reject }
      this.#pings.add(pending)
      link.send({ type: 'clock:ping' }, (pong) => {
        if (!this.#pings.delete(pending)) return
        resolve((pong as ClockPong).serverNowMs)
      })
    })
  }

  protected disconnect (): void {
    this.drop()
  }

  protected override localNowMs (): number {
    return this.network.localNowMs()
  }

  #emit (sent: Outstanding): void {
    this.#link?.send({ type: 'command', envelope: sent.envelope }, (ack) => {
      // A second answer to a command sent twice (a reconnect came between) is the same answer.
      if (!this.#outstanding.delete(sent)) return
      sent.resolve(ack as CommandAck)
    })
  }

  #giveUp (sent: Outstanding): void {
    this.#outstanding.delete(sent)
    sent.reject(new CommandTimeoutError(sent.envelope.type, sent.envelope.id))
  }

  #lost (): void {
    this.#open = false
    for (const ping of this.#pings) ping.reject(new Error('the connection closed'))
    this.#pings.clear()
    this.connectionLost()
    for (const listener of this.#awarenessListeners.disconnect) listener()
  }
}
