import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import * as syncProtocol from 'y-protocols/sync'

// A deterministic in-memory network for one notes document, shaped like Rostrum's sync:
// a hub (the server's room) and note-takers, each on its own link to the hub. It speaks the
// y-protocols messages the real server and client exchange:
//   - a note-taker sends each local update to the hub; while its link is down it keeps it;
//   - the hub applies what writers send and relays what changed, merged, to every link (the
//     sender included), as `MeetingRoom` does once per event-loop turn;
//   - on (re)connect both sides send sync step 1 and answer the other's with step 2, as
//     `RostrumClient#onConnect` and `server/socket/connection.ts` do.
// The network misbehaves: messages on a link are delivered in any order, some twice, and a link
// can go down — losing what is in flight (a dead socket) or holding it until it heals (a stalled
// one). Every choice comes from one seeded PRNG, so a seed replays the same run.

/** Origin of updates a note-taker received, so it does not send them back (as the client does). */
export const REMOTE = Symbol('remote')

type Direction = 'to-hub' | 'to-peer'
export type PartitionMode = 'drop' | 'hold'

interface Message {
  readonly direction: Direction
  readonly bytes: Uint8Array
}

export interface SimLink {
  readonly peer: Y.Doc
  up: boolean
  /** How the current (or last) partition treats traffic. */
  mode: PartitionMode
  downSince: number
  readonly inFlight: Message[]
}

export interface NetworkStats {
  delivered: number
  duplicated: number
  /** Deliveries that picked a message other than the oldest on its link. */
  reordered: number
  dropped: number
  partitions: number
  hubFlushes: number
  /** Step 1s with an empty state vector (joining note-takers) answered from the hub's cached full state. */
  cachedFullStateReplies: number
  /** The most network events any one link spent down. */
  longestPartition: number
}

export interface NetworkOptions {
  /** Mutation switch for checking the fuzz itself: when false, a healed link does not re-sync. */
  readonly resyncOnReconnect?: boolean
}

export class SimNetwork {
  readonly hub = new Y.Doc()
  readonly links: SimLink[] = []
  readonly stats: NetworkStats = {
    delivered: 0, duplicated: 0, reordered: 0, dropped: 0, partitions: 0, hubFlushes: 0, cachedFullStateReplies: 0, longestPartition: 0
  }

  readonly #gen: prng.PRNG
  readonly #resyncOnReconnect: boolean
  /** Updates the hub applied since its last relay, merged into one message on flush. */
  #outbox: Uint8Array[] = []
  /** Step 2 for a peer that holds nothing, kept until the hub's document changes (as the server does). */
  #fullState: Uint8Array | null = null
  #events = 0

  constructor (gen: prng.PRNG, peers: readonly Y.Doc[], options: NetworkOptions = {}) {
    this.#gen = gen
    this.#resyncOnReconnect = options.resyncOnReconnect ?? true
    this.hub.on('update', (update: Uint8Array) => {
      this.#fullState = null
      this.#outbox.push(update)
    })
    for (const peer of peers) this.join(peer)
  }

  /** Connects a note-taker (at the start, or joining late) on a new link. */
  join (peer: Y.Doc): SimLink {
    const link: SimLink = { peer, up: true, mode: 'drop', downSince: 0, inFlight: [] }
    peer.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return
      // The client sends only while connected; a stalled link still takes messages and holds them.
      if (!link.up && link.mode === 'drop') return
      this.#send(link, 'to-hub', updateMessage(update))
    })
    this.links.push(link)
    this.#connect(link)
    return link
  }

  /** One random network event: a delivery (maybe out of order, maybe twice), a relay, a partition or a heal. */
  step (): void {
    this.#events++
    const roll = prng.uint32(this.#gen, 0, 99)
    const up = this.links.filter((l) => l.up)
    const down = this.links.filter((l) => !l.up)
    if (roll < 4 && up.length > 0) this.partition(prng.oneOf(this.#gen, up), prng.bool(this.#gen) ? 'drop' : 'hold')
    else if (roll < 9 && down.length > 0) this.heal(prng.oneOf(this.#gen, down))
    else if (roll < 25 && this.#outbox.length > 0) this.flushHub()
    else this.#deliverRandom(roll < 35)
  }

  partition (link: SimLink, mode: PartitionMode): void {
    if (!link.up) return
    link.up = false
    link.mode = mode
    link.downSince = this.#events
    this.stats.partitions++
    if (mode === 'drop') {
      this.stats.dropped += link.inFlight.length
      link.inFlight.length = 0
    }
  }

  /** Brings a link back up; both ends then re-sync as a reconnecting client and the server do. */
  heal (link: SimLink): void {
    if (link.up) return
    link.up = true
    this.stats.longestPartition = Math.max(this.stats.longestPartition, this.#events - link.downSince)
    if (this.#resyncOnReconnect) this.#connect(link)
  }

  /** The hub relays everything it applied since the last relay as one merged update to every link. */
  flushHub (): void {
    if (this.#outbox.length === 0) return
    const merged = this.#outbox.length === 1 ? this.#outbox[0]! : Y.mergeUpdates(this.#outbox)
    this.#outbox = []
    this.stats.hubFlushes++
    for (const link of this.links) this.#send(link, 'to-peer', updateMessage(merged))
  }

  /** Heals every link and delivers everything (still in random order) until nothing is left to send. */
  settle (maxDeliveries = 100_000): void {
    for (const link of this.links) this.heal(link)
    for (let i = 0; i < maxDeliveries; i++) {
      const pending = this.links.some((l) => l.inFlight.length > 0)
      if (!pending && this.#outbox.length === 0) return
      if (this.#outbox.length > 0 && (!pending || prng.bool(this.#gen))) this.flushHub()
      else this.#deliverRandom(false)
    }
    throw new Error(`the network did not settle within ${maxDeliveries} deliveries`)
  }

  #connect (link: SimLink): void {
    this.#send(link, 'to-hub', syncStep1(link.peer))
    // The server asks a writer for what it changed while offline.
    this.#send(link, 'to-peer', syncStep1(this.hub))
  }

  #send (link: SimLink, direction: Direction, bytes: Uint8Array): void {
    if (!link.up && link.mode === 'drop') {
      this.stats.dropped++
      return
    }
    link.inFlight.push({ direction, bytes })
  }

  #deliverRandom (duplicate: boolean): void {
    const ready = this.links.filter((l) => l.up && l.inFlight.length > 0)
    if (ready.length === 0) return
    const link = prng.oneOf(this.#gen, ready)
    const index = prng.uint32(this.#gen, 0, link.inFlight.length - 1)
    const message = link.inFlight[index]!
    if (duplicate) this.stats.duplicated++
    else link.inFlight.splice(index, 1)
    if (index > 0) this.stats.reordered++
    this.stats.delivered++
    if (message.direction === 'to-hub') this.#hubReceives(link, message.bytes)
    else this.#peerReceives(link, message.bytes)
  }

  /** As `MeetingRoom.receiveSync` for a writer: answer step 1, apply step 2 and updates. */
  #hubReceives (link: SimLink, bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes)
    const type = decoding.readVarUint(decoder)
    if (type === syncProtocol.messageYjsSyncStep1) {
      this.#send(link, 'to-peer', isEmptyStateVector(bytes) ? this.#fullStateMessage() : syncStep2Reply(decoder, this.hub))
      return
    }
    syncProtocol.readUpdate(decoder, this.hub, link, rethrow)
  }

  /** As `RostrumClient#onSync` for a note-taker: apply, and answer the hub's step 1. */
  #peerReceives (link: SimLink, bytes: Uint8Array): void {
    const encoder = encoding.createEncoder()
    syncProtocol.readSyncMessage(decoding.createDecoder(bytes), encoder, link.peer, REMOTE, rethrow)
    if (encoding.length(encoder) > 0) this.#send(link, 'to-hub', encoding.toUint8Array(encoder))
  }

  #fullStateMessage (): Uint8Array {
    if (this.#fullState !== null) {
      this.stats.cachedFullStateReplies++
      return this.#fullState
    }
    const encoder = encoding.createEncoder()
    syncProtocol.writeSyncStep2(encoder, this.hub)
    this.#fullState = encoding.toUint8Array(encoder)
    return this.#fullState
  }
}

function updateMessage (update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

function syncStep1 (doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** Reads the rest of a step 1 (its state vector) and answers with step 2. */
function syncStep2Reply (decoder: decoding.Decoder, doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  syncProtocol.readSyncStep1(decoder, encoder, doc)
  return encoding.toUint8Array(encoder)
}

function isEmptyStateVector (message: Uint8Array): boolean {
  return message.byteLength === 3 && message[0] === 0 && message[1] === 1 && message[2] === 0
}

function rethrow (error: Error): never {
  throw error
}
