import type { Notice, PresenceSummary, SessionInfo } from './events.ts'
import { DOC_NAMES, type DocName } from './events.ts'

// The live link: a plain WebSocket for the screens that only watch (the public link, and any link
// opened read-only). A room of hundreds of them is the server's hot path, so the wire is as lean as
// y-websocket's: each document update arrives as one binary frame, [document][y-protocols sync
// message], with no Socket.IO packet around it and no base64. The few other messages are JSON text.

/** Where the live link is served, beside Socket.IO's /socket.io/. */
export const LIVE_PATH = '/live'

/** The largest frame a live client may send: a hello with two state vectors fits many times over. */
export const MAX_LIVE_CLIENT_FRAME = 64 * 1024

/**
 * A client that has not said hello by then is closed; a Socket.IO connection that has not joined
 * with a valid token by then is closed too (its `connectTimeout`, 45 s by default).
 */
export const LIVE_HELLO_TIMEOUT_MS = 10_000

/** WebSocket close codes (4000–4999 are the application's) for a live link the server ends. */
export const LIVE_CLOSE = {
  /** The token is missing, unknown or revoked: do not retry with it. */
  unauthorized: 4401,
  /** The meeting no longer exists: do not retry. */
  meetingNotFound: 4404,
  /** No hello in time, or a first message that is not one. */
  noHello: 4400,
  /** Too many connections from this address, or without a token; retrying later may work. */
  tooManyConnections: 4429,
  /** The client did not read what it was sent and fell too far behind; reconnecting starts afresh. */
  slowConsumer: 4408,
  /** The client speaks an older protocol than the server's minimum (`PROTOCOL_TOO_OLD`): reload the page. */
  protocolTooOld: 4426
} as const

/** Close codes after which a client should give up rather than reconnect. */
export const LIVE_FINAL_CLOSE_CODES: readonly number[] = [LIVE_CLOSE.unauthorized, LIVE_CLOSE.meetingNotFound, LIVE_CLOSE.protocolTooOld]

/** What a live client sends: one hello first, then clock pings (validated by `liveClientMessageSchema`). */
export type LiveClientMessage =
  | {
    readonly type: 'hello'
    /** The link's token. */
    readonly token: string
    /** The client's PROTOCOL_VERSION (absent before version 2). */
    readonly protocolVersion?: number
    /** False for a screen that never shows the notes: then `notes` is left out and no notes arrive. */
    readonly followNotes?: boolean
    /** Each document's y-protocols sync step 1 (its state vector), base64: the reply holds only what is missing. */
    readonly control: string
    readonly notes?: string
  }
  | { readonly type: 'ping'; readonly id: number }

/** What the server sends as JSON text; document updates come as binary frames (see `encodeLiveSync`). */
export type LiveServerMessage =
  | ({ readonly type: 'session' } & SessionInfo)
  | ({ readonly type: 'presence' } & PresenceSummary)
  | ({ readonly type: 'notice' } & Notice)
  | { readonly type: 'pong'; readonly id: number; readonly serverNowMs: number }

/** One binary frame: the document's index in DOC_NAMES, then the y-protocols sync message. */
export function encodeLiveSync (doc: DocName, message: Uint8Array): Uint8Array {
  const frame = new Uint8Array(message.byteLength + 1)
  frame[0] = DOC_NAMES.indexOf(doc)
  frame.set(message, 1)
  return frame
}

export function decodeLiveSync (frame: Uint8Array): { readonly doc: DocName; readonly message: Uint8Array } | null {
  const doc = DOC_NAMES[frame[0] ?? -1]
  if (doc === undefined || frame.byteLength < 2) return null
  return { doc, message: frame.subarray(1) }
}
