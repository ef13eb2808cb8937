import type { RequestText } from '../domain/request-text.ts'
import type { ClockPong, CommandAck, CommandEnvelope, DocName, Notice, PresenceSummary, SessionInfo } from './events.ts'

// One message union per direction, whatever carries it: Socket.IO turns each into an event (the
// `type` is the event name), the live link into a JSON text frame or, for `sync`, a binary frame.
// See docs/protocol.md for the lifecycle and the appendix for each transport's framing.

/**
 * The oldest client protocol this server still speaks. A client that says it is older is refused with
 * `PROTOCOL_TOO_OLD` and a close reason: a service worker can keep an old bundle alive for days.
 */
export const MIN_CLIENT_PROTOCOL_VERSION = 1

/** What a client that sends no version speaks: the hello had no `protocolVersion` before version 2. */
export const UNVERSIONED_CLIENT_PROTOCOL = 1

/** What a client says first: Socket.IO's handshake `auth`, or the live link's hello. */
export interface Hello {
  /** The link's token. */
  readonly token: string
  /** The client's `PROTOCOL_VERSION`; absent means `UNVERSIONED_CLIENT_PROTOCOL`. */
  readonly protocolVersion?: number
  /**
   * False for a screen that never shows the notes: it never joins the notes document (no sync step,
   * no updates). Default true.
   */
  readonly followNotes?: boolean
}

/** What a client sends once its hello is accepted. */
export type ClientMessage =
  | { readonly type: 'command'; readonly envelope: CommandEnvelope }
  /** A y-protocols sync message. */
  | { readonly type: 'sync'; readonly doc: DocName; readonly message: Uint8Array }
  /** A y-protocols awareness update (chairs and note-takers only). */
  | { readonly type: 'awareness'; readonly message: Uint8Array }
  | { readonly type: 'clock:ping' }

/** What a client message is answered with, by its type (Socket.IO acks; the live link's `pong`). */
export interface ClientReplies {
  readonly command: CommandAck
  readonly 'clock:ping': ClockPong
}

/** What the server sends. */
export type ServerMessage =
  | { readonly type: 'session'; readonly info: SessionInfo }
  | { readonly type: 'sync'; readonly doc: DocName; readonly message: Uint8Array }
  | { readonly type: 'awareness'; readonly message: Uint8Array }
  | { readonly type: 'presence'; readonly summary: PresenceSummary }
  | { readonly type: 'notice'; readonly notice: Notice }
  /** Requests' free text, to the chair (every request's) and to a delegation (its own) only. */
  | { readonly type: 'request:texts'; readonly texts: readonly RequestText[] }

export type ServerMessageType = ServerMessage['type']
