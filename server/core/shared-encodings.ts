import type { DocName } from '../../shared/protocol/events.ts'
import type { TransportKind } from './transport.ts'

/**
 * A document's full state, encoded once per version and transport kind rather than once per joining
 * client (a day's notes are hundreds of kilobytes, and a room of screens opens together); an encoding
 * is dropped with the reply it encodes, which the room replaces when the document changes.
 */
export class SharedEncodings {
  readonly #byKind = new Map<TransportKind, WeakMap<Uint8Array, unknown>>()

  encode (kind: TransportKind, doc: DocName, reply: Uint8Array): unknown {
    let encodings = this.#byKind.get(kind)
    if (encodings === undefined) this.#byKind.set(kind, encodings = new WeakMap())
    let encoded = encodings.get(reply)
    if (encoded === undefined) encodings.set(reply, encoded = kind.encode({ type: 'sync', doc, message: reply }))
    return encoded
  }
}
