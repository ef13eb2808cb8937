import type { Server, Socket } from 'socket.io'
import type { DelegationCode, MeetingId, Role } from '../../shared/domain/types.ts'
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/events.ts'

/** What the handshake bound to a socket: the client can never change it afterwards. */
export interface SocketData {
  meetingId: MeetingId
  role: Role
  delegation: DelegationCode | null
  /** Names the token in the audit log and in logs; never the token itself. */
  actorId: string
  /** The full hash, to find the sockets of a link when it is revoked. */
  tokenHash: string
  canWriteNotes: boolean
}

export type RostrumServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
export type RostrumSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

export const roomName = {
  control: (id: MeetingId) => `${id}/control`,
  notes: (id: MeetingId) => `${id}/notes`,
  awareness: (id: MeetingId) => `${id}/awareness`,
  /** The chair's sockets (null), or one delegation's: who may read which request texts. */
  requestTexts: (id: MeetingId, delegation: DelegationCode | null) => `${id}/request-texts/${delegation ?? 'chair'}`
}
