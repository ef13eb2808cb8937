import type { ServerMessage } from '../../shared/protocol/messages.ts'
import type { CloseReason } from './close-reasons.ts'

/**
 * One kind of transport (Socket.IO, the live link, a test's memory pipe). A message many connections
 * get alike — a document update to a room of hundreds of screens — is encoded once per kind and the
 * same bytes written to each connection of that kind.
 */
export interface TransportKind<Encoded = unknown> {
  readonly name: string
  encode (message: ServerMessage): Encoded
}

/**
 * What the connection core needs of one client connection: it only moves bytes. Everything that
 * decides (who the client is, what it may do, what it hears) lives in the core.
 */
export interface Transport<Encoded = unknown> {
  readonly kind: TransportKind<Encoded>
  /** Unique among open connections; names the connection in logs and awareness ownership. */
  readonly id: string
  /** Writes what `kind.encode` made, in order after everything sent before. */
  send (encoded: Encoded): void
  /** Several sends that should leave together (the session and both documents of a joiner). */
  batch (sends: () => void): void
  /** Bytes queued for this client and not yet written to its network: past a bound it is not reading. */
  bufferedBytes (): number
  /** Says why (a notice), then ends the connection; a slow consumer is cut once it stops reading. */
  close (reason: CloseReason): void
}
