import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { MeetingId } from '../../shared/domain/types.ts'

/** Separates the sending node's id from the awareness update in a relayed message. */
const SEPARATOR = 0x0a

/**
 * Awareness (who is editing which statement, among the chairs and note-takers) between nodes: what one
 * node's writers send is published on the meeting's Redis channel, and every node following the meeting
 * hands it to its own writers. Awareness is lossy by nature — a client sends its state again every few
 * seconds — so Redis pub/sub, which keeps nothing, is the right carrier here, unlike for the documents.
 */
export class ClusterAwareness {
  readonly #publisher: Redis
  readonly #subscriber: Redis
  readonly #deps: ClusterAwarenessDeps
  readonly #following = new Set<MeetingId>()
  readonly #nodeTag: Buffer

  constructor (deps: ClusterAwarenessDeps) {
    this.#deps = deps
    this.#nodeTag = Buffer.from(deps.nodeId, 'utf8')
    const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false }
    this.#publisher = new Redis(deps.url, options)
    // The subscriber re-subscribes its channels itself after a reconnect (ioredis' autoResubscribe).
    this.#subscriber = new Redis(deps.url, { ...options, enableOfflineQueue: true })
    for (const connection of [this.#publisher, this.#subscriber]) {
      connection.on('error', (error) => deps.logger.debug({ err: error }, 'awareness: Redis unavailable'))
    }
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#receive(channel.toString('utf8'), message))
  }

  /** A writer of the meeting is connected here: it hears the other nodes' writers from now on. */
  follow (meetingId: MeetingId): void {
    if (this.#following.has(meetingId)) return
    this.#following.add(meetingId)
    this.#subscriber.subscribe(this.#channelOf(meetingId)).catch((error: unknown) => {
      this.#following.delete(meetingId)
      this.#deps.logger.warn({ err: error, meetingId }, 'awareness of other nodes not followed')
    })
  }

  /** An awareness update a writer here sent (checked and passed on to this node's writers already). */
  relay (meetingId: MeetingId, update: Uint8Array): void {
    const message = Buffer.concat([this.#nodeTag, Buffer.of(SEPARATOR), update])
    this.#publisher.publish(this.#channelOf(meetingId), message).catch(() => {
      // Lost, as awareness may be: the client sends its state again within seconds.
    })
  }

  async close (): Promise<void> {
    this.#publisher.disconnect()
    this.#subscriber.disconnect()
  }

  #receive (channel: string, message: Buffer): void {
    const prefix = `${this.#deps.prefix}awareness:`
    if (!channel.startsWith(prefix)) return
    const separator = message.indexOf(SEPARATOR)
    if (separator < 0) return
    // Its own message comes back to the node that sent it; its writers had it already.
    if (message.subarray(0, separator).equals(this.#nodeTag)) return
    this.#deps.deliver(channel.slice(prefix.length) as MeetingId, new Uint8Array(message.subarray(separator + 1)))
  }

  #channelOf (meetingId: MeetingId): string {
    return `${this.#deps.prefix}awareness:${meetingId}`
  }
}

export interface ClusterAwarenessDeps {
  readonly url: string
  readonly prefix: string
  readonly nodeId: string
  readonly logger: Logger
  /** Hands an update another node's writer sent to this node's writers of the meeting. */
  readonly deliver: (meetingId: MeetingId, update: Uint8Array) => void
}
