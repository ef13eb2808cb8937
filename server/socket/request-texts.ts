import type { RequestText } from '../../shared/domain/request-text.ts'
import type { DelegationCode, MeetingId } from '../../shared/domain/types.ts'
import { roomName, type RostrumServer, type SocketData } from './types.ts'

/**
 * The room of the sockets that hear request texts as they are written: the chair's, or one delegation's.
 * A delegation link without a delegation (a misissued token) hears none, rather than the chair's.
 */
export function requestTextsRoom (data: Pick<SocketData, 'meetingId' | 'role' | 'delegation'>): string | null {
  if (data.role === 'chair') return roomName.requestTexts(data.meetingId, null)
  if (data.role === 'delegation' && data.delegation !== null) return roomName.requestTexts(data.meetingId, data.delegation)
  return null
}

/** Sends request texts to the meeting's chair sockets, and each to the sockets of its own delegation. */
export function requestTextSender (io: RostrumServer) {
  return (meetingId: MeetingId, texts: readonly RequestText[]): void => {
    io.to(roomName.requestTexts(meetingId, null)).emit('request:texts', texts)
    const delegations = new Set<DelegationCode>(texts.map((text) => text.delegation))
    for (const delegation of delegations) {
      io.to(roomName.requestTexts(meetingId, delegation)).emit('request:texts', texts.filter((text) => text.delegation === delegation))
    }
  }
}
