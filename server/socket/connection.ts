import type { Logger } from 'pino'
import { decodeWire } from '../../shared/protocol/wire.ts'
import { Connection, MAX_AWARENESS_BYTES, MAX_SYNC_BYTES, type Answer, type CoreDeps, type IncomingMessage } from '../core/connection.ts'
import type { TransportKind } from '../core/transport.ts'
import type { HelloGate } from '../core/hello-gate.ts'
import { SocketTransport, type EncodedEvent } from './socket-transport.ts'
import type { RostrumSocket } from './types.ts'

export interface SocketAdapterDeps {
  readonly core: CoreDeps
  readonly kind: TransportKind<EncodedEvent>
  readonly gate: HelloGate
  readonly logger: Logger
}

/**
 * The Socket.IO adapter: a socket that passed the handshake (server/socket/authenticate.ts) becomes a
 * core connection; its events become the core's messages and its acks the core's answers.
 */
export function onConnection (socket: RostrumSocket, deps: SocketAdapterDeps): void {
  // Through the handshake with a valid token: no longer one of the connections without one.
  deps.gate.leave(socket.conn)
  const opening = Connection.open(new SocketTransport(deps.kind, socket), socket.data, deps.core)
  let connection: Connection | null = null
  void opening.then((opened) => {
    connection = opened
    // It left while its meeting was being looked up.
    if (opened !== null && socket.disconnected) opened.closed()
  }, (error: unknown) => {
    deps.logger.error({ err: error, meetingId: socket.data.link.meetingId }, 'connection could not open')
    socket.disconnect(true)
  })

  // Listeners are attached at once: what a client sends while its meeting is looked up waits for it, in order.
  const receive = (message: IncomingMessage, answer?: Answer): void => {
    void opening.then((opened) => opened?.receive(message, answer), () => {})
  }
  socket.on('command', (envelope: unknown, ack: unknown) => receive({ type: 'command', envelope }, answerOf(ack)))
  socket.on('sync', (doc: unknown, message: unknown) => receive({ type: 'sync', doc, message: decodeWire(message, MAX_SYNC_BYTES) }))
  socket.on('awareness', (message: unknown) => receive({ type: 'awareness', message: decodeWire(message, MAX_AWARENESS_BYTES) }))
  socket.on('clock:ping', (ack: unknown) => receive({ type: 'clock:ping' }, answerOf(ack)))

  socket.on('disconnect', () => {
    connection?.closed()
    // Left the namespace but kept its connection: it holds no valid token any more.
    const conn = socket.conn as unknown as { readyState: string; close (discard: boolean): void }
    if (conn.readyState === 'open') deps.gate.admit(conn, () => conn.close(true))
  })
}

function answerOf (ack: unknown): Answer | undefined {
  return typeof ack === 'function' ? ack as Answer : undefined
}
