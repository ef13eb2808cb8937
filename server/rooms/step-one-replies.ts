import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'

/**
 * Distinct answers kept per document. A step 1 that matches none is encoded afresh; the sync rate
 * limit per link bounds how often that can be asked for.
 */
const MAX_CACHED_REPLIES = 4

/**
 * The answers to sync step 1 for one document, kept until it changes. Most clients arrive with
 * nothing, or with what they had before a reconnect, so a room of them joining at once (or one
 * client asking again and again) shares one encoding, and each answer is framed once for all.
 */
export class StepOneReplies {
  /** The document as it is to be served (the room's control document is one of two, see MeetingRoom). */
  readonly #doc: () => Y.Doc
  /** By normalised state vector, oldest first. */
  readonly #replies = new Map<string, Uint8Array>()

  /** Answers read from `doc()`; the caller says when what it serves changes (`clear`). */
  constructor (doc: () => Y.Doc) {
    this.#doc = doc
  }

  /** Answers from `doc`, forgotten whenever it changes. */
  static of (doc: Y.Doc): StepOneReplies {
    const replies = new StepOneReplies(() => doc)
    doc.on('update', () => replies.clear())
    return replies
  }

  /** What is served changed: no kept answer holds any more. */
  clear (): void {
    this.#replies.clear()
  }

  /** The answer to `stateVector` when it is kept already (it costs no encoding), else null. */
  kept (stateVector: Uint8Array): Uint8Array | null {
    return this.#replies.get(keyOf(this.#normalise(Y.decodeStateVector(stateVector)))) ?? null
  }

  /** Sync step 2 with what the document has beyond `stateVector`; the same object while nothing changes. */
  answer (stateVector: Uint8Array): Uint8Array {
    const known = this.#normalise(Y.decodeStateVector(stateVector))
    const key = keyOf(known)
    const cached = this.#replies.get(key)
    if (cached !== undefined) return cached
    const encoder = encoding.createEncoder()
    syncProtocol.writeSyncStep2(encoder, this.#doc(), encodeStateVector(known))
    const reply = encoding.toUint8Array(encoder)
    if (this.#replies.size >= MAX_CACHED_REPLIES) this.#replies.delete(this.#replies.keys().next().value!)
    this.#replies.set(key, reply)
    return reply
  }

  /**
   * What the client has, as far as it changes the answer: clients this document has, each at most at
   * the clock the document has, in a fixed order. A state vector naming unknown clients, or more
   * than exists, asks for the same as one that does not.
   */
  #normalise (claimed: Map<number, number>): Map<number, number> {
    const ours = Y.decodeStateVector(Y.encodeStateVector(this.#doc()))
    const known = new Map<number, number>()
    for (const client of [...claimed.keys()].sort((a, b) => a - b)) {
      const clock = Math.min(claimed.get(client) ?? 0, ours.get(client) ?? 0)
      if (clock > 0) known.set(client, clock)
    }
    return known
  }
}

function keyOf (stateVector: Map<number, number>): string {
  return [...stateVector].map(([client, clock]) => `${client}:${clock}`).join(',')
}

function encodeStateVector (stateVector: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, stateVector.size)
  for (const [client, clock] of stateVector) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, clock)
  }
  return encoding.toUint8Array(encoder)
}
