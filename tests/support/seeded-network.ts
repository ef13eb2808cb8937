import * as prng from 'lib0/prng'

// An in-memory network between one server and its clients in which the test decides, from one
// seeded PRNG, when each message is delivered, so a seed replays a run exactly. It misbehaves the
// ways a Socket.IO link can:
//   - each connection carries its messages in order, as one WebSocket does; what reorders is
//     everything else: connections, and the two directions of one, overtake one another freely;
//   - a message may be delivered twice (a re-delivery the receiver must shrug off);
//   - a connection can stall (nothing moves either way until it resumes, nothing is lost);
//   - a connection can be cut: what was on its way to the client is lost, and what was on its way
//     to the server is lost too ('drop', a dead socket) or arrives late ('late': the server reads a
//     half-closed socket's last messages after the client has already come back on a new one).
// A client that comes back opens a new connection; the network never reconnects anyone.

export type CutMode = 'drop' | 'late'
export type Direction = 'to-server' | 'to-client'

export interface NetworkStats {
  delivered: number
  duplicated: number
  /** Deliveries that overtook an older message still in flight on another connection or direction. */
  reordered: number
  dropped: number
  /** Messages read by the server from a connection already cut. */
  late: number
  cuts: number
  stalls: number
  /** The most deliveries any connection spent stalled. */
  longestStall: number
}

interface InFlight<T> {
  readonly message: T
  /** Send order across the whole network, to tell a reordered delivery. */
  readonly seq: number
}

export class Connection<ToServer, ToClient> {
  open = true
  stalledSince: number | null = null
  readonly toServer: InFlight<ToServer>[] = []
  readonly toClient: InFlight<ToClient>[] = []

  /** `id` names the client and which of its connections this is, for the trace. */
  constructor (readonly id: string, readonly owner: string) {}
}

export interface Delivery<ToServer, ToClient> {
  readonly connection: Connection<ToServer, ToClient>
  readonly message: { readonly to: 'server'; readonly body: ToServer } | { readonly to: 'client'; readonly body: ToClient }
  readonly duplicate: boolean
  /** Read by the server from a connection that was cut. */
  readonly late: boolean
}

export class SeededNetwork<ToServer, ToClient> {
  readonly gen: prng.PRNG
  readonly stats: NetworkStats = { delivered: 0, duplicated: 0, reordered: 0, dropped: 0, late: 0, cuts: 0, stalls: 0, longestStall: 0 }
  /** Every connection with something still to deliver, open or cut. */
  readonly #connections = new Set<Connection<ToServer, ToClient>>()
  readonly #opened = new Map<string, number>()
  #seq = 0

  constructor (seed: number) {
    this.gen = prng.create(seed)
  }

  open (owner: string): Connection<ToServer, ToClient> {
    const count = (this.#opened.get(owner) ?? 0) + 1
    this.#opened.set(owner, count)
    const connection = new Connection<ToServer, ToClient>(`${owner}#${count}`, owner)
    this.#connections.add(connection)
    return connection
  }

  /** Queues a message from the client; on a cut connection it never leaves. */
  sendToServer (connection: Connection<ToServer, ToClient>, message: ToServer): void {
    if (!connection.open) this.stats.dropped++
    else connection.toServer.push({ message, seq: this.#seq++ })
  }

  sendToClient (connection: Connection<ToServer, ToClient>, message: ToClient): void {
    if (!connection.open) this.stats.dropped++
    else connection.toClient.push({ message, seq: this.#seq++ })
  }

  cut (connection: Connection<ToServer, ToClient>, mode: CutMode): void {
    if (!connection.open) return
    this.resume(connection)
    connection.open = false
    this.stats.cuts++
    this.stats.dropped += connection.toClient.length
    connection.toClient.length = 0
    if (mode === 'drop') {
      this.stats.dropped += connection.toServer.length
      connection.toServer.length = 0
    }
    if (connection.toServer.length === 0) this.#connections.delete(connection)
  }

  stall (connection: Connection<ToServer, ToClient>): void {
    if (!connection.open || connection.stalledSince !== null) return
    connection.stalledSince = this.stats.delivered
    this.stats.stalls++
  }

  resume (connection: Connection<ToServer, ToClient>): void {
    if (connection.stalledSince === null) return
    this.stats.longestStall = Math.max(this.stats.longestStall, this.stats.delivered - connection.stalledSince)
    connection.stalledSince = null
  }

  resumeAll (): void {
    for (const connection of this.#connections) this.resume(connection)
  }

  get inFlight (): number {
    let count = 0
    for (const connection of this.#connections) count += connection.toServer.length + connection.toClient.length
    return count
  }

  /**
   * Picks a connection and direction with something ready and takes the oldest message there, or
   * null when nothing can move. With `duplicate` the message stays queued and comes again later.
   */
  next ({ duplicate = false, to }: { duplicate?: boolean; to?: 'server' | 'client' } = {}): Delivery<ToServer, ToClient> | null {
    const ready: [Connection<ToServer, ToClient>, Direction][] = []
    for (const connection of this.#connections) {
      if (connection.stalledSince !== null) continue
      if (to !== 'client' && connection.toServer.length > 0) ready.push([connection, 'to-server'])
      if (to !== 'server' && connection.open && connection.toClient.length > 0) ready.push([connection, 'to-client'])
    }
    if (ready.length === 0) return null
    const [connection, direction] = prng.oneOf(this.gen, ready)
    const queue: InFlight<ToServer | ToClient>[] = direction === 'to-server' ? connection.toServer : connection.toClient
    const head = queue[0]!
    if (ready.some(([other, way]) => (way === 'to-server' ? other.toServer : other.toClient)[0]!.seq < head.seq)) this.stats.reordered++
    if (duplicate) this.stats.duplicated++
    else queue.shift()
    if (!connection.open && connection.toServer.length === 0) this.#connections.delete(connection)
    this.stats.delivered++
    const late = !connection.open
    if (late) this.stats.late++
    const message = direction === 'to-server'
      ? { to: 'server' as const, body: head.message as ToServer }
      : { to: 'client' as const, body: head.message as ToClient }
    return { connection, message, duplicate, late }
  }
}
