import type { Server, Socket } from 'socket.io'
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/events.ts'
import type { Admission } from '../core/admit.ts'

/** What the handshake bound to a socket: the client can never change it afterwards. */
export type SocketData = Admission

export type RostrumServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
export type RostrumSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
