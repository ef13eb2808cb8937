import type { RequestText } from '../../shared/domain/request-text.ts'
import type { DelegationCode, MeetingId } from '../../shared/domain/types.ts'
import { roomName, type RostrumServer } from './types.ts'

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
